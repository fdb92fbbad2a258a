package com.leadpipe.functions.submit;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.leadpipe.abuse.AbuseConfig;
import com.leadpipe.abuse.MailBudget;
import com.leadpipe.abuse.SignupLimits;
import com.leadpipe.aws.AwsClients;
import com.leadpipe.campaign.CampaignCatalog;
import com.leadpipe.captcha.CaptchaCheck;
import com.leadpipe.captcha.CaptchaProvider;
import com.leadpipe.captcha.CaptchaSecret;
import com.leadpipe.captcha.Siteverify;
import com.leadpipe.config.LeadpipeConfig;
import com.leadpipe.confirm.ConfirmationMailer;
import com.leadpipe.email.EmailAddress;
import com.leadpipe.http.HttpApiStream;
import com.leadpipe.json.JsonTree;
import com.leadpipe.log.Log;
import com.leadpipe.mail.ConfirmationMail;
import com.leadpipe.mail.SesMailSender;
import com.leadpipe.priming.Priming;
import com.leadpipe.priming.Rehearsal;
import com.leadpipe.priming.SyntheticEvents;
import com.leadpipe.store.LeadStore;
import com.leadpipe.store.LimitStore;
import com.leadpipe.subscribe.SignupForm;
import com.leadpipe.subscribe.SubscriptionService;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/** Lambda entry point for {@code POST /c/{campaign}/subscribe}. */
public final class SubmitHandler implements RequestStreamHandler {

    private final SubscribeEndpoint endpoint;
    private final Log log;
    private final CampaignCatalog campaigns;
    private final LeadStore store;
    private final SesMailSender mail;
    private final LeadpipeConfig config;
    private final AbuseConfig abuse;
    /** Held so the CRaC context, which may keep resources weakly, calls it. */
    private Priming priming;

    /** Used by Lambda: real clients, built once per container (before the SnapStart snapshot). */
    public SubmitHandler() {
        this(LeadpipeConfig.fromEnvironment(), AbuseConfig.fromEnvironment());
        priming = priming().register();
    }

    private SubmitHandler(LeadpipeConfig config, AbuseConfig abuse) {
        this(config, abuse, AwsClients.from(config.runtime()), CampaignCatalog.fromClasspath(), Clock.systemUTC(),
                Siteverify.from(LeadpipeConfig.environment()));
    }

    /** Without abuse settings: no per-IP limit, no mail budget (tests of other things). */
    public SubmitHandler(LeadpipeConfig config, AwsClients aws, CampaignCatalog campaigns, Clock clock) {
        this(config, AbuseConfig.off(), aws, campaigns, clock);
    }

    public SubmitHandler(LeadpipeConfig config, AbuseConfig abuse, AwsClients aws, CampaignCatalog campaigns,
                         Clock clock) {
        this(config, abuse, aws, campaigns, clock, Siteverify.from(java.util.Map.of()));
    }

    /**
     * Lambda and the local runner: the template's abuse settings; the captcha secret named by
     * them is read with the SDK on the first captcha campaign's signup.
     */
    public SubmitHandler(LeadpipeConfig config, AbuseConfig abuse, AwsClients aws, CampaignCatalog campaigns,
                         Clock clock, Siteverify siteverify) {
        this(config, abuse, aws, campaigns, clock, siteverify, Log.stdout("submit", config.runtime().logLevel()));
    }

    /** The local runner: its clients and log (the most parameters it can fill, so captcha works there too). */
    public SubmitHandler(LeadpipeConfig config, AbuseConfig abuse, AwsClients aws, CampaignCatalog campaigns,
                         Clock clock, Siteverify siteverify, Log log) {
        this(config, abuse, aws.dynamoDb(), aws.sesV2(), campaigns, clock, log, new CaptchaCheck(
                new CaptchaSecret(abuse.captchaSecretName(), new SdkCaptchaSecrets(aws)), siteverify, log));
    }

    public SubmitHandler(LeadpipeConfig config, DynamoDbClient dynamo, SesV2Client ses,
                         CampaignCatalog campaigns, Clock clock, Log log) {
        this(config, AbuseConfig.off(), dynamo, ses, campaigns, clock, log);
    }

    /** No captcha secret: campaigns with a captcha answer 500 (tests of other things). */
    private SubmitHandler(LeadpipeConfig config, AbuseConfig abuse, DynamoDbClient dynamo, SesV2Client ses,
                         CampaignCatalog campaigns, Clock clock, Log log) {
        this(config, abuse, dynamo, ses, campaigns, clock, log, CaptchaCheck.withoutSecret(log));
    }

    public SubmitHandler(LeadpipeConfig config, AbuseConfig abuse, DynamoDbClient dynamo, SesV2Client ses,
                         CampaignCatalog campaigns, Clock clock, Log log, CaptchaCheck captcha) {
        this.config = config;
        this.abuse = abuse;
        this.store = new LeadStore(dynamo, config.tableName());
        this.campaigns = campaigns;
        this.mail = new SesMailSender(ses, config.senderAddress(), config.configurationSet());
        // No queue: an unsent mail stays owed in the table, and the outbox sweep sends it.
        ConfirmationMailer mailer = new ConfirmationMailer(store, mail, log);
        LimitStore limitStore = new LimitStore(dynamo, config.tableName());
        this.log = log;
        this.endpoint = new SubscribeEndpoint(campaigns,
                new SubscriptionService(store, mailer, config, clock, log, new MailBudget(limitStore,
                        abuse.newAddressMailsPerMinute(), clock)), config.publicBaseUrl(), config.allowedOrigins(),
                clock, log, new SignupLimits(limitStore, abuse, clock, log), captcha);
    }

