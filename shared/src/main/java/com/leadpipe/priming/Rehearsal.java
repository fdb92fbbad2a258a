package com.leadpipe.priming;

import com.leadpipe.aws.AwsClients;
import com.leadpipe.campaign.Campaign;
import com.leadpipe.campaign.CampaignCatalog;
import com.leadpipe.campaign.Survey;
import com.leadpipe.config.LeadpipeConfig;
import com.leadpipe.confirm.ConfirmationMailer;
import com.leadpipe.confirm.ConfirmationService;
import com.leadpipe.handoff.HandRaiseLinks;
import com.leadpipe.log.Log;
import com.leadpipe.mail.SesMailSender;
import com.leadpipe.nurture.NurtureMail;
import com.leadpipe.nurture.NurtureSender;
import com.leadpipe.store.LeadStore;
import com.leadpipe.store.NurtureStore;
import com.leadpipe.subscribe.SignupForm;
import com.leadpipe.subscribe.SubscriptionService;
import com.leadpipe.unsubscribe.UnsubscribeLinks;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * A rehearsal of the lead's journey for SnapStart priming: synthetic signups that are confirmed,
 * answer the survey, get a nurture mail and unsubscribe, through the real services and SDK clients
 * on {@link OfflineAws}, so nothing leaves the JVM: no item is written to the table, no mail sent.
 * A function primes its own handler on {@link #dynamoDb()} and {@link #sesV2()} (a second
 * instance, built by the constructor its tests use, through a {@link Stage}) after the steps
 * before it ran here.
 *
 * <p>Every signup is a new address on a reserved domain (RFC 2606), so each round takes the path
 * of a first signup. The items and mails of the rehearsal stay in {@link OfflineAws}, which
 * {@link Stage#clear()} drops before the snapshot.
 */
public final class Rehearsal {

    private static final Pattern CONFIRM_LINK = Pattern.compile("/confirm\\?t=([A-Za-z0-9._-]+)");
    private static final Pattern UNSUBSCRIBE_LINK = Pattern.compile("/unsubscribe\\?t=([A-Za-z0-9._-]+)");
    private static final Pattern BASE64_LINE = Pattern.compile("[A-Za-z0-9+/=]+");
    private static final String LINK_BASE = "https://priming.invalid";

    /** A synthetic lead, with the links its mails and answers gave it. */
    public record Lead(String campaignId, String email, String addressKey, String confirmToken,
                       Optional<String> surveyToken) {
    }

    /**
     * A rehearsal and the handler primed on it, both built on first use: at priming time, not in
     * the handler's constructor, so a container started without SnapStart pays nothing for them.
     */
    public static final class Stage<H> {
        private final Supplier<Rehearsal> rehearsal;
        private final Function<Rehearsal, H> handler;
        private Rehearsal built;
        private H builtHandler;

        private Stage(Supplier<Rehearsal> rehearsal, Function<Rehearsal, H> handler) {
            this.rehearsal = rehearsal;
            this.handler = handler;
        }

        public synchronized Rehearsal rehearsal() {
            if (built == null) {
                built = rehearsal.get();
            }
            return built;
        }

        /** The handler on the rehearsal's clients and log. */
        public synchronized H handler() {
            if (builtHandler == null) {
                builtHandler = handler.apply(rehearsal());
            }
            return builtHandler;
        }

        /** Drops the rehearsal, its items and mails, and the handler: the snapshot keeps none of them. */
        public synchronized void clear() {
            if (built != null) {
                built.aws.clear();
            }
            built = null;
            builtHandler = null;
        }
    }

    /** A stage for {@code component}'s handler, built by {@code handler} on the rehearsal's clients. */
    public static <H> Stage<H> stage(LeadpipeConfig config, CampaignCatalog campaigns, String component,
                                     Function<Rehearsal, H> handler) {
        return new Stage<>(() -> new Rehearsal(config, campaigns, component), handler);
    }

    private final OfflineAws aws = new OfflineAws();
    private final LeadpipeConfig config;
    private final CampaignCatalog campaigns;
    private final DynamoDbClient dynamo;
    private final SesV2Client ses;
    private final Log log;
    private final SubscriptionService subscriptions;
    private final ConfirmationService confirmations;
    private final NurtureSender nurture;
    private int signups;

    private Rehearsal(LeadpipeConfig config, CampaignCatalog campaigns, String component) {
        this.config = config;
        this.campaigns = campaigns;
        AwsClients clients = AwsClients.offline(config.runtime(), aws);
        this.dynamo = clients.dynamoDb();
        this.ses = clients.sesV2();
        // Lines are formatted as in production and dropped: the log's own code is warmed too.
        this.log = new Log(component, line -> { }, config.runtime().logLevel(), Clock.systemUTC());
        Clock clock = Clock.systemUTC();
        LeadStore store = new LeadStore(dynamo, config.tableName());
        SesMailSender mail = new SesMailSender(ses, config.senderAddress(), config.configurationSet());
        this.subscriptions = new SubscriptionService(store, new ConfirmationMailer(store, mail, log), config, clock, log);
        this.confirmations = new ConfirmationService(campaigns, store, clock, log);
        String linkBase = config.nurture().linkBaseUrl().isEmpty() ? LINK_BASE : config.nurture().linkBaseUrl();
        this.nurture = new NurtureSender(campaigns, store, new NurtureStore(dynamo, config.tableName()),
                new NurtureMail(new UnsubscribeLinks(store, linkBase), new HandRaiseLinks(store)), mail, clock, log);
    }

    public DynamoDbClient dynamoDb() {
        return dynamo;
    }

    public SesV2Client sesV2() {
        return ses;
    }

    /** The log for the primed handler: everything formatted, nothing written. */
    public Log log() {
        return log;
    }

    /** A never-used address on a reserved domain. */
    public String nextEmail() {
        return "priming+" + (++signups) + "@example.invalid";
    }

    /** The signup form's body for {@code email}, consent given. */
    public static String signupForm(String email) {
        return SignupForm.EMAIL + "=" + URLEncoder.encode(email, StandardCharsets.UTF_8) + "&" + SignupForm.CONSENT + "=yes";
    }

    /** A new address signs up to {@code campaignId}: the lead with the link of its confirmation mail. */
    public Lead signUp(String campaignId) {
        Campaign campaign = campaigns.find(campaignId).orElseThrow();
        String email = nextEmail();
        SignupForm.Result form = SignupForm.check(campaign, Map.of(SignupForm.EMAIL, email, SignupForm.CONSENT, "yes"),
                Clock.systemUTC().instant(), "203.0.113.1", "leadpipe-priming");
        if (!(form instanceof SignupForm.Valid valid)) {
            throw new IllegalStateException("the synthetic signup is not valid for " + campaignId + ": " + form);
        }
        SubscriptionService.Result result = subscriptions.subscribe(campaign, valid.signup(), LINK_BASE);
        return new Lead(campaignId, email, valid.signup().email().key(), lastLink(CONFIRM_LINK),
                result.surveyToken().map(t -> t.value()));
    }

    /** A new address signs up and confirms. */
    public Lead confirmed(String campaignId) {
        Lead lead = signUp(campaignId);
        if (!(confirmations.confirm(lead.confirmToken(), "203.0.113.1", "leadpipe-priming")
                instanceof ConfirmationService.Confirmed confirmed)) {
            throw new IllegalStateException("the synthetic signup of " + campaignId + " was not confirmed");
        }
        return new Lead(lead.campaignId(), lead.email(), lead.addressKey(), lead.confirmToken(),
                confirmed.surveyToken().or(lead::surveyToken));
    }

    /** A confirmed lead gets its first nurture mail: the token of its unsubscribe link. */
    public String nurtured(Lead lead) throws Exception {
        nurture.send(lead.campaignId(), lead.addressKey());
        return lastLink(UNSUBSCRIBE_LINK);
    }

    /** A survey answer for every question (the first option; text for text questions), as a form body. */
    public static String surveyAnswers(Survey survey, String token) {
        StringBuilder form = new StringBuilder("t=").append(token);
        for (Survey.Question q : survey.questions()) {
            String value = q.options().isEmpty() ? "priming" : q.options().get(0).id();
            form.append("&q.").append(URLEncoder.encode(q.id(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
        return form.toString();
    }

    /** The token of the latest mail's link matching {@code link}, read from its base64 MIME parts. */
    private String lastLink(Pattern link) {
        List<byte[]> mails = aws.mails();
        if (mails.isEmpty()) {
            throw new IllegalStateException("the rehearsal sent no mail");
        }
        Matcher m = link.matcher(readable(mails.get(mails.size() - 1)));
        if (!m.find()) {
            throw new IllegalStateException("the rehearsal's mail has no link " + link);
        }
        return m.group(1);
    }

    /** The MIME text with each base64 block decoded after it (headers stay as they are). */
    static String readable(byte[] mime) {
        StringBuilder text = new StringBuilder();
        StringBuilder block = new StringBuilder();
        for (String line : new String(mime, StandardCharsets.US_ASCII).split("\r?\n")) {
            if (line.length() >= 4 && BASE64_LINE.matcher(line).matches()) {
                block.append(line);
                continue;
            }
            decode(block, text);
            text.append(line).append('\n');
        }
        decode(block, text);
        return text.toString();
    }

    private static void decode(StringBuilder block, StringBuilder text) {
        if (block.isEmpty()) {
            return;
        }
        try {
            text.append(new String(Base64.getDecoder().decode(block.toString()), StandardCharsets.UTF_8)).append('\n');
        } catch (IllegalArgumentException e) {
            text.append(block).append('\n');
        }
        block.setLength(0);
    }
}
