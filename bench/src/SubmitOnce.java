import com.leadpipe.functions.submit.SubmitHandler;
import com.leadpipe.http.HttpApiStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * Side A of bench/cold-start: one fresh JVM, the real Lambda handler, one form signup.
 *
 * <p>Does what the Lambda runtime would do for a cold start, minus the runtime itself: construct
 * the handler with its no-arg constructor (configuration from the environment, as in Lambda) and
 * hand it one API Gateway HTTP API event as the wire JSON the runtime hands a stream handler (the
 * handler reads it itself, so that is counted), so this JVM loads only what the function loads,
 * minus the runtime client's own loop. No test classes, no JUnit.
 *
 * <p>Prints one line to stderr, {@code BENCH main=<ms> init=<ms> done=<ms> status=<code>}: epoch
 * milliseconds when main started, when the constructor returned and when handleRequest returned.
 * Exits 1 unless the answer is 303 (form accepted). Compiled with -XDstringConcat=inline and kept
 * free of lambdas so the harness itself adds no invokedynamic bootstrap work.
 */
public final class SubmitOnce {

    static final String CAMPAIGN = "demo";
    static final String UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/130 Safari/537.36";

    private SubmitOnce() {
    }

    public static void main(String[] args) {
        long main = System.currentTimeMillis();
        SubmitHandler handler = new SubmitHandler();
        long init = System.currentTimeMillis();
        int status = invoke(handler, event(uniqueEmail("a")));
        long done = System.currentTimeMillis();
        System.err.println("BENCH main=" + main + " init=" + init + " done=" + done + " status=" + status);
        if (status != 303) {
            System.err.println("expected 303, got " + status);
            System.exit(1);
        }
    }

    /** Never seen before: a new subscriber, so the full signup path runs (not "already pending"). */
    static String uniqueEmail(String side) {
        return "bench-" + side + "-" + System.currentTimeMillis() + "-" + System.nanoTime() + "@example.com";
    }

    /** A browser form post to POST /c/demo/subscribe as API Gateway (payload 2.0) delivers it: the wire JSON. */
    static byte[] event(String email) {
        String body = "email=" + email.replace("+", "%2B").replace("@", "%40")
                + "&consent=yes&firstName=Ada&role=Founder&website=";
        Map<String, String> headers = new HashMap<>();
        headers.put("host", "abc123.execute-api.us-east-1.amazonaws.com");
        headers.put("user-agent", UA);
        headers.put("x-forwarded-for", "203.0.113.7");
        headers.put("x-forwarded-proto", "https");
        headers.put("content-type", "application/x-www-form-urlencoded");
        headers.put("accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        Map<String, String> pathParameters = new HashMap<>();
        pathParameters.put("campaign", CAMPAIGN);
        // API Gateway base64-encodes form bodies.
        return new HttpApiStream.WireEvent("POST", "/c/" + CAMPAIGN + "/subscribe", "POST /c/{campaign}/subscribe",
                pathParameters, "", headers, Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)),
                true, "203.0.113.7", "abc123.execute-api.us-east-1.amazonaws.com", "$default",
                "req-" + System.nanoTime()).toJson();
    }

    /** Invokes the stream handler as the runtime does; returns the answer's status code. */
    static int invoke(SubmitHandler handler, byte[] event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), out, null);
        String answer = out.toString(StandardCharsets.UTF_8);
        int at = answer.indexOf("\"statusCode\":") + "\"statusCode\":".length();
        return Integer.parseInt(answer.substring(at, answer.indexOf(',', at)));
    }
}
