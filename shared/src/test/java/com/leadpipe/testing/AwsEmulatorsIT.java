package com.leadpipe.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.leadpipe.store.LeadpipeTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.MessageHeader;
import software.amazon.awssdk.services.sesv2.model.MessageRejectedException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** The emulators behave like AWS where Leadpipe relies on it, and the helpers read them back. */
class AwsEmulatorsIT {

    private static AwsEmulators aws;
    private static String table;

    @BeforeAll
    static void startEmulators() {
        aws = AwsEmulators.get();
        table = aws.createTable();
    }

    @Test
    void sameEmulatorsForTheWholeJvm() {
        // WHEN asked twice
        AwsEmulators again = AwsEmulators.get();

        // THEN the running set is reused, with an endpoint for every service
        assertThat(again).isSameAs(aws);
        assertThat(aws.mode()).isIn(AwsEmulators.MODE_LOCAL, AwsEmulators.MODE_LOCALSTACK);
        for (String service : AwsEmulators.SERVICES) {
            assertThat(aws.endpoint(service).getScheme()).isEqualTo("http");
        }
        assertThatThrownBy(() -> aws.endpoint("s3")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void createdTableHasTheLeadpipeKeys() {
        // WHEN
        var description = aws.dynamoDb().describeTable(r -> r.tableName(table)).table();

        // THEN
        assertThat(description.keySchema()).extracting(k -> k.attributeName())
                .containsExactly(LeadpipeTable.PK, LeadpipeTable.SK);
        assertThat(aws.createTable()).isNotEqualTo(table);
        // the change stream the template declares, which the stream consumers read
        assertThat(description.streamSpecification().streamEnabled()).isTrue();
        assertThat(description.latestStreamArn()).isNotBlank();
    }

    @Test
    void aTableForBenchmarksCanBeCreatedWithoutItsStream() {
        // WHEN
        String plain = aws.createTable(false);

        // THEN same keys, no stream
        var description = aws.dynamoDb().describeTable(r -> r.tableName(plain)).table();
        assertThat(description.keySchema()).extracting(k -> k.attributeName())
                .containsExactly(LeadpipeTable.PK, LeadpipeTable.SK);
        assertThat(description.latestStreamArn()).isNull();
    }

    @Test
    void putThenGetReturnsTheItem() {
        // GIVEN
        DynamoDbClient dynamoDb = aws.clients().dynamoDb();
        Map<String, AttributeValue> item = item(LeadpipeTable.addressPk(uniqueKey()), LeadpipeTable.SK_ADDRESS);
        item.put("count", AttributeValue.fromN("1"));

        // WHEN
        dynamoDb.putItem(r -> r.tableName(table).item(item));
        Map<String, AttributeValue> read = dynamoDb.getItem(r -> r.tableName(table)
                .key(key(item)).consistentRead(true)).item();

        // THEN
        assertThat(read).isEqualTo(item);
    }

    @Test
    void conditionalPutFailsWhenTheItemExists() {
        // GIVEN an item already stored
        Map<String, AttributeValue> item = item(LeadpipeTable.tokenPk(uniqueKey()), LeadpipeTable.SK_TOKEN);
        aws.dynamoDb().putItem(r -> r.tableName(table).item(item));

        // WHEN the same key is written only-if-absent
        // THEN DynamoDB refuses
        assertThatThrownBy(() -> aws.dynamoDb().putItem(r -> r.tableName(table).item(item)
                .conditionExpression("attribute_not_exists(PK)")))
                .isInstanceOf(ConditionalCheckFailedException.class);
    }

    @Test
    void transactionWritesAllOrNothing() {
        // GIVEN
        String lead = LeadpipeTable.leadPk("spring-guide", uniqueKey());
        Map<String, AttributeValue> pending = item(lead, LeadpipeTable.SK_PENDING);
        Map<String, AttributeValue> token = item(LeadpipeTable.tokenPk(uniqueKey()), LeadpipeTable.SK_TOKEN);

        // WHEN both are written in one transaction
        aws.dynamoDb().transactWriteItems(r -> r.transactItems(absentPut(pending), absentPut(token)));

        // THEN both exist
        assertThat(aws.dynamoDb().getItem(r -> r.tableName(table).key(key(pending))).hasItem()).isTrue();
        assertThat(aws.dynamoDb().getItem(r -> r.tableName(table).key(key(token))).hasItem()).isTrue();

        // AND WHEN a transaction repeats one of them next to a new item
        Map<String, AttributeValue> other = item(LeadpipeTable.tokenPk(uniqueKey()), LeadpipeTable.SK_TOKEN);
        assertThatThrownBy(() -> aws.dynamoDb().transactWriteItems(r -> r.transactItems(
                absentPut(other), absentPut(pending))))
                .isInstanceOf(TransactionCanceledException.class);

        // THEN the new item was not written either
        assertThat(aws.dynamoDb().getItem(r -> r.tableName(table).key(key(other)).consistentRead(true)).hasItem())
                .isFalse();
    }

    @Test
    void concurrentTransactionsOnOneItemLetExactlyOneWin() throws Exception {
        // GIVEN eight requests racing to create the same item, each with an item of its own
        String contested = LeadpipeTable.tokenPk(uniqueKey());
        List<Map<String, AttributeValue>> own = new ArrayList<>();
        List<Callable<Boolean>> racers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Map<String, AttributeValue> mine = item(LeadpipeTable.tokenPk(uniqueKey()), LeadpipeTable.SK_TOKEN);
            own.add(mine);
            racers.add(() -> {
                try {
                    aws.dynamoDb().transactWriteItems(r -> r.transactItems(
                            absentPut(item(contested, LeadpipeTable.SK_TOKEN)), absentPut(mine)));
                    return true;
                } catch (TransactionCanceledException lost) {
                    return false;
                }
            });
        }

        // WHEN they run at once
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Boolean> won = new ArrayList<>();
        try {
            for (Future<Boolean> result : pool.invokeAll(racers)) {
                won.add(result.get());
            }
        } finally {
            pool.shutdownNow();
        }

        // THEN one transaction wrote both its items, the others nothing, as DynamoDB guarantees
        assertThat(won).containsOnlyOnce(true);
        for (int i = 0; i < own.size(); i++) {
            Map<String, AttributeValue> mine = own.get(i);
            assertThat(aws.dynamoDb().getItem(r -> r.tableName(table).key(key(mine)).consistentRead(true)).hasItem())
                    .isEqualTo(won.get(i));
        }
    }

    @Test
    void motoKeepsNoCopyOfEveryItemVersion() {
        assumeTrue(aws.mode().equals(AwsEmulators.MODE_LOCAL), "a moto launcher setting; LocalStack keeps its own state");
        // GIVEN items written and overwritten
        Map<String, AttributeValue> item = item(LeadpipeTable.addressPk(uniqueKey()), LeadpipeTable.SK_ADDRESS);
        for (int i = 0; i < 3; i++) {
            item.put("count", AttributeValue.fromN(Integer.toString(i)));
            aws.dynamoDb().putItem(r -> r.tableName(table).item(item));
        }

        // WHEN moto's dump, the one sentEmails() reads, is fetched
        var dump = Net.getJson(aws.endpoint("dynamodb").resolve("/moto-api/data.json"));

        // THEN it holds no DynamoDB items (moto would keep every version of each)
        assertThat(dump.path("dynamodb").has("Item")).isFalse();
    }

    @Test
    void verifiedSenderEmailIsReadBack() {
        // GIVEN
        SesV2Client ses = aws.clients().sesV2();
        String sender = "news-" + uniqueKey() + "@leadpipe.test";
        String recipient = "reader-" + uniqueKey() + "@example.com";
        aws.verifySender(sender);

        // WHEN a Simple email with text and HTML parts is sent
        String messageId = ses.sendEmail(r -> r.fromEmailAddress(sender)
                .destination(d -> d.toAddresses(recipient))
                .content(c -> c.simple(m -> m
                        .subject(s -> s.data("Confirm your subscription"))
                        .body(b -> b
                                .text(t -> t.data("Confirm: https://example.com/c/abc"))
                                .html(h -> h.data("<p><a href=\"https://example.com/c/abc\">Confirm</a></p>")))
                        .headers(MessageHeader.builder().name("List-Unsubscribe").value("<https://example.com/u/abc>").build()))))
                .messageId();

        // THEN it is found by its recipient, once, with its subject and HTML
        List<SentEmail> sent = aws.sentEmailsTo(recipient.toUpperCase());
        assertThat(sent).hasSize(1);
        SentEmail email = sent.getFirst();
        assertThat(email.messageId()).isEqualTo(messageId);
        assertThat(email.from()).isEqualTo(sender);
        assertThat(email.to()).containsExactly(recipient);
        assertThat(email.subject()).isEqualTo("Confirm your subscription");
        assertThat(email.html()).contains("href=\"https://example.com/c/abc\"");
        if (aws.mode().equals(AwsEmulators.MODE_LOCALSTACK)) {
            assertThat(email.text()).isEqualTo("Confirm: https://example.com/c/abc");
            assertThat(email.sentAt()).isNotNull();
        } else {
            // moto keeps only the HTML part, drops Simple headers and records no time
            assertThat(email.text()).isNull();
            assertThat(email.headers()).isEmpty();
            assertThat(email.sentAt()).isNull();
        }
        assertThat(aws.sentEmails()).contains(email);
    }

    @Test
    void rawEmailIsReadBackWithHeadersAndBothParts() {
        // GIVEN
        String sender = "raw-" + uniqueKey() + "@leadpipe.test";
        String recipient = "raw-reader-" + uniqueKey() + "@example.com";
        aws.verifySender(sender);
        String mime = String.join("\r\n",
                "From: Leadpipe <" + sender + ">",
                "To: " + recipient,
                "Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=",
                "List-Unsubscribe: <https://example.com/u/xyz>",
                "MIME-Version: 1.0",
                "Content-Type: multipart/alternative; boundary=\"b1\"",
                "",
                "--b1",
                "Content-Type: text/plain; charset=UTF-8",
                "Content-Transfer-Encoding: quoted-printable",
                "",
                "Hallo =C3=BC",
                "--b1",
                "Content-Type: text/html; charset=UTF-8",
                "",
                "<p>Hallo</p>",
                "--b1--",
                "");

        // WHEN
        aws.sesV2().sendEmail(r -> r.fromEmailAddress(sender)
                .destination(d -> d.toAddresses(recipient))
                .content(c -> c.raw(raw -> raw.data(SdkBytes.fromUtf8String(mime)))));

        // THEN
        SentEmail email = aws.sentEmailsTo(recipient).getFirst();
        assertThat(email.to()).containsExactly(recipient);
        assertThat(email.subject()).isEqualTo("Grüße");
        assertThat(email.text()).isEqualTo("Hallo ü");
        assertThat(email.html()).isEqualTo("<p>Hallo</p>");
        assertThat(email.header("list-unsubscribe")).isEqualTo("<https://example.com/u/xyz>");
    }

    @Test
    void unverifiedSenderIsRejected() {
        // GIVEN a sender that was verified, then removed
        String sender = "gone-" + uniqueKey() + "@leadpipe.test";
        String recipient = "nobody-" + uniqueKey() + "@example.com";
        aws.verifySender(sender);
        aws.unverifySender(sender);

        // WHEN it sends
        // THEN SES rejects the message and nothing is recorded
        assertThatThrownBy(() -> aws.sesV2().sendEmail(r -> r.fromEmailAddress(sender)
                .destination(d -> d.toAddresses(recipient))
                .content(c -> c.simple(m -> m.subject(s -> s.data("Hi")).body(b -> b.text(t -> t.data("Hi")))))))
                .isInstanceOf(MessageRejectedException.class);
        assertThat(aws.sentEmailsTo(recipient)).isEmpty();
    }

    @Test
    void clearedEmailsAreNoLongerListed() {
        // GIVEN an email that was sent
        String sender = "clear-" + uniqueKey() + "@leadpipe.test";
        String recipient = "clear-" + uniqueKey() + "@example.com";
        aws.verifySender(sender);
        aws.sesV2().sendEmail(r -> r.fromEmailAddress(sender)
                .destination(d -> d.toAddresses(recipient))
                .content(c -> c.simple(m -> m.subject(s -> s.data("Hi")).body(b -> b.text(t -> t.data("Hi"))))));
        assertThat(aws.sentEmailsTo(recipient)).hasSize(1);

        // WHEN
        aws.clearSentEmails();

        // THEN
        assertThat(aws.sentEmailsTo(recipient)).isEmpty();
    }

    @Test
    void sqsDeliversWhatWasSent() {
        // GIVEN
        SqsClient sqs = aws.clients().sqs();
        String queueUrl = aws.createQueue("confirmation-retry");

        // WHEN
        sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody("{\"lead\":\"abc\"}"));
        List<Message> received = sqs.receiveMessage(r -> r.queueUrl(queueUrl)
                .maxNumberOfMessages(10).waitTimeSeconds(5)).messages();

        // THEN
        assertThat(received).extracting(Message::body).containsExactly("{\"lead\":\"abc\"}");
        assertThat(queueUrl).contains("confirmation-retry-");
    }

    private static Map<String, AttributeValue> item(String pk, String sk) {
        return new HashMap<>(Map.of(
                LeadpipeTable.PK, AttributeValue.fromS(pk),
                LeadpipeTable.SK, AttributeValue.fromS(sk)));
    }

    private static Map<String, AttributeValue> key(Map<String, AttributeValue> item) {
        return Map.of(LeadpipeTable.PK, item.get(LeadpipeTable.PK), LeadpipeTable.SK, item.get(LeadpipeTable.SK));
    }

    private static TransactWriteItem absentPut(Map<String, AttributeValue> item) {
        return TransactWriteItem.builder()
                .put(Put.builder().tableName(table).item(item).conditionExpression("attribute_not_exists(PK)").build())
                .build();
    }

    private static String uniqueKey() {
        return UUID.randomUUID().toString();
    }
}
