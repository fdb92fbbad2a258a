package com.leadpipe.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqsBatchTest {

    @Test
    void readsLambdasSqsEventFixture() throws IOException {
        try (InputStream fixture = getClass().getClassLoader().getResourceAsStream("events/sqs-batch.json")) {
            List<SqsBatch.Message> messages = SqsBatch.read(fixture);

            assertThat(messages).singleElement().satisfies(m -> {
                assertThat(m.messageId()).isEqualTo("3f6c1a52-8d4e-4b7a-9c2f-71e0d5a8b913");
                assertThat(m.body()).startsWith("{\"campaign\":\"demo\"");
                assertThat(m.receiveCount()).isEqualTo(1);
            });
        }
    }

    @Test
    void namesOnlyTheMessagesTheConsumerDidNotFinish() {
        String event = "{\"Records\":[{\"messageId\":\"a\",\"body\":\"ok\"},{\"messageId\":\"b\",\"body\":\"poison\"},"
                + "{\"messageId\":\"c\"}]}";
        List<String> seen = new ArrayList<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        SqsBatch.handle(stream(event), out, m -> {
            seen.add(m.messageId() + ":" + m.body());
            return !m.body().equals("poison");
        });

        assertThat(seen).containsExactly("a:ok", "b:poison", "c:");
        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("{\"batchItemFailures\":[{\"itemIdentifier\":\"b\"}]}");
    }

    @Test
    void anAllGoodBatchAnswersAnEmptyFailureList() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        SqsBatch.handle(stream("{\"Records\":[{\"messageId\":\"a\",\"body\":\"x\"}]}"), out, m -> true);

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"batchItemFailures\":[]}");
    }

    @Test
    void aPayloadThatIsNotAnSqsEventFailsTheInvocation() {
        assertThatThrownBy(() -> SqsBatch.read(stream("{\"detail-type\":\"Scheduled Event\"}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Records");
        assertThatThrownBy(() -> SqsBatch.read(stream("{\"Records\":[{\"body\":\"x\"}]}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("messageId");
        assertThatThrownBy(() -> SqsBatch.read(stream("not json")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
