package com.leadpipe.functions.bounces;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.leadpipe.functions.submit.SubmitHandler;
import com.leadpipe.store.LeadStore;
import com.leadpipe.store.Records.Pending;
import com.leadpipe.testing.ApiEvents;
import com.leadpipe.testing.EmulatedBackend;
import com.leadpipe.testing.MutableClock;
import com.leadpipe.testing.PrimingCheck;
import com.leadpipe.testing.Signups;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * SES events through the real handler, signature and certificate check (a throwaway PKI standing
 * in for SNS's and Amazon Trust Services') into the emulated table, and what a signup through the real SubmitHandler does afterwards.
 */
class BounceFlowIT {

    @RegisterExtension
    final EmulatedBackend backend = new EmulatedBackend("bounces@leadpipe.test", "ada", "example.com");
    final MutableClock clock = backend.clock;
    final LeadStore store = backend.store;
    final String email = backend.email;
    final TestSns sns = new TestSns(clock.instant());
    final BounceHandler bounces = new BounceHandler(TestSns.TOPIC, backend.table, EmulatedBackend.AWS.dynamoDb(),
            sns.checked(clock), clock, backend.log);
    final SubmitHandler submit = backend.handler(SubmitHandler.class);

    String addressKey() {
        return backend.addressKey();
    }

    APIGatewayV2HTTPResponse signup() {
        return ApiEvents.invoke(submit, ApiEvents.subscribe("demo", ApiEvents.FORM, Signups.form(email, "&firstName=Ada")));
    }

    /** The fixture's SES event, about this test's address, in a freshly signed SNS notification. */
    SnsMessage notification(String fixture, String fixtureAddress, String feedbackId) {
        String event = TestSns.fixtureMessage(fixture).message().replace(fixtureAddress, email);
        if (feedbackId != null) {
            event = event.replaceAll("\"feedbackId\":\"[^\"]+\"", "\"feedbackId\":\"" + feedbackId + "\"");
        }
        return sns.notification(UUID.randomUUID().toString(), event, clock.instant());
    }

    void deliver(SnsMessage message) {
        bounces.handleRequest(TestSns.lambdaEvent(message), new ByteArrayOutputStream(), null);
    }

    Map<String, AttributeValue> addressItem() {
        return backend.addressItem();
    }

    static void answersLikeAnyOtherSignup(APIGatewayV2HTTPResponse response) {
        assertThat(response.getStatusCode()).isEqualTo(303);
        assertThat(response.getHeaders().get("location")).matches("/c/demo/thanks\\?s=demo\\.[A-Za-z0-9_-]{43}");
    }

    @Test
    void permanentBounceSuppressesAndALaterSignupAnswersAsUsualButStoresAndSendsNothing() {
        answersLikeAnyOtherSignup(signup());
        assertThat(backend.mails()).hasSize(1);
        Pending first = store.findPending("demo", addressKey()).orElseThrow();
        String versionBefore = addressItem().get("version").n();

        deliver(notification("ses-bounce-permanent.json", "ada@example.com", null));

        Map<String, AttributeValue> item = addressItem();
        assertThat(item.get("suppressed").bool()).isTrue();
        assertThat(item.get("suppressedReason").s()).isEqualTo("BOUNCE");
        assertThat(item.get("version").n()).isEqualTo(versionBefore);
        assertThat(item.get("confirmationSends").l()).hasSize(1);

        clock.advance(Duration.ofMinutes(10));
        answersLikeAnyOtherSignup(signup());
        assertThat(backend.mails()).hasSize(1);
        assertThat(store.findPending("demo", addressKey())).hasValueSatisfying(p ->
                assertThat(p.submissionId()).isEqualTo(first.submissionId()));
        assertThat(addressItem().get("version").n()).isEqualTo(versionBefore);
        assertThat(backend.logs.text()).contains("feedback.suppressed").contains("signup.suppressed")
                .doesNotContain(email);
    }

