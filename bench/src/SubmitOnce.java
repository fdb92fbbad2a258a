import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.leadpipe.functions.submit.SubmitHandler;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * Side A of bench/cold-start: one fresh JVM, the real Lambda handler, one form signup.
 *
 * <p>Does what the Lambda runtime would do for a cold start, minus the runtime itself: construct
 * the handler with its no-arg constructor (configuration from the environment, as in Lambda) and
 * hand it one API Gateway HTTP API event. The runtime would deserialize the event from JSON with
 * its own code; here the event object is built directly with the aws-lambda-java-events builders,
 * so this JVM loads only what the function loads. No test classes, no JUnit.
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
        APIGatewayV2HTTPResponse response = handler.handleRequest(event(uniqueEmail("a")), null);
        long done = System.currentTimeMillis();
        System.err.println("BENCH main=" + main + " init=" + init + " done=" + done
                + " status=" + response.getStatusCode());
        if (response.getStatusCode() != 303) {
            System.err.println("expected 303, got " + response.getStatusCode() + " " + response.getHeaders()
                    + "\n" + response.getBody());
            System.exit(1);
        }
    }

    /** Never seen before: a new subscriber, so the full signup path runs (not "already pending"). */
    static String uniqueEmail(String side) {
        return "bench-" + side + "-" + System.currentTimeMillis() + "-" + System.nanoTime() + "@example.com";
    }

    /** A browser form post to POST /c/demo/subscribe as API Gateway (payload 2.0) delivers it. */
    static APIGatewayV2HTTPEvent event(String email) {
        String body = "email=" + email.replace("+", "%2B").replace("@", "%40")
                + "&consent=yes&firstName=Ada&role=Founder&website=";
        String path = "/c/" + CAMPAIGN + "/subscribe";
        String routeKey = "POST /c/{campaign}/subscribe";
        Map<String, String> headers = new HashMap<>();
        headers.put("host", "abc123.execute-api.us-east-1.amazonaws.com");
        headers.put("user-agent", UA);
        headers.put("x-forwarded-for", "203.0.113.7");
        headers.put("x-forwarded-proto", "https");
        headers.put("content-type", "application/x-www-form-urlencoded");
        headers.put("accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        Map<String, String> pathParameters = new HashMap<>();
        pathParameters.put("campaign", CAMPAIGN);
        APIGatewayV2HTTPEvent.RequestContext.Http http = APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                .withMethod("POST").withPath(path).withProtocol("HTTP/1.1").withSourceIp("203.0.113.7")
                .withUserAgent(UA).build();
        APIGatewayV2HTTPEvent.RequestContext context = APIGatewayV2HTTPEvent.RequestContext.builder()
                .withAccountId("123456789012").withApiId("abc123")
                .withDomainName("abc123.execute-api.us-east-1.amazonaws.com").withDomainPrefix("abc123")
                .withHttp(http).withRequestId("req-" + System.nanoTime()).withRouteKey(routeKey)
                .withStage("$default").withTimeEpoch(System.currentTimeMillis()).build();
        // API Gateway base64-encodes form bodies.
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0").withRouteKey(routeKey).withRawPath(path).withRawQueryString("")
                .withHeaders(headers).withPathParameters(pathParameters).withRequestContext(context)
                .withBody(Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)))
                .withIsBase64Encoded(true)
                .build();
    }
}
