package com.leadpipe.functions.unsubscribe;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.leadpipe.functions.confirm.ConfirmHandler;
import com.leadpipe.functions.submit.SubmitHandler;
import com.leadpipe.mail.OutgoingEmail;
import com.leadpipe.mail.SesMailSender;
import com.leadpipe.store.LeadStore;
import com.leadpipe.store.LeadpipeTable;
import com.leadpipe.store.Records.Lead;
import com.leadpipe.store.Records.LeadStatus;
import com.leadpipe.store.Records.LedgerEvent;
import com.leadpipe.testing.ApiEvents;
import com.leadpipe.testing.EmulatedBackend;
import com.leadpipe.testing.MutableClock;
import com.leadpipe.testing.PrimingCheck;
import com.leadpipe.testing.SentEmail;
import com.leadpipe.testing.Signups;
import com.leadpipe.unsubscribe.UnsubscribeLinks;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Unsubscribing end to end on real emulators, from a lead confirmed through the real flow
 * (submit, confirmation mail read back from SES, POST /confirm), with a marketing mail sent
 * through SES carrying the link and its headers.
 */
class UnsubscribeFlowIT {

    static final String SENDER = "hello@leadpipe.test";
    static final String BASE_URL = "https://join.leadpipe.test";
    static final Pattern UNSUBSCRIBE_HEADER = Pattern.compile("<" + Pattern.quote(BASE_URL)
            + "/unsubscribe\\?t=(demo\\.[A-Za-z0-9_-]{43})>");

    @RegisterExtension
    final EmulatedBackend backend = new EmulatedBackend(SENDER, "grace", "example.org");
    final MutableClock clock = backend.clock;
    final LeadStore store = backend.store;
    final String email = backend.email;
    final UnsubscribeHandler unsubscribe = backend.handler(UnsubscribeHandler.class);
    final UnsubscribeLinks links = new UnsubscribeLinks(store, BASE_URL);
    final Signups signups = new Signups(backend, backend.handler(SubmitHandler.class), backend.handler(ConfirmHandler.class));

    // ---- the way there: a lead confirmed through the real double opt-in ----------------------

    Lead confirmedLead() {
        signups.signUpAndConfirm("&firstName=Grace&website=");
        clock.advance(Duration.ofMinutes(1));
        Lead lead = store.findLead("demo", addressKey()).orElseThrow();
        assertThat(lead.status()).isEqualTo(LeadStatus.CONFIRMED);
        return lead;
    }

    String addressKey() {
        return backend.addressKey();
    }

    /** What a nurture sender does: mint a link, add headers and footer, send through SES. Returns the token. */
    String sendMarketingMail(Lead lead) throws Exception {
        UnsubscribeLinks.Link link = links.mint(lead, clock.instant());
        OutgoingEmail rendered = new OutgoingEmail("Leadpipe Demo", lead.email(), "Tip 1: validate demand",
                "Hi Grace,\nstart with ten conversations.", "<html><body><p>Hi Grace,</p><p>start with ten conversations.</p></body></html>",
                Map.of());
        new SesMailSender(EmulatedBackend.AWS.sesV2(), SENDER, Optional.empty(), clock).send(UnsubscribeLinks.addTo(rendered, link));

        SentEmail sent = backend.mails().stream().filter(m -> m.header("List-Unsubscribe") != null)
                .reduce((a, b) -> b).orElseThrow();
        assertThat(sent.header("List-Unsubscribe")).isEqualTo("<" + link.url() + ">");
        assertThat(sent.header("List-Unsubscribe-Post")).isEqualTo("List-Unsubscribe=One-Click");
        assertThat(sent.text()).contains("\n" + link.url() + "\n");
        assertThat(Jsoup.parse(sent.html()).selectFirst("a:contains(Unsubscribe)").attr("href")).isEqualTo(link.url());
        Matcher header = UNSUBSCRIBE_HEADER.matcher(sent.header("List-Unsubscribe"));
        assertThat(header.matches()).isTrue();
        return header.group(1);
    }

    APIGatewayV2HTTPResponse oneClick(String token) {
        return ApiEvents.invoke(unsubscribe, ApiEvents.oneClickUnsubscribe("t=" + token));
    }

    APIGatewayV2HTTPResponse get(String query) {
        return ApiEvents.invoke(unsubscribe, ApiEvents.unsubscribeGet(query));
    }

    APIGatewayV2HTTPResponse pressButton(String token) {
        return ApiEvents.invoke(unsubscribe, ApiEvents.unsubscribePost("t=" + token));
    }

    List<LedgerEvent> unsubscribedEvents() {
        return store.ledger("demo", addressKey()).stream().filter(e -> e.type().equals("unsubscribed")).toList();
    }

    Map<String, AttributeValue> leadItem() {
        return backend.leadItem("demo");
    }

