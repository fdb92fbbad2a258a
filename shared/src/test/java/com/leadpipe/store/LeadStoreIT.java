package com.leadpipe.store;

import static com.leadpipe.store.StoreSamples.ADDRESS_KEY;
import static com.leadpipe.store.StoreSamples.CONFIRMED;
import static com.leadpipe.store.StoreSamples.SIGNED_UP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.leadpipe.store.Records.Address;
import com.leadpipe.store.Records.Lead;
import com.leadpipe.store.Records.LeadStatus;
import com.leadpipe.store.Records.LedgerEvent;
import com.leadpipe.store.Records.MailState;
import com.leadpipe.store.Records.Pending;
import com.leadpipe.store.Records.SurveyEntry;
import com.leadpipe.store.Records.Token;
import com.leadpipe.store.Records.TokenPurpose;
import com.leadpipe.testing.AwsEmulators;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every item kind written by the store reads back as it was, against a real table. */
class LeadStoreIT {

    static final AwsEmulators AWS = AwsEmulators.get();

    LeadStore store;
    Pending pending = StoreSamples.pending();
    Token confirmToken = StoreSamples.token("confirm-hash", TokenPurpose.CONFIRM);

    @BeforeEach
    void setUp() throws ConflictException {
        store = new LeadStore(AWS.dynamoDb(), AWS.createTable());
        store.savePending(pending, confirmToken, Optional.of(StoreSamples.token("survey-hash", TokenPurpose.SURVEY)),
                new Address(ADDRESS_KEY, List.of(SIGNED_UP), 0, false));
    }

    @Test
    void aSignupReadsBackAndAStaleCapWindowLosesTheRace() {
        assertThat(store.load("demo", ADDRESS_KEY).pending()).contains(pending);
        assertThat(store.findAddress(ADDRESS_KEY)).isEqualTo(new Address(ADDRESS_KEY,
                List.of(SIGNED_UP.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)), 1, false));
        assertThat(store.findToken("confirm-hash")).contains(confirmToken);
        assertThat(store.findToken("survey-hash")).hasValueSatisfying(t -> assertThat(t.purpose()).isEqualTo(TokenPurpose.SURVEY));

        // A parallel signup read the address at version 0 too: it must not count its mail uncapped.
        assertThatThrownBy(() -> store.savePending(pending, StoreSamples.token("other", TokenPurpose.CONFIRM),
                Optional.empty(), Address.fresh(ADDRESS_KEY))).isInstanceOf(ConflictException.class);
        assertThat(store.findToken("other")).isEmpty();
    }

    @Test
    void mailStateAndEarlySurveyAnswersStayWithTheirSignupOnly() throws ConflictException {
        store.markMailState("demo", ADDRESS_KEY, "sub-1", MailState.SENT);
        store.markMailState("demo", ADDRESS_KEY, "an-older-signup", MailState.FAILED);
        store.saveSurveyOnPending("demo", ADDRESS_KEY, "sub-1",
                new SurveyEntry(SIGNED_UP.plusSeconds(30), Map.of("stage", List.of("idea"))));

        Pending read = store.findPending("demo", ADDRESS_KEY).orElseThrow();
        assertThat(read.mailState()).isEqualTo(MailState.SENT);
        assertThat(read.survey()).containsEntry("stage", List.of("idea"));
        assertThat(read.surveyHistory()).extracting(SurveyEntry::at).containsExactly(SIGNED_UP.plusSeconds(30));
        assertThatThrownBy(() -> store.saveSurveyOnPending("demo", ADDRESS_KEY, "an-older-signup",
                new SurveyEntry(SIGNED_UP, Map.of()))).isInstanceOf(ConflictException.class);
    }

    @Test
    void confirmingMakesTheLeadWithItsLedgerOnceAndTheSurveyAndUnsubscribeFollow() throws ConflictException {
        store.saveSurveyOnPending("demo", ADDRESS_KEY, "sub-1",
                new SurveyEntry(SIGNED_UP.plusSeconds(30), Map.of("stage", List.of("launched"))));
        Pending answered = store.findPending("demo", ADDRESS_KEY).orElseThrow();

        Lead lead = store.confirm(answered, confirmToken, StoreSamples.confirmation(), StoreSamples.warm(),
                Optional.empty(), true);

        assertThat(lead.status()).isEqualTo(LeadStatus.CONFIRMED);
        assertThat(lead.createdAt()).isEqualTo(CONFIRMED);
        assertThat(lead.signup()).isEqualTo(StoreSamples.signupEvidence());
        assertThat(lead.confirmation()).isEqualTo(StoreSamples.confirmation());
        assertThat(lead.qualification()).isEqualTo(StoreSamples.warm());
        assertThat(lead.nurture().dueAt()).contains(CONFIRMED);
        assertThat(store.findPending("demo", ADDRESS_KEY)).isEmpty();
        assertThat(store.findToken("confirm-hash").orElseThrow().usedAt()).contains(CONFIRMED);
        assertThat(store.ledger("demo", ADDRESS_KEY)).extracting(LedgerEvent::type)
                .containsExactly("subscribed", "survey_answered", "confirmed", "qualified");
        assertThatThrownBy(() -> store.confirm(answered, confirmToken, StoreSamples.confirmation(), StoreSamples.warm(),
                Optional.empty(), true)).isInstanceOf(ConflictException.class);

        store.saveSurveyOnLead(lead, new SurveyEntry(CONFIRMED.plusSeconds(60), Map.of("stage", List.of("idea"))),
                lead.qualification(), StoreSamples.confirmation());
        Records.Evidence later = new Records.Evidence(CONFIRMED.plusSeconds(120), "198.51.100.4", "Mozilla/5.0");
        store.unsubscribe("demo", ADDRESS_KEY, lead.leadId(), later, "page");

        assertThat(store.findLead("demo", ADDRESS_KEY).orElseThrow().status()).isEqualTo(LeadStatus.UNSUBSCRIBED);
        assertThatThrownBy(() -> store.unsubscribe("demo", ADDRESS_KEY, lead.leadId(), later, "page"))
                .as("only a confirmed lead unsubscribes").isInstanceOf(ConflictException.class);
        assertThat(store.ledger("demo", ADDRESS_KEY)).extracting(LedgerEvent::type).containsExactly("subscribed",
                "survey_answered", "confirmed", "qualified", "survey_answered", "unsubscribed");
    }

    @Test
    void aTokenOnItsOwnIsStoredOnce() {
        Token decoy = new Token("decoy-hash", TokenPurpose.SURVEY, "demo", "", "", SIGNED_UP,
                SIGNED_UP.plus(Duration.ofDays(7)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS), Optional.empty());

        store.putToken(decoy);

        assertThat(store.findToken("decoy-hash")).contains(decoy);
        assertThatThrownBy(() -> store.putToken(decoy)).isInstanceOf(StoreException.class);
    }
}