    @Override
    public void handleRequest(InputStream event, OutputStream response, Context context) {
        log.invocation(context == null ? null : context.getAwsRequestId());
        HttpApiStream.handle(event, response, endpoint::handle, log);
    }

    /**
     * SnapStart priming. Real clients, harmless: per campaign a honeypot signup as a form and as JSON
     * (answered as success, nothing stored), an invalid form, a CORS preflight, the confirmation mail
     * rendered (not sent), one read of keys no lead has. Rehearsed ({@link Rehearsal}: a second
     * handler on offline clients, nothing leaves the JVM): real signups of new addresses as a form
     * and as JSON, through the batch read, the transaction, the confirmation mail and its state.
     */
    public Priming priming() {
        Priming steps = new Priming(log);
        Rehearsal.Stage<SubmitHandler> offline = Rehearsal.stage(config, campaigns, "submit",
                r -> new SubmitHandler(config, abuse, r.dynamoDb(), r.sesV2(), campaigns,
                Clock.systemUTC(), r.log(), primingCaptcha(r.log())));
        for (String id : campaigns.ids()) {
            Map<String, String> path = Map.of("campaign", id);
            String subscribe = "/c/" + id + "/subscribe";
            String honeypot = Rehearsal.signupForm(SyntheticEvents.RECIPIENT) + "&" + SignupForm.HONEYPOT + "=priming";
            steps.step(id + ": form", () -> Priming.invoke(this, form(subscribe, path, honeypot)));
            steps.step(id + ": json", () -> Priming.invoke(this, json(subscribe, path, SyntheticEvents.RECIPIENT, true,
                    false)));
            steps.step(id + ": invalid form", () -> Priming.invoke(this, form(subscribe, path, "consent=yes")));
            steps.step(id + ": preflight", () -> Priming.invoke(this, SyntheticEvents.http("OPTIONS", subscribe,
                    "OPTIONS /c/{campaign}/subscribe", path, null, Map.of("origin", "https://priming.invalid",
                            "access-control-request-method", "POST"), null, null)));
            steps.step(id + ": confirmation mail", () -> mail.prime(ConfirmationMail.render(campaigns.find(id).orElseThrow(),
                    EmailAddress.parse(SyntheticEvents.RECIPIENT), Map.of(),
                    "https://priming.invalid/confirm?t=" + SyntheticEvents.unmintedToken(id))));
            steps.warm(id + ": table", () -> store.load(id, SyntheticEvents.UNUSED_ADDRESS_KEY));
            // A captcha campaign's rehearsal carries a token the priming check passes (nothing leaves the JVM).
            String token = campaigns.find(id).flatMap(c -> c.captcha()).isPresent()
                    ? "&" + CaptchaProvider.JSON_TOKEN_FIELD + "=priming" : "";
            steps.rehearse(id + ": signup (form)", () -> Priming.rehearse(offline.handler(),
                    form(subscribe, path, Rehearsal.signupForm(offline.rehearsal().nextEmail()) + token)));
            steps.rehearse(id + ": signup (json)", () -> Priming.rehearse(offline.handler(),
                    json(subscribe, path, offline.rehearsal().nextEmail(), false, !token.isEmpty())));
        }
        return steps.afterAll(offline::clear);
    }

    private static HttpApiStream.WireEvent form(String path, Map<String, String> parameters, String body) {
        return SyntheticEvents.http("POST", path, ROUTE, parameters, null, Map.of(), SyntheticEvents.FORM, body);
    }

    private static HttpApiStream.WireEvent json(String path, Map<String, String> parameters, String email,
                                                boolean honeypot, boolean captchaToken) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("email", email);
        body.put("consent", true);
        if (honeypot) {
            body.put(SignupForm.HONEYPOT, "priming");
        }
        if (captchaToken) {
            body.put(CaptchaProvider.JSON_TOKEN_FIELD, "priming");
        }
        return SyntheticEvents.http("POST", path, ROUTE, parameters, null, Map.of("accept", SyntheticEvents.JSON),
                SyntheticEvents.JSON, JsonTree.write(body));
    }

    private static final String ROUTE = "POST /c/{campaign}/subscribe";

    /** The rehearsal's captcha: every token passes, no secret read, no call made. */
    private static CaptchaCheck primingCaptcha(Log log) {
        return new CaptchaCheck(new CaptchaSecret(java.util.Optional.of("priming"), (store, name) -> "priming"),
                new Siteverify(java.util.Optional.empty(), Siteverify.DEFAULT_TIMEOUT) {
                    @Override
                    public Verdict verify(CaptchaProvider provider, String secret, String token, String remoteIp) {
                        return new Passed();
                    }
                }, log);
    }
}
