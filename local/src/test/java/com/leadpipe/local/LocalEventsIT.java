package com.leadpipe.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadpipe.json.JsonTree;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The runner's lead events: the table's stream through LeadEventsFunction onto the bus (in moto),
 * listed at /_local/events(.json), and with --webhook POSTed to a real HTTP server that refuses the
 * first attempt: the event comes again.
 */
class LocalEventsIT {

    @Test
    void aConfirmationIsListedNewestFirstAndReachesTheWebhookAfterARefusal() throws Exception {
        // GIVEN a webhook that answers 503 once, then 200
        AtomicInteger calls = new AtomicInteger();
        List<String> delivered = new CopyOnWriteArrayList<>();
        HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            boolean refuse = calls.incrementAndGet() == 1;
            if (!refuse) {
                delivered.add(body);
            }
            exchange.sendResponseHeaders(refuse ? 503 : 200, -1);
            exchange.close();
        });
        hook.start();
        URI url = URI.create("http://127.0.0.1:" + hook.getAddress().getPort() + "/hook");
        try (RunningLocally local = RunningLocally.start(o -> o.withWebhook(url))) {
            // WHEN a visitor signs up and confirms
            String email = "events-" + System.nanoTime() + "@example.org";
            local.postForm("/c/demo/subscribe", "email=" + URLEncoder.encode(email, StandardCharsets.UTF_8)
                    + "&consent=yes&firstName=Ada&website=");
            String[] token = new String[1];
            RunningLocally.eventually(Duration.ofSeconds(20), () -> {
                Matcher link = Pattern.compile("/confirm\\?t=([A-Za-z0-9._-]+)").matcher(local.get("/_local/mail.json").body());
                assertThat(link.find()).isTrue();
                token[0] = link.group(1);
            });
            assertThat(local.postForm("/confirm", "t=" + token[0]).statusCode()).isEqualTo(303);

            // THEN /_local/events.json lists lead.confirmed with its detail, and the page shows it
            RunningLocally.eventually(Duration.ofSeconds(20), () -> assertThat(events(local))
                    .anySatisfy(e -> {
                        assertThat(e).containsKeys("detail-type", "source", "time", "detail");
                        assertThat(e.get("detail-type")).isEqualTo("lead.confirmed");
                        assertThat(JsonTree.object(e, "detail")).containsEntry("campaign", "demo").containsEntry("version", 1);
                    }));
            HttpResponse<String> page = local.get("/_local/events");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("lead.confirmed");

            // AND the webhook got it by real HTTP POST, on the second attempt (the first was refused)
            RunningLocally.eventually(Duration.ofSeconds(20), () -> assertThat(delivered).anySatisfy(body -> {
                assertThat(JsonTree.string(JsonTree.parse(body), "detail-type")).isEqualTo("lead.confirmed");
                assertThat(JsonTree.string(JsonTree.parse(body), "source")).isEqualTo("leadpipe");
            }));
            assertThat(calls.get()).isGreaterThanOrEqualTo(2);
        } finally {
            hook.stop(0);
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> events(RunningLocally local) {
        return (List<Map<String, Object>>) JsonTree.parse(local.get("/_local/events.json").body());
    }
}
