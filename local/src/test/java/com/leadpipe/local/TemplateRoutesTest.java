package com.leadpipe.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.leadpipe.local.SamTemplate.TemplateException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateRoutesTest {

    static TemplateRoutes routes(String yaml) {
        return TemplateRoutes.from(SamTemplate.parse(Path.of("test.yaml"), yaml));
    }

    @Test
    void readsEveryHttpApiEventOfEveryFunctionAndNothingElse() {
        TemplateRoutes routes = routes("""
                Globals:
                  Function:
                    Runtime: java21
                Resources:
                  Queue:
                    Type: AWS::SQS::Queue
                  Pages:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: x.Pages::handleRequest
                      Events:
                        Landing:
                          Type: HttpApi
                          Properties: {ApiId: !Ref Api, Method: get, Path: "/c/{campaign}"}
                  Worker:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: x.Worker
                      Events:
                        Work:
                          Type: SQS
                          Properties: {Queue: !GetAtt Queue.Arn}
                        Hook:
                          Type: HttpApi
                          Properties: {Method: POST, Path: /hook}
                """);

        assertThat(routes.routes()).containsExactly(
                new TemplateRoutes.Route("GET", "/c/{campaign}", "Pages"),
                new TemplateRoutes.Route("POST", "/hook", "Worker"));
    }

    @Test
    void picksTheRouteApiGatewayWould() {
        TemplateRoutes routes = new TemplateRoutes(List.of(
                new TemplateRoutes.Route("ANY", "/c/{campaign}", "Any"),
                new TemplateRoutes.Route("GET", "/c/{campaign}", "Landing"),
                new TemplateRoutes.Route("GET", "/c/special", "Special"),
                new TemplateRoutes.Route("GET", "/c/{campaign}/thanks", "Thanks"),
                new TemplateRoutes.Route("GET", "/files/{path+}", "Files")));

        assertThat(routes.match("GET", "/c/special").orElseThrow().route().functionId()).isEqualTo("Special");
        assertThat(routes.match("GET", "/c/demo").orElseThrow().route().functionId()).isEqualTo("Landing");
        assertThat(routes.match("POST", "/c/demo").orElseThrow().route().functionId()).isEqualTo("Any");
        assertThat(routes.match("GET", "/c/demo/thanks").orElseThrow().pathParameters()).isEqualTo(Map.of("campaign", "demo"));
        assertThat(routes.match("GET", "/files/a/b%20c").orElseThrow().pathParameters()).isEqualTo(Map.of("path", "a/b c"));
        assertThat(routes.match("GET", "/c/demo/thanks/more")).isEmpty();
        assertThat(routes.match("GET", "/c/")).isEmpty();
        assertThat(routes.match("DELETE", "/c/demo/thanks")).isEmpty();
        assertThat(routes.match("GET", "/")).isEmpty();
    }

    @Test
    void pathParametersAreDecodedButPlusStaysAPlus() {
        TemplateRoutes routes = new TemplateRoutes(List.of(new TemplateRoutes.Route("GET", "/c/{campaign}", "Landing")));

        assertThat(routes.match("GET", "/c/a%2Db+c").orElseThrow().pathParameters()).containsEntry("campaign", "a-b+c");
    }

    @Test
    void defaultRouteCatchesTheRest() {
        TemplateRoutes routes = routes("""
                Resources:
                  Fallback:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: x.Fallback
                      Events:
                        All:
                          Type: HttpApi
                  Hello:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: x.Hello
                      Events:
                        Hi: {Type: HttpApi, Properties: {Method: GET, Path: /hello}}
                """);

        assertThat(routes.match("GET", "/hello").orElseThrow().route().functionId()).isEqualTo("Hello");
        TemplateRoutes.Match other = routes.match("PUT", "/anything/else").orElseThrow();
        assertThat(other.route().functionId()).isEqualTo("Fallback");
        assertThat(other.route().routeKey()).isEqualTo("$default");
    }

    @Test
    void aRouteWithoutLiteralMethodAndPathIsRefusedWithItsPlace() {
        assertThatThrownBy(() -> routes("""
                Resources:
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: x.Fn
                      Events:
                        Bad: {Type: HttpApi, Properties: {Method: GET, Path: !Ref SomePath}}
                """)).isInstanceOf(TemplateException.class)
                .hasMessageStartingWith("Resources.Fn.Properties.Events.Bad:");
    }
}
