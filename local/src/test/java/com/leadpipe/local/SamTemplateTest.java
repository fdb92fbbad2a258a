package com.leadpipe.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.leadpipe.local.SamTemplate.TemplateException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SamTemplateTest {

    static final SamTemplate TEMPLATE = SamTemplate.parse(Path.of("t.yaml"), """
            Parameters:
              Sender: {Type: String}
              Cap: {Type: Number, Default: 3}
            Globals:
              Function:
                Timeout: 15
                Environment:
                  Variables:
                    TABLE: !Ref Table
                    CAP: !Ref Cap
                    BASE: !Sub "https://${AWS::StackName}.example/${Queue.QueueName}?x=${!Literal}"
            Resources:
              Table: {Type: AWS::DynamoDB::Table}
              Queue: {Type: AWS::SQS::Queue}
              Fn:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: com.x.Handler::handle
                  Timeout: 30
                  Environment:
                    Variables:
                      QUEUE: !GetAtt [Queue, Arn]
                      CAP: "5"
                      COND: !If [IsProd, a, b]
            """);

    static final Intrinsics LOCAL = new Intrinsics(
            Map.of("Table", "local-table", "Cap", "3", "AWS::StackName", "stack"),
            Map.of("Queue.Arn", "arn:aws:sqs:us-east-1:1:q", "Queue.QueueName", "q"));

    @Test
    void functionPropertiesAreMergedWithGlobalsAsSamDoes() {
        SamTemplate.Function fn = TEMPLATE.function("Fn");

        assertThat(fn.handlerClass()).isEqualTo("com.x.Handler");
        assertThat(fn.handlerMethod()).isEqualTo("handle");
        assertThat(fn.timeoutSeconds()).isEqualTo(30);
        assertThat(fn.environment()).containsOnlyKeys("TABLE", "CAP", "BASE", "QUEUE", "COND");
        assertThat(fn.environment().get("CAP")).isEqualTo("5");
    }

    @Test
    void shortTagsBecomeTheLongFormAndResolveLocally() {
        Map<String, Object> env = TEMPLATE.function("Fn").environment();

        assertThat(env.get("TABLE")).isEqualTo(Map.of("Ref", "Table"));
        assertThat(env.get("QUEUE")).isEqualTo(Map.of("Fn::GetAtt", List.of("Queue", "Arn")));
        assertThat(LOCAL.resolve(env.get("TABLE"), "TABLE")).isEqualTo("local-table");
        assertThat(LOCAL.resolve(env.get("QUEUE"), "QUEUE")).isEqualTo("arn:aws:sqs:us-east-1:1:q");
        assertThat(LOCAL.resolve(env.get("BASE"), "BASE")).isEqualTo("https://stack.example/q?x=${Literal}");
        assertThat(LOCAL.resolve(Map.of("Fn::GetAtt", "Queue.Arn"), "x")).isEqualTo("arn:aws:sqs:us-east-1:1:q");
        assertThat(Intrinsics.target(env.get("QUEUE"), "QUEUE")).isEqualTo("Queue");
    }

    @Test
    void conditionsPickTheBranchAsCloudFormationWould() {
        Intrinsics local = new Intrinsics(Map.of("Stage", "prod", "Url", ""), Map.of(), Map.of(
                "IsProd", Map.of("Fn::Equals", List.of(Map.of("Ref", "Stage"), "prod")),
                "HasUrl", Map.of("Fn::Not", List.of(Map.of("Fn::Equals", List.of(Map.of("Ref", "Url"), "")))),
                "ProdWithUrl", Map.of("Fn::And", List.of(Map.of("Condition", "IsProd"), Map.of("Condition", "HasUrl"))),
                "ProdOrUrl", Map.of("Fn::Or", List.of(Map.of("Condition", "IsProd"), Map.of("Condition", "HasUrl")))));

        assertThat(local.resolve(Map.of("Fn::If", List.of("IsProd", "p", "d")), "x")).isEqualTo("p");
        assertThat(local.resolve(Map.of("Fn::If", List.of("ProdWithUrl", "both", "not both")), "x")).isEqualTo("not both");
        assertThat(local.resolve(Map.of("Fn::If", List.of("ProdOrUrl", "either", "neither")), "x")).isEqualTo("either");
        // The branch not taken is never resolved (it may name what has no local value).
        assertThat(local.resolve(Map.of("Fn::If", List.of("IsProd", "p", Map.of("Ref", "Nothing"))), "x")).isEqualTo("p");
        assertThat(local.resolveOptional(Map.of("Fn::If", List.of("IsProd", Map.of("Ref", "AWS::NoValue"), "d")), "x"))
                .isEmpty();
        assertThatThrownBy(() -> local.resolve(Map.of("Fn::If", List.of("Unknown", "a", "b")), "Fn.X"))
                .isInstanceOf(TemplateException.class).hasMessage("Fn.X: no condition Unknown in Conditions");
    }

    @Test
    void whatCannotBeResolvedIsReportedWithItsPlace() {
        Map<String, Object> env = TEMPLATE.function("Fn").environment();

        assertThatThrownBy(() -> LOCAL.resolve(Map.of("Fn::Join", List.of(",", List.of("a"))), "Fn.JOIN"))
                .isInstanceOf(TemplateException.class)
                .hasMessage("Fn.JOIN: Fn::Join is not supported by the local runner (only Ref, GetAtt, Sub and If)");
        assertThatThrownBy(() -> LOCAL.resolve(env.get("COND"), "Fn.COND"))
                .isInstanceOf(TemplateException.class).hasMessage("Fn.COND: no condition IsProd in Conditions");
        assertThatThrownBy(() -> LOCAL.resolve(Map.of("Ref", "Sender"), "Fn.SENDER"))
                .isInstanceOf(TemplateException.class).hasMessage("Fn.SENDER: !Ref Sender has no local value");
    }

    @Test
    void theRealTemplateLoadsWithItsShortTags() {
        SamTemplate real = SamTemplate.load(Repository.ROOT.resolve("template.yaml"));

        assertThat(real.functions()).extracting(SamTemplate.Function::logicalId)
                .contains("SubmitFunction", "ConfirmFunction", "PagesFunction", "ConfirmationRetryFunction");
        assertThat(real.function("SubmitFunction").environment()).containsKeys("TABLE_NAME", "SENDER_ADDRESS",
                "PUBLIC_BASE_URL");
        assertThat(real.resourcesOfType("AWS::SQS::Queue")).contains("NurtureQueue", "NurtureDeadLetterQueue")
                .doesNotContain("RetryQueue", "RetryDeadLetterQueue");
    }

    @Test
    void notYamlIsAClearError() {
        assertThatThrownBy(() -> SamTemplate.parse(Path.of("bad.yaml"), "a: [b"))
                .isInstanceOf(TemplateException.class).hasMessageStartingWith("bad.yaml is not valid YAML");
    }
}
