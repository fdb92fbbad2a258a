package com.leadpipe.unsubscribe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.leadpipe.email.EmailAddress;
import com.leadpipe.mail.MimeWriter;
import com.leadpipe.mail.OutgoingEmail;
import com.leadpipe.store.LeadStore;
import com.leadpipe.testing.MimeMail;
import com.leadpipe.testing.RecordingClient;
import com.leadpipe.testing.TableWrites;
import com.leadpipe.token.Tokens;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class UnsubscribeLinksTest {

    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    static final String LEAD_ID = "6f1c1c1e-8f5d-4c2e-9a51-0d2b7c9e4a10";
    static final String ADDRESS_KEY = "ab".repeat(32);

    final RecordingClient<DynamoDbClient> dynamo = RecordingClient.of(DynamoDbClient.class);
    final UnsubscribeLinks links = new UnsubscribeLinks(new LeadStore(dynamo.client(), "leads"), "https://join.example.com/");

    @Test
    void mintStoresOnlyTheHashBoundToTheLeadForFourHundredDays() {
        UnsubscribeLinks.Link link = links.mint("demo", ADDRESS_KEY, LEAD_ID, NOW);

        assertThat(link.url()).matches("https://join\\.example\\.com/unsubscribe\\?t=demo\\.[A-Za-z0-9_-]{43}");
        assertThat(link.expiresAt()).isEqualTo(NOW.plus(java.time.Duration.ofDays(400)));
        assertThat(link.toString()).doesNotContain("demo.");
        String token = link.url().substring(link.url().indexOf("t=") + 2);

        List<TableWrites.Write> writes = TableWrites.of(dynamo);
        assertThat(writes).singleElement().satisfies(w -> assertThat(w.kind()).isEqualTo("put"));
        Map<String, AttributeValue> item = writes.get(0).item();
        assertThat(item.get("PK").s()).isEqualTo("TOKEN#" + Tokens.parse(token).orElseThrow().hash());
        assertThat(item.get("purpose").s()).isEqualTo("UNSUBSCRIBE");
        assertThat(item.get("campaign").s()).isEqualTo("demo");
        assertThat(item.get("addressKey").s()).isEqualTo(ADDRESS_KEY);
        assertThat(item.get("submissionId").s()).isEqualTo(LEAD_ID);
        assertThat(item.get("expiresAt").n()).isEqualTo(String.valueOf(NOW.plus(java.time.Duration.ofDays(400)).getEpochSecond()));
        assertThat(item.values()).noneMatch(v -> v.s() != null && v.s().contains(token.substring(5)));
    }

    @Test
    void headersAreExactlyTheTwoOfRfc8058() {
        String url = "https://join.example.com/unsubscribe?t=demo.abc";

        assertThat(UnsubscribeLinks.headers(url)).containsExactly(
                Map.entry("List-Unsubscribe", "<https://join.example.com/unsubscribe?t=demo.abc>"),
                Map.entry("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"));
    }

    @Test
    void headersAndVisibleLinksSurviveARealMimeParser() {
        UnsubscribeLinks.Link link = links.mint("demo", ADDRESS_KEY, LEAD_ID, NOW);
        OutgoingEmail rendered = new OutgoingEmail("Leadpipe Demo", new EmailAddress("ada@example.com"), "Tip #1",
                "Hi Ada,\nhere is tip one.", "<!doctype html><html><body><p>Hi Ada,</p><p>tip one</p></BODY></html>",
                Map.of("X-Campaign", "demo", "list-unsubscribe", "<https://stale.example/x>"));

        OutgoingEmail ready = UnsubscribeLinks.addTo(rendered, link);
        byte[] raw = MimeWriter.write("hello@example.com", "ada@example.com", ready.subject(), ready.text(),
                ready.html(), ready.headers(), ZonedDateTime.of(2026, 11, 23, 10, 0, 0, 0, ZoneOffset.UTC), "example.com");
        MimeMail mail = MimeMail.parse(raw);

        assertThat(mail.header("List-Unsubscribe")).isEqualTo("<" + link.url() + ">");
        assertThat(mail.header("List-Unsubscribe-Post")).isEqualTo("List-Unsubscribe=One-Click");
        assertThat(mail.header("X-Campaign")).isEqualTo("demo");
        assertThat(new String(raw, StandardCharsets.US_ASCII)).doesNotContain("stale.example");
        // Visible in both parts: the text part ends with the bare URL on its own line...
        assertThat(mail.text()).startsWith("Hi Ada,\nhere is tip one.\n").endsWith("\n" + link.url() + "\n");
        // ...and the HTML part has a link before </body>.
        var html = Jsoup.parse(mail.html());
        assertThat(html.select("a:contains(Unsubscribe)")).singleElement()
                .satisfies(a -> assertThat(a.attr("href")).isEqualTo(link.url()));
        assertThat(mail.html()).containsSubsequence("tip one", "Unsubscribe</a>", "</BODY>");
        // Header lines stay within RFC 5322's 998 characters without folding.
        assertThat(new String(raw, StandardCharsets.US_ASCII).split("\r\n"))
                .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(998));
    }

    @Test
    void theLongestAcceptedBaseUrlStillGivesHeaderLinesUnder998() {
        String base = "https://x.example/" + "p".repeat(UnsubscribeLinks.MAX_BASE_URL_LENGTH - "https://x.example/".length());
        String campaign = "c" + "-".repeat(62) + "c"; // longest campaign id a token can carry
        UnsubscribeLinks longest = new UnsubscribeLinks(new LeadStore(dynamo.client(), "leads"), base);

        UnsubscribeLinks.Link link = longest.mint(campaign, ADDRESS_KEY, LEAD_ID, NOW);
        byte[] raw = MimeWriter.write("a@b.c", "d@e.f", "s", "t", "h", UnsubscribeLinks.headers(link.url()),
                ZonedDateTime.of(2026, 11, 23, 10, 0, 0, 0, ZoneOffset.UTC), "b.c");

        assertThat(new String(raw, StandardCharsets.US_ASCII).split("\r\n"))
                .anySatisfy(line -> assertThat(line).startsWith("List-Unsubscribe: <" + base))
                .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(998));
        assertThatThrownBy(() -> new UnsubscribeLinks(new LeadStore(dynamo.client(), "leads"), base + "p"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void htmlFooterEscapesTheUrlAndAppendsWithoutABody() {
        String html = UnsubscribeLinks.withHtmlFooter("<p>Hi</p>", "https://x.example/a'b&c/unsubscribe?t=demo.x");

        assertThat(html).startsWith("<p>Hi</p>\n<p").contains("href=\"https://x.example/a&#39;b&amp;c/unsubscribe?t=demo.x\"");
        assertThat(Jsoup.parse(html).selectFirst("a").attr("href")).isEqualTo("https://x.example/a'b&c/unsubscribe?t=demo.x");
    }

    @Test
    void textFooterKeepsTheBodysLineEndings() {
        assertThat(UnsubscribeLinks.withTextFooter("Hi\r\nthere\r\n", "https://x.example/unsubscribe?t=demo.x"))
                .isEqualTo("Hi\r\nthere\r\n\r\n--\r\nDon't want these emails? Unsubscribe with one click:\r\n"
                        + "https://x.example/unsubscribe?t=demo.x\r\n");
    }

    @Test
    void baseUrlMustBeHttpsAndPlain() {
        LeadStore store = new LeadStore(dynamo.client(), "leads");
        for (String bad : new String[] {"", "http://join.example.com", "ftp://join.example.com", "https://join.example.com/?a=1",
                "https://join.example.com/#x", "https://user@join.example.com", "https://jöin.example.com",
                "https://join.example.com/a b", "https://join.example.com/<x>", "join.example.com"}) {
            assertThatThrownBy(() -> new UnsubscribeLinks(store, bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(new UnsubscribeLinks(store, "https://abc.execute-api.eu-west-1.amazonaws.com/prod/").baseUrl())
                .isEqualTo("https://abc.execute-api.eu-west-1.amazonaws.com/prod");
        assertThat(new UnsubscribeLinks(store, "http://localhost:3000").baseUrl()).isEqualTo("http://localhost:3000");
        assertThat(dynamo.calls()).isEmpty();
    }

    @Test
    void headersRefuseAnythingThatCouldBreakTheHeader() {
        assertThatThrownBy(() -> UnsubscribeLinks.headers("https://x.example/u?t=a\r\nBcc: victim@example.com"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UnsubscribeLinks.headers("https://x.example/u?t=a>, <mailto:x@y.z"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UnsubscribeLinks.headers("mailto:x@y.z")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UnsubscribeLinks.headers("http://x.example/u?t=a")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UnsubscribeLinks.headers("http://localhost.x.example/u?t=a"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(UnsubscribeLinks.headers("http://localhost:3000/unsubscribe?t=a")).hasSize(2);
    }

    @Test
    void mintRefusesWhatCannotBeALinkAndStoresNothing() {
        assertThatThrownBy(() -> links.mint("Not A Campaign", ADDRESS_KEY, LEAD_ID, NOW)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> links.mint("demo", "", LEAD_ID, NOW)).isInstanceOf(IllegalArgumentException.class);
        assertThat(TableWrites.of(dynamo)).isEmpty();
    }
}