    static String h1(APIGatewayV2HTTPResponse response) {
        return Jsoup.parse(response.getBody()).selectFirst("h1").text();
    }

    // ---- the flow --------------------------------------------------------------------------

    @Test
    void aMarketingMailsOneClickUnsubscribesOnceAndScannersChangeNothing() throws Exception {
        Lead lead = confirmedLead();
        // The nurture scheduler's sparse-index attributes, as the lead would have them mid-sequence.
        EmulatedBackend.AWS.dynamoDb().updateItem(u -> u.tableName(backend.table).key(Map.of(
                        "PK", AttributeValue.fromS(LeadpipeTable.leadPk("demo", addressKey())), "SK", AttributeValue.fromS("LEAD")))
                .updateExpression("SET dueShard = :shard, dueAt = :at")
                .expressionAttributeValues(Map.of(":shard", AttributeValue.fromS(LeadpipeTable.dueShard(
                        LeadpipeTable.leadPk("demo", addressKey()))), ":at", AttributeValue.fromS("2026-01-01T00:00:00Z"))));
        String token = sendMarketingMail(lead);

        // GIVEN a mail scanner opens the link, twice: a page with a button, and nothing changes
        APIGatewayV2HTTPResponse shown = get("t=" + token);
        get("t=" + token);
        assertThat(shown.getStatusCode()).isEqualTo(200);
        Document page = Jsoup.parse(shown.getBody());
        assertThat(page.selectFirst("form[method=post][action=/unsubscribe] input[name=t]").attr("value")).isEqualTo(token);
        assertThat(shown.getBody()).doesNotContain(email);
        assertThat(store.findLead("demo", addressKey()).orElseThrow().status()).isEqualTo(LeadStatus.CONFIRMED);
        assertThat(leadItem()).containsKeys("dueShard", "dueAt");
        assertThat(unsubscribedEvents()).isEmpty();

        // WHEN the person presses Gmail's own Unsubscribe button: Gmail POSTs to the header's URL
        clock.advance(Duration.ofDays(20));
        APIGatewayV2HTTPResponse posted = oneClick(token);

        // THEN 200 at once, the lead is unsubscribed, out of the nurture schedule, and the ledger says so
        assertThat(posted.getStatusCode()).isEqualTo(200);
        assertThat(posted.getHeaders()).doesNotContainKeys("location", "set-cookie");
        assertThat(store.findLead("demo", addressKey())).hasValueSatisfying(l -> {
            assertThat(l.status()).isEqualTo(LeadStatus.UNSUBSCRIBED);
            assertThat(l.leadId()).isEqualTo(lead.leadId());
            assertThat(l.email().value()).isEqualTo(email); // consent proof stays with the lead
        });
        Map<String, AttributeValue> item = leadItem();
        assertThat(item).doesNotContainKeys("dueShard", "dueAt");
        assertThat(java.time.Instant.parse(item.get("unsubscribedAt").s()))
                .isEqualTo(clock.instant().truncatedTo(ChronoUnit.MICROS));
        assertThat(unsubscribedEvents()).singleElement().satisfies(e -> {
            assertThat(e.campaignId()).isEqualTo("demo");
            assertThat(e.ip()).isEqualTo("203.0.113.7");
            assertThat(e.at()).isEqualTo(clock.instant().truncatedTo(ChronoUnit.MICROS));
            assertThat(e.details()).containsExactly(Map.entry("method", "one-click"));
        });
        assertThat(store.ledger("demo", addressKey())).extracting(LedgerEvent::type)
                .containsExactly("subscribed", "confirmed", "unsubscribed");

        // AND doing it again, or through the page, is the same success and records nothing more
        clock.advance(Duration.ofMinutes(1));
        APIGatewayV2HTTPResponse again = oneClick(token);
        APIGatewayV2HTTPResponse button = pressButton(token);
        assertThat(again.getStatusCode()).isEqualTo(200);
        assertThat(again.getBody()).isEqualTo(posted.getBody());
        assertThat(button.getStatusCode()).isEqualTo(303);
        assertThat(button.getHeaders()).containsEntry("location", "/unsubscribe?t=" + token + "&done=1");
        assertThat(h1(get("t=" + token + "&done=1"))).isEqualTo("You're unsubscribed");
        assertThat(h1(get("t=" + token))).isEqualTo("You're already unsubscribed");
        assertThat(unsubscribedEvents()).hasSize(1);
        assertThat(backend.logs.text()).contains("lead.unsubscribed", "unsubscribe.already")
                .doesNotContain(email).doesNotContain(token);
    }

