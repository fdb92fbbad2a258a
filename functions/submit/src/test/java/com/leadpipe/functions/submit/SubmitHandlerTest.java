package com.leadpipe.functions.submit;

import com.leadpipe.testing.ApiEvents;
import static com.leadpipe.testing.ApiEvents.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.leadpipe.campaign.CampaignCatalog;
import com.leadpipe.log.Log;
import com.leadpipe.testing.MimeMail;
import com.leadpipe.testing.MutableClock;
import com.leadpipe.testing.RecordingClient;
import com.leadpipe.testing.TableWrites;
import com.leadpipe.testing.UnitConfig;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;
import software.amazon.awssdk.services.sesv2.model.SendEmailResponse;

/** Handler logic on the events/ fixtures, with recording SDK clients (the flow itself: SubmitHandlerIT). */
class SubmitHandlerTest {

    final RecordingClient<DynamoDbClient> dynamo = RecordingClient.of(DynamoDbClient.class);
    final RecordingClient<SesV2Client> ses = RecordingClient.of(SesV2Client.class,
            Map.of("sendEmail", r -> SendEmailResponse.builder().messageId("m-1").build()));
    final List<String> logs = new ArrayList<>();
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:16:23Z"));
    final SubmitHandler handler = new SubmitHandler(UnitConfig.config(), dynamo.client(), ses.client(), CampaignCatalog.fromClasspath(), clock,
            new Log("submit", logs::add, Log.Level.INFO, clock));

    @Test
    void formFixtureIsStoredMailedAndRedirectedToThanks() {
        APIGatewayV2HTTPResponse response = ApiEvents.invoke(handler, fixture("subscribe-form.json"));

        assertThat(response.getStatusCode()).isEqualTo(303);
        assertThat(response.getHeaders().get("location")).matches("/c/demo/thanks\\?s=demo\\.[A-Za-z0-9_-]{43}");
        // Stored pending, the mail sent, and its sending recorded on the signup.
        assertThat(TableWrites.to(dynamo, "PENDING")).anySatisfy(w -> {
            assertThat(w.kind()).isEqualTo("put");
            assertThat(w.item().get("email").s()).isEqualTo("ada@example.com");
        }).anySatisfy(w -> assertThat(w.item()).containsEntry(":state", AttributeValue.fromS("SENT")));
        assertThat(ses.calls()).singleElement().satisfies(call -> {
            SendEmailRequest request = (SendEmailRequest) call.request();
            assertThat(request.destination().toAddresses()).containsExactly("ada@example.com");
            MimeMail mail = MimeMail.parse(request.content().raw().data().asByteArray());
            assertThat(mail.text()).contains("Hi Ada,")
                    .contains("https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/confirm?t=demo.");
        });
    }

    @Test
    void jsonFixtureGets202Pending() {
        APIGatewayV2HTTPResponse response = ApiEvents.invoke(handler, fixture("subscribe-json.json"));

        assertThat(response.getStatusCode()).isEqualTo(202);
        assertThat(ApiEvents.body(response)).matches("\\{\"status\":\"pending\",\"survey\":"
                + "\"https://a1b2c3d4e5\\.execute-api\\.eu-west-1\\.amazonaws\\.com/c/demo/survey\\?t=demo\\.[A-Za-z0-9_-]{43}\"}");
        assertThat(response.getHeaders()).containsEntry("content-type", "application/json")
                .containsEntry("x-content-type-options", "nosniff").containsEntry("cache-control", "no-store");
    }

