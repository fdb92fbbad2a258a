package com.leadpipe.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Least privilege, measured from template.yaml. Every function (those added later too) must:
 * <ul>
 *   <li>run under a hand-written {@code Role}: a SAM function with {@code Policies} (or neither)
 *       gets AWSLambdaBasicExecutionRole, whose {@code logs:*} grant covers every log group;</li>
 *   <li>write logs only to log groups of the template ({@code logs:} actions on a LogGroup's Arn,
 *       never {@code "*"}, never {@code logs:*});</li>
 *   <li>reach DynamoDB only with a {@code dynamodb:LeadingKeys} condition (key prefixes
 *       {@code LEAD#}, {@code ADDR#}, {@code TOKEN#}, {@code LIMIT#}; index shards {@code DUE#},
 *       {@code MAIL#});</li>
 *   <li>send mail only with {@code ses:FromAddress} = {@code SenderAddress};</li>
 *   <li>and any {@code Resource: "*"} carries a comment on its line saying why.</li>
 * </ul>
 */
class LeastPrivilegeTest {

    private static final java.util.Set<String> STREAM_READS = java.util.Set.of("dynamodb:DescribeStream",
            "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams");
    private static final Pattern STAR_RESOURCE = Pattern.compile("^\\s*(-\\s*)?Resource:\\s*[\"']\\*[\"']");

    @Test
    void theTemplateGrantsNoMoreThanEachFunctionUses() {
        Path file = Repository.ROOT.resolve("template.yaml");

        assertThat(problems(file)).isEmpty();
    }

    @Test
    void onlyTheSubmitRoleMayReadTheCaptchaSecretAndOnlyWhenTheStackNamesOne() {
        // GIVEN the template's roles
        SamTemplate template = SamTemplate.load(Repository.ROOT.resolve("template.yaml"));
        Map<String, List<Object>> secretReads = new java.util.TreeMap<>();
        template.resourceTypes().forEach((id, type) -> {
            List<Map<?, ?>> statements = new ArrayList<>();
            collectStatements(template.resourceProperties(id), statements);
            statements.stream().filter(st -> strings(st.get("Action")).stream()
                            .anyMatch(a -> a.startsWith("ssm:") || a.startsWith("secretsmanager:")))
                    .forEach(st -> secretReads.computeIfAbsent(id, k -> new ArrayList<>()).add(st));
        });
        List<Map<?, ?>> guarded = new ArrayList<>();
        collectGuarded(template.resourceProperties("SubmitRole"), guarded);

        // THEN the submit role alone reads, one action on the named secret, each statement under its condition
        assertThat(secretReads.keySet()).containsExactly("SubmitRole");
        assertThat(secretReads.get("SubmitRole")).hasSize(2).allSatisfy(st -> {
            Map<?, ?> statement = (Map<?, ?>) st;
            assertThat(strings(statement.get("Action"))).hasSize(1)
                    .containsAnyOf("ssm:GetParameter", "secretsmanager:GetSecretValue");
            assertThat(String.valueOf(statement.get("Resource"))).contains("CaptchaSecretName").doesNotContain("*");
        });
        assertThat(guarded).extracting(m -> String.valueOf(((List<?>) m.get("Fn::If")).get(0)))
                .contains("CaptchaSecretInSsm", "CaptchaSecretInSecretsManager");
    }

    /** Every {@code Fn::If} whose true branch is an IAM statement. */
    private static void collectGuarded(Object node, List<Map<?, ?>> into) {
        if (node instanceof Map<?, ?> map) {
            if (map.get("Fn::If") instanceof List<?> branches && branches.size() == 3
                    && branches.get(1) instanceof Map<?, ?> then && then.containsKey("Action")) {
                into.add(map);
            }
            map.values().forEach(v -> collectGuarded(v, into));
        } else if (node instanceof Collection<?> list) {
            list.forEach(v -> collectGuarded(v, into));
        }
    }

    @Test
    void theRulesCatchEachKindOfBroadGrant(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        String doctored = """
                Resources:
                  LegacyFunction:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: x.Y::handleRequest
                      Policies:
                        - AWSLambdaBasicExecutionRole
                  WideRole:
                    Type: AWS::IAM::Role
                    Properties:
                      Policies:
                        - PolicyName: wide
                          PolicyDocument:
                            Statement:
                              - Effect: Allow
                                Action: logs:*
                                Resource: "*"
                              - Effect: Allow
                                Action: [dynamodb:GetItem]
                                Resource: !GetAtt LeadsTable.Arn
                              - Effect: Allow
                                Action: ses:SendEmail
                                Resource: !Sub "arn:aws:ses:x:y:identity/z"
                """;
        Path file = dir.resolve("template.yaml");
        Files.writeString(file, doctored);

        assertThat(String.join("\n", problems(file)))
                .contains("LegacyFunction: no Role")
                .contains("LegacyFunction: Policies")
                .contains("AWSLambdaBasicExecutionRole")
                .contains("WideRole: logs:*")
                .contains("WideRole: logs on Resource *")
                .contains("line 17: Resource \"*\" without a comment")
                .contains("WideRole: dynamodb without dynamodb:LeadingKeys")
                .contains("WideRole: ses:SendEmail without ses:FromAddress");
    }

    static List<String> problems(Path file) {
        List<String> problems = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (STAR_RESOURCE.matcher(line).find() && !line.contains("#")) {
                problems.add("line " + (i + 1) + ": Resource \"*\" without a comment saying why");
            }
            if (line.contains("AWSLambdaBasicExecutionRole") && !line.strip().startsWith("#")) {
                problems.add("line " + (i + 1) + ": AWSLambdaBasicExecutionRole (logs:* on every log group)");
            }
        }
        SamTemplate template = SamTemplate.load(file);
        template.resourceTypes().forEach((id, type) -> {
            Map<String, Object> properties = template.resourceProperties(id);
            if ("AWS::Serverless::Function".equals(type)) {
                if (!properties.containsKey("Role")) {
                    problems.add(id + ": no Role (SAM would attach AWSLambdaBasicExecutionRole)");
                }
                if (properties.containsKey("Policies")) {
                    problems.add(id + ": Policies (SAM adds AWSLambdaBasicExecutionRole to them); write a Role");
                }
            }
            List<Map<?, ?>> statements = new ArrayList<>();
            collectStatements(properties, statements);
            for (Map<?, ?> statement : statements) {
                check(id, statement, problems);
            }
        });
        return problems;
    }

    private static void check(String id, Map<?, ?> statement, List<String> problems) {
        List<String> actions = strings(statement.get("Action"));
        String condition = String.valueOf(statement.get("Condition"));
        boolean starResource = strings(statement.get("Resource")).contains("*");
        for (String action : actions) {
            if (action.equals("logs:*") || action.equals("*")) {
                problems.add(id + ": " + action);
            }
        }
        if (actions.stream().anyMatch(a -> a.startsWith("logs:")) && starResource) {
            problems.add(id + ": logs on Resource * (grant the function's own LogGroup Arn)");
        }
        // Stream reads (the event source mapping's) address records, not items by key: LeadingKeys
        // does not apply to them, and their Resource is the stream's ARN.
        if (actions.stream().anyMatch(a -> a.startsWith("dynamodb:") && !STREAM_READS.contains(a))
                && !condition.contains("dynamodb:LeadingKeys")) {
            problems.add(id + ": dynamodb without dynamodb:LeadingKeys (" + statement.get("Sid") + ")");
        }
        for (String action : actions) {
            if ((action.equals("ses:SendEmail") || action.equals("ses:SendRawEmail"))
                    && !condition.contains("ses:FromAddress")) {
                problems.add(id + ": " + action + " without ses:FromAddress (" + statement.get("Sid") + ")");
            }
        }
    }

    /** IAM statements anywhere under a resource's properties, both branches of an Fn::If included. */
    private static void collectStatements(Object node, List<Map<?, ?>> into) {
        if (node instanceof Map<?, ?> map) {
            if (map.containsKey("Effect") && map.containsKey("Action")) {
                into.add(map);
                return;
            }
            map.values().forEach(v -> collectStatements(v, into));
        } else if (node instanceof Collection<?> list) {
            list.forEach(v -> collectStatements(v, into));
        }
    }

    private static List<String> strings(Object value) {
        if (value instanceof Collection<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return value == null ? List.of() : List.of(String.valueOf(value));
    }
}
