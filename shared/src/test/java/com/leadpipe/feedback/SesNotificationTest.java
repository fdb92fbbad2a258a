package com.leadpipe.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.leadpipe.feedback.SesNotification.Kind;
import org.junit.jupiter.api.Test;

/** Edge cases of SES events; the realistic ones are the events/ fixtures (functions/bounces FixturesTest). */
class SesNotificationTest {

    static final String MAIL = "\"mail\":{\"messageId\":\"m-1\",\"timestamp\":\"2026-11-23T10:00:00.000Z\","
            + "\"destination\":[\"Ada <ada@example.com>\"]}";

    @Test
    void identityNotificationsNameTheTypeNotificationType() {
        SesNotification event = SesNotification.parse("{\"notificationType\":\"Bounce\",\"bounce\":{\"bounceType\":"
                + "\"Permanent\",\"bouncedRecipients\":[{\"emailAddress\":\"ada@example.com\"}]}," + MAIL + "}");

        assertThat(event.kind()).isEqualTo(Kind.PERMANENT_BOUNCE);
        assertThat(event.detail()).isEqualTo("Permanent");
        // No feedbackId and no bounce timestamp: the mail's id and time stand in.
        assertThat(event.feedbackId()).isEqualTo("m-1#Bounce");
        assertThat(event.at()).hasValueSatisfying(t -> assertThat(t.toString()).isEqualTo("2026-11-23T10:00:00Z"));
    }

    @Test
    void undeterminedBouncesAreCountedLikeSoftOnes() {
        SesNotification event = SesNotification.parse("{\"eventType\":\"Bounce\",\"bounce\":{\"bounceType\":"
                + "\"Undetermined\",\"bounceSubType\":\"Undetermined\",\"bouncedRecipients\":[]}," + MAIL + "}");

        assertThat(event.kind()).isEqualTo(Kind.TRANSIENT_BOUNCE);
    }

    @Test
    void aComplaintWithoutRecipientsFallsBackToTheMailsDestination() {
        SesNotification event = SesNotification.parse("{\"eventType\":\"Complaint\",\"complaint\":{"
                + "\"complainedRecipients\":[],\"feedbackId\":\"f-1\"}," + MAIL + "}");

        assertThat(event.kind()).isEqualTo(Kind.COMPLAINT);
        assertThat(event.recipients()).containsExactly("Ada <ada@example.com>");
        assertThat(event.detail()).isEmpty();
    }

    @Test
    void otherEventTypesAreIgnoredNotRejected() {
        SesNotification event = SesNotification.parse("{\"eventType\":\"Open\",\"open\":{}," + MAIL + "}");

        assertThat(event.kind()).isEqualTo(Kind.OTHER);
        assertThat(event.recipients()).isEmpty();
    }

    @Test
    void malformedEventsAreRefused() {
        for (String json : new String[] {"", "null", "[]", "{}", "{\"eventType\":\"Bounce\"}",
                "{\"eventType\":\"Bounce\",\"bounce\":{}," + MAIL + "}",
                "{\"eventType\":\"Bounce\",\"eventType\":\"Delivery\"," + MAIL + "}",
                "{\"eventType\":\"Delivery\"," + MAIL + "} trailing"}) {
            assertThatThrownBy(() -> SesNotification.parse(json)).as(json).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