    @Test
    void anAddressKnownOnlyByItsBounceGetsTheUsualAnswerAndNoPendingSignup() {
        deliver(notification("ses-bounce-permanent.json", "ada@example.com", null));
        assertThat(addressItem()).doesNotContainKey("version");

        answersLikeAnyOtherSignup(signup());

        assertThat(store.load("demo", addressKey()).pending()).isEmpty();
        assertThat(backend.mails()).isEmpty();
    }

    @Test
    void complaintSuppressesLikewiseWithReasonComplaint() {
        deliver(notification("ses-complaint.json", "grace@example.org", null));

        assertThat(addressItem().get("suppressed").bool()).isTrue();
        assertThat(addressItem().get("suppressedReason").s()).isEqualTo("COMPLAINT");
        answersLikeAnyOtherSignup(signup());
        assertThat(store.load("demo", addressKey()).pending()).isEmpty();
        assertThat(backend.mails()).isEmpty();
    }

    @Test
    void softBouncesAreCountedAndTheAddressStillSignsUp() {
        deliver(notification("ses-bounce-transient.json", "lin@example.net", "soft-1-" + UUID.randomUUID()));
        clock.advance(Duration.ofHours(2));
        deliver(notification("ses-bounce-transient.json", "lin@example.net", "soft-2-" + UUID.randomUUID()));

        Map<String, AttributeValue> item = addressItem();
        assertThat(item.get("transientBounces").n()).isEqualTo("2");
        assertThat(item).doesNotContainKeys("suppressed", "version");

        // An address item without a version (made by the counter) must not trip the signup's check.
        answersLikeAnyOtherSignup(signup());
        assertThat(store.findPending("demo", addressKey())).isPresent();
        assertThat(backend.mails()).hasSize(1);
        assertThat(addressItem().get("transientBounces").n()).isEqualTo("2");
        assertThat(addressItem().get("version").n()).isEqualTo("1");
    }

    @Test
    void aDuplicateDeliveryOfTheSameBounceIsHarmless() {
        SnsMessage bounce = notification("ses-bounce-permanent.json", "ada@example.com", null);
        deliver(bounce);
        Map<String, AttributeValue> once = addressItem();

        clock.advance(Duration.ofMinutes(2)); // Lambda's retry comes a little later
        deliver(bounce);

        assertThat(addressItem()).isEqualTo(once);
        assertThat(backend.logs.text()).contains("feedback.duplicate");

        SnsMessage soft = notification("ses-bounce-transient.json", "lin@example.net", "soft-" + UUID.randomUUID());
        deliver(soft);
        deliver(soft);
        assertThat(addressItem().get("transientBounces").n()).isEqualTo("1");
    }

    @Test
    void aForgedNotificationChangesNothing() {
        SnsMessage genuine = notification("ses-bounce-permanent.json", "ada@example.com", null);
        SnsMessage forged = new SnsMessage(genuine.type(), genuine.messageId(), genuine.topicArn(), null,
                genuine.message().replace("\"Permanent\"", "\"Permanent\" "), genuine.timestamp(),
                genuine.signatureVersion(), genuine.signature(), genuine.signingCertUrl());
        SnsMessage wrongTopic = sns.sign(new SnsMessage(genuine.type(), genuine.messageId(),
                "arn:aws:sns:eu-west-1:123456789012:other", null, genuine.message(), genuine.timestamp(), "2", "",
                genuine.signingCertUrl()), "2");

        deliver(forged);
        deliver(wrongTopic);

        assertThat(addressItem()).isEmpty();
        assertThat(backend.logs.lines()).filteredOn(l -> l.contains("feedback.rejected")).hasSize(2)
                .anySatisfy(l -> assertThat(l).contains("\"reason\":\"signature\""))
                .anySatisfy(l -> assertThat(l).contains("\"reason\":\"topic\""));
        answersLikeAnyOtherSignup(signup());
        assertThat(backend.mails()).hasSize(1);
    }

    @Test
    void snapStartPrimingWritesNothing() {
        PrimingCheck.assertHarmless(backend, bounces.priming());
    }
}