    @Test
    void thePageButtonUnsubscribesWithoutCookiesAndRecordsWhoPressedIt() throws Exception {
        String token = sendMarketingMail(confirmedLead());

        APIGatewayV2HTTPResponse pressed = pressButton(token);

        assertThat(pressed.getStatusCode()).isEqualTo(303);
        APIGatewayV2HTTPResponse result = get(pressed.getHeaders().get("location").substring("/unsubscribe?".length()));
        assertThat(result.getStatusCode()).isEqualTo(200);
        assertThat(h1(result)).isEqualTo("You're unsubscribed");
        assertThat(result.getBody()).doesNotContain(email);
        assertThat(store.findLead("demo", addressKey()).orElseThrow().status()).isEqualTo(LeadStatus.UNSUBSCRIBED);
        assertThat(unsubscribedEvents()).singleElement().satisfies(e -> {
            assertThat(e.details()).containsExactly(Map.entry("method", "page"));
            assertThat(e.userAgent()).isEqualTo(ApiEvents.BROWSER_UA);
        });
    }

    @Test
    void signingUpAgainNeedsANewConfirmationAndOldLinksStillUnsubscribe() throws Exception {
        Lead lead = confirmedLead();
        String oldToken = sendMarketingMail(lead);
        assertThat(oneClick(oldToken).getStatusCode()).isEqualTo(200);
        clock.advance(Duration.ofDays(3));

        // A new signup after unsubscribing goes pending: nothing is sent to the lead until confirmed
        signUpAndConfirmStepByStep();

        Lead again = store.findLead("demo", addressKey()).orElseThrow();
        assertThat(again.status()).isEqualTo(LeadStatus.CONFIRMED);
        assertThat(again.leadId()).isEqualTo(lead.leadId());
        assertThat(store.findPending("demo", addressKey())).isEmpty();

        // A link in a mail from before still works: it belongs to the lead, not to one signup
        clock.advance(Duration.ofDays(1));
        assertThat(oneClick(oldToken).getStatusCode()).isEqualTo(200);
        assertThat(store.findLead("demo", addressKey()).orElseThrow().status()).isEqualTo(LeadStatus.UNSUBSCRIBED);
        assertThat(store.ledger("demo", addressKey())).extracting(LedgerEvent::type).containsExactly(
                "subscribed", "confirmed", "unsubscribed", "subscribed", "confirmed", "unsubscribed");
    }

    void signUpAndConfirmStepByStep() {
        assertThat(signups.submit("&firstName=Grace&website=").getStatusCode()).isEqualTo(303);
        assertThat(store.findPending("demo", addressKey())).isPresent();
        assertThat(store.findLead("demo", addressKey()).orElseThrow().status()).isEqualTo(LeadStatus.UNSUBSCRIBED);
        signups.confirmFromMail(); // a new confirmation mail, a new link
    }

    @Test
    void linksKeepWorkingForMoreThanAYearThenAnswer410() throws Exception {
        String token = sendMarketingMail(confirmedLead());

        clock.advance(Duration.ofDays(399));
        assertThat(get("t=" + token).getStatusCode()).isEqualTo(200);

        clock.advance(Duration.ofDays(1).plusSeconds(1));
        APIGatewayV2HTTPResponse shown = get("t=" + token);
        APIGatewayV2HTTPResponse posted = oneClick(token);

        assertThat(shown.getStatusCode()).isEqualTo(410);
        assertThat(Jsoup.parse(shown.getBody()).select("a, form")).isEmpty();
        assertThat(posted.getStatusCode()).isEqualTo(410);
        assertThat(store.findLead("demo", addressKey()).orElseThrow().status()).isEqualTo(LeadStatus.CONFIRMED);
    }

    @Test
    void tamperedLinksChangeNothing() throws Exception {
        String token = sendMarketingMail(confirmedLead());
        String tampered = token.substring(0, token.length() - 2) + (token.endsWith("A") ? "BB" : "AA");

        assertThat(oneClick(tampered).getStatusCode()).isEqualTo(410);
        assertThat(oneClick(token.substring(0, 20)).getStatusCode()).isEqualTo(400);
        assertThat(get("t=%zz").getStatusCode()).isEqualTo(400);
        assertThat(store.findLead("demo", addressKey()).orElseThrow().status()).isEqualTo(LeadStatus.CONFIRMED);
        assertThat(unsubscribedEvents()).isEmpty();
    }

    @Test
    void parallelOneClicksAllSucceedAndRecordOneEvent() throws Exception {
        String token = sendMarketingMail(confirmedLead());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Integer>> clicks = Collections.nCopies(4, () -> oneClick(token).getStatusCode());
            for (Future<Integer> status : pool.invokeAll(clicks)) {
                assertThat(status.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(unsubscribedEvents()).hasSize(1);
    }

    @Test
    void snapStartPrimingWritesNothingAndSendsNothing() {
        PrimingCheck.assertHarmless(backend, unsubscribe.priming());
    }
}
