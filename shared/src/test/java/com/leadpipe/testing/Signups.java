package com.leadpipe.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A person signing up to the demo campaign the way its pages and mails lead them, through the
 * real handlers: the form posted, the confirmation mail read back from SES, its link's button
 * pressed (POST /confirm).
 */
public final class Signups {

    /** The confirmation link in a mail's text part: absolute, to the confirm endpoint. */
    public static final Pattern CONFIRM_LINK = Pattern.compile("https://[^\\s\"<>]+/confirm\\?t=([A-Za-z0-9._-]+)");
    private static final Pattern SURVEY_TOKEN = Pattern.compile("[?&]s=([A-Za-z0-9._-]+)");
    /** People take a moment to open the mail; the ledger orders consent events by time. */
    public static final Duration READING_THE_MAIL = Duration.ofMinutes(2);

    private final EmulatedBackend backend;
    private final RequestStreamHandler submit;
    private final RequestStreamHandler confirm;

    public Signups(EmulatedBackend backend, RequestStreamHandler submit,
                   RequestStreamHandler confirm) {
        this.backend = backend;
        this.submit = submit;
        this.confirm = confirm;
    }

    /** The demo form for the backend's address, consent ticked, then {@code fields} ("&firstName=Ada"). */
    public APIGatewayV2HTTPResponse submit(String fields) {
        return submitAs(backend.email, fields);
    }

    /** The demo form as typed with another spelling of the address, or another address. */
    public APIGatewayV2HTTPResponse submitAs(String email, String fields) {
        return ApiEvents.invoke(submit, ApiEvents.subscribe("demo", ApiEvents.FORM, form(email, fields)));
    }

    /** A form body: the address, consent ticked, then {@code fields} ("&firstName=Ada"). */
    public static String form(String email, String fields) {
        return "email=" + URLEncoder.encode(email, StandardCharsets.UTF_8) + "&consent=yes" + fields;
    }

    /** The token of the confirmation link in the latest mail to the address. */
    public String confirmationToken() {
        List<SentEmail> mails = backend.mails();
        assertThat(mails).as("mails to the subscriber").isNotEmpty();
        Matcher link = CONFIRM_LINK.matcher(mails.get(mails.size() - 1).text());
        assertThat(link.find()).as("confirmation link in the text part").isTrue();
        return link.group(1);
    }

    /** The button on the confirmation page: POST /confirm with the token. */
    public APIGatewayV2HTTPResponse confirm(String token) {
        return ApiEvents.invoke(confirm, ApiEvents.confirmPost("t=" + token));
    }

    /** Follows the latest mail's link a moment after it came: the POST's answer, checked to be a 303. */
    public APIGatewayV2HTTPResponse confirmFromMail() {
        String token = confirmationToken();
        backend.clock.advance(READING_THE_MAIL);
        APIGatewayV2HTTPResponse confirmed = confirm(token);
        assertThat(confirmed.getStatusCode()).as("confirmation answer").isEqualTo(303);
        return confirmed;
    }

    /** Signs up with {@code fields} and confirms from the mail; both answers checked to be 303s. */
    public APIGatewayV2HTTPResponse signUpAndConfirm(String fields) {
        assertThat(submit(fields).getStatusCode()).as("signup answer").isEqualTo(303);
        return confirmFromMail();
    }

    /** The survey token the thanks or confirmed page redirect links to. */
    public static String surveyToken(APIGatewayV2HTTPResponse redirect) {
        Matcher token = SURVEY_TOKEN.matcher(redirect.getHeaders().get("location"));
        assertThat(token.find()).as("survey link in " + redirect.getHeaders().get("location")).isTrue();
        return token.group(1);
    }
}