    @Test
    void corsIsAnsweredPerCampaignForItsListedSitesOnly() {
        APIGatewayV2HTTPEvent preflight = fixture("subscribe-json.json");
        preflight.getRequestContext().getHttp().setMethod("OPTIONS");
        preflight.setBody(null);
        preflight.getHeaders().put("origin", "https://www.example.com"); // demo.yaml embed.allowedOrigins
        APIGatewayV2HTTPEvent stranger = fixture("subscribe-json.json");
        stranger.getRequestContext().getHttp().setMethod("OPTIONS");
        stranger.setBody(null);
        stranger.getHeaders().put("origin", "https://evil.example");
        APIGatewayV2HTTPEvent post = fixture("subscribe-json.json");
        post.getHeaders().put("origin", "https://www.example.com");

        APIGatewayV2HTTPResponse allowed = ApiEvents.invoke(handler, preflight);
        APIGatewayV2HTTPResponse refused = ApiEvents.invoke(handler, stranger);
        APIGatewayV2HTTPResponse posted = ApiEvents.invoke(handler, post);

        assertThat(allowed.getStatusCode()).isEqualTo(204);
        assertThat(allowed.getHeaders()).containsEntry("access-control-allow-origin", "https://www.example.com")
                .containsEntry("access-control-allow-methods", "POST, OPTIONS")
                .containsEntry("access-control-allow-headers", "content-type, accept")
                .containsEntry("vary", "Origin");
        assertThat(refused.getStatusCode()).isEqualTo(204);
        assertThat(refused.getHeaders()).doesNotContainKeys("access-control-allow-origin", "access-control-allow-methods");
        assertThat(posted.getStatusCode()).isEqualTo(202);
        assertThat(posted.getHeaders()).containsEntry("access-control-allow-origin", "https://www.example.com");
        assertThat(TableWrites.to(dynamo, "PENDING")).as("the cross-origin post is stored").isNotEmpty();
    }

    @Test
    void rejectedRequestsNeverTouchTheTableOrSes() {
        APIGatewayV2HTTPEvent wrongType = fixture("subscribe-form.json");
        wrongType.getHeaders().put("content-type", "text/plain");
        APIGatewayV2HTTPEvent unknownCampaign = fixture("subscribe-form.json");
        unknownCampaign.getPathParameters().put("campaign", "nope");
        APIGatewayV2HTTPEvent badBase64 = fixture("subscribe-form.json");
        badBase64.setBody("%%%not base64");
        APIGatewayV2HTTPEvent noConsent = fixture("subscribe-form.json");
        noConsent.setBody(Base64.getEncoder().encodeToString("email=ada%40example.com".getBytes(StandardCharsets.UTF_8)));
        APIGatewayV2HTTPEvent honeypot = fixture("subscribe-form.json");
        honeypot.setBody(Base64.getEncoder().encodeToString(
                "email=ada%40example.com&consent=yes&website=x".getBytes(StandardCharsets.UTF_8)));

        assertThat(ApiEvents.invoke(handler, wrongType).getStatusCode()).isEqualTo(415);
        assertThat(ApiEvents.invoke(handler, unknownCampaign).getStatusCode()).isEqualTo(404);
        assertThat(ApiEvents.invoke(handler, badBase64).getStatusCode()).isEqualTo(400);
        assertThat(ApiEvents.invoke(handler, noConsent).getStatusCode()).isEqualTo(422);
        assertThat(ApiEvents.invoke(handler, honeypot).getHeaders().get("location")).startsWith("/c/demo/thanks?s=demo.");
        assertThat(dynamo.calls()).isEmpty();
        assertThat(ses.calls()).isEmpty();
    }

    @Test
    void aStoreOutageIsA503WithRetryAfterAndNoMail() {
        RecordingClient<DynamoDbClient> failing = RecordingClient.of(DynamoDbClient.class, Map.of("batchGetItem", r -> {
            throw software.amazon.awssdk.services.dynamodb.model.DynamoDbException.builder()
                    .message("service unavailable").statusCode(503).build();
        }));
        SubmitHandler down = new SubmitHandler(UnitConfig.config(), failing.client(), ses.client(),
                CampaignCatalog.fromClasspath(), clock, new Log("submit", logs::add, Log.Level.INFO, clock));

        APIGatewayV2HTTPResponse response = ApiEvents.invoke(down, fixture("subscribe-json.json"));

        assertThat(response.getStatusCode()).isEqualTo(503);
        assertThat(response.getHeaders()).containsEntry("retry-after", "30");
        assertThat(ApiEvents.body(response)).contains("Nothing was stored");
        assertThat(ses.calls()).isEmpty();
        assertThat(logs).anySatisfy(l -> assertThat(l).contains("signup.store_unavailable"));
    }
}
