package com.leadpipe.store;

import static com.leadpipe.store.StoreSamples.ADDRESS_KEY;
import static com.leadpipe.store.StoreSamples.LEAD_PK;
import static org.assertj.core.api.Assertions.assertThat;

import com.leadpipe.store.Records.Address;
import com.leadpipe.store.Records.Lead;
import com.leadpipe.store.Records.SubscriberState;
import com.leadpipe.store.Records.SurveyEntry;
import com.leadpipe.store.Records.TokenPurpose;
import com.leadpipe.testing.RecordingClient;
import com.leadpipe.testing.SdkRequests;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/** The composite operations: each is one transaction made of its repositories' parts. */
class LeadStoreTest {

    final Map<String, AttributeValue> leadItem = new HashMap<>();
    final RecordingClient<DynamoDbClient> dynamo = RecordingClient.of(DynamoDbClient.class, Map.of(
            "getItem", r -> GetItemResponse.builder().item(leadItem).build(),
            "batchGetItem", r -> BatchGetItemResponse.builder().responses(Map.of(StoreSamples.TABLE, List.of(
                    new PendingRepository(StoreSamples.table()).save(StoreSamples.pending()).item(),
                    Map.of("PK", StoreSamples.s("ADDR#" + ADDRESS_KEY), "SK", StoreSamples.s("ADDR"),
                            "version", AttributeValue.fromN("2"))))).build()));
    final LeadStore store = new LeadStore(dynamo.client(), StoreSamples.TABLE);

    /** The transactions written, each as "SK of every part, in order". */
    List<List<String>> transactions() {
        List<List<String>> written = new ArrayList<>();
        for (RecordingClient.Call call : dynamo.calls()) {
            if (call.operation().equals("transactWriteItems")) {
                List<String> parts = new ArrayList<>();
                for (TransactWriteItem item : SdkRequests.of(call.request(), TransactWriteItemsRequest::builder).transactItems()) {
                    Map<String, AttributeValue> key = item.put() != null ? item.put().item()
                            : item.update() != null ? item.update().key() : item.delete().key();
                    parts.add((item.delete() != null ? "delete " : "") + key.get("SK").s().replaceAll("#.*", "#"));
                }
                written.add(parts);
            }
        }
        return written;
    }

    @Test
    void loadReadsLeadPendingAndAddressInOneGo() {
        SubscriberState state = store.load("demo", ADDRESS_KEY);

        assertThat(state.lead()).isEmpty();
        assertThat(state.pending()).contains(StoreSamples.pending());
        assertThat(state.address()).isEqualTo(new Address(ADDRESS_KEY, List.of(), 2, false));
        assertThat(state.confirmed()).isFalse();
    }

    @Test
    void aSignupIsOneTransactionOfPendingItemTokensAndCapCounter() throws Exception {
        store.savePending(StoreSamples.pending(), StoreSamples.token("c", TokenPurpose.CONFIRM),
                Optional.of(StoreSamples.token("s", TokenPurpose.SURVEY)), Address.fresh(ADDRESS_KEY));
        store.savePending(StoreSamples.pending(), StoreSamples.token("c2", TokenPurpose.CONFIRM), Optional.empty(),
                Address.fresh(ADDRESS_KEY));

        assertThat(transactions()).containsExactly(List.of("PENDING", "TOKEN", "ADDR", "DAY#", "TOKEN"),
                List.of("PENDING", "TOKEN", "ADDR", "DAY#"));
    }

    @Test
    void confirmingIsOneTransactionOfLeadPendingTokenEventsAndSurveyTokenThenReadsTheLead() throws Exception {
        leadItem.putAll(ItemCodec.leadKey("demo", ADDRESS_KEY));
        leadItem.put("status", StoreSamples.s("CONFIRMED"));
        leadItem.put("email", StoreSamples.s("ada@example.com"));

        Lead lead = store.confirm(StoreSamples.answeredPending(), StoreSamples.token("c", TokenPurpose.CONFIRM),
                StoreSamples.confirmation(), StoreSamples.warm(), Optional.of(StoreSamples.token("s", TokenPurpose.SURVEY)),
                true);

        // subscribed, confirmed, the two answer sets given while pending, the qualification, then the funnel counter
        assertThat(transactions()).containsExactly(List.of("LEAD", "delete PENDING", "TOKEN", "EVENT#", "EVENT#",
                "TOKEN", "EVENT#", "EVENT#", "EVENT#", "DAY#"));
        assertThat(lead.email().value()).isEqualTo("ada@example.com");
    }

    @Test
    void surveyAnswersOfALeadAreOneTransactionWithTheirEventsAndAQualifiedOneOnlyWhenItChanged() throws Exception {
        Lead lead = StoreSamples.lead();
        SurveyEntry entry = new SurveyEntry(Instant.parse("2026-11-24T08:00:00Z"), Map.of("stage", List.of("idea")));

        store.saveSurveyOnLead(lead, entry, StoreSamples.warm(), StoreSamples.confirmation());
        store.saveSurveyOnLead(lead, entry, lead.qualification(), StoreSamples.confirmation());

        assertThat(transactions()).containsExactly(List.of("LEAD", "EVENT#", "EVENT#", "DAY#"), List.of("LEAD", "EVENT#", "DAY#"));
    }

    @Test
    void unsubscribingIsOneTransactionOfLeadAndEvent() throws Exception {
        store.unsubscribe("demo", ADDRESS_KEY, "lead-1", StoreSamples.confirmation(), "one-click");

        assertThat(transactions()).containsExactly(List.of("LEAD", "DAY#", "EVENT#"));
        assertThat(LEAD_PK).isEqualTo(LeadpipeTable.leadPk("demo", ADDRESS_KEY));
    }
}
