import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.Body;
import software.amazon.awssdk.services.sesv2.model.Content;
import software.amazon.awssdk.services.sesv2.model.Destination;
import software.amazon.awssdk.services.sesv2.model.EmailContent;
import software.amazon.awssdk.services.sesv2.model.Message;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;
import software.amazon.awssdk.services.sesv2.model.SendEmailResponse;

/**
 * Side B of bench/cold-start: the floor for "store a signup, send a mail" with AWS SDK v2, in a
 * fresh JVM. Clients tuned the usual way for Lambda cold start: one URLConnection HTTP client,
 * explicit region, the environment credentials provider (what a Lambda function gets), endpoint
 * set in code from the same variables the handler's SDK reads. One PutItem, one SESv2 SendEmail
 * with simple content; no framework, no templates, no validation.
 *
 * <p>Same output contract as SubmitOnce: {@code BENCH main= init= done= status=} on stderr,
 * where init is "clients built" and done is "both calls returned"; exits 1 if a call fails.
 */
public final class ReferenceOnce {

    private final DynamoDbClient dynamo;
    private final SesV2Client ses;
    private final String table;
    private final String sender;

    ReferenceOnce() {
        Region region = Region.of(env("AWS_REGION"));
        EnvironmentVariableCredentialsProvider credentials = EnvironmentVariableCredentialsProvider.create();
        SdkHttpClient http = UrlConnectionHttpClient.builder().build();
        this.dynamo = DynamoDbClient.builder().region(region).credentialsProvider(credentials).httpClient(http)
                .endpointOverride(URI.create(env("AWS_ENDPOINT_URL_DYNAMODB"))).build();
        this.ses = SesV2Client.builder().region(region).credentialsProvider(credentials).httpClient(http)
                .endpointOverride(URI.create(env("AWS_ENDPOINT_URL_SESV2"))).build();
        this.table = env("TABLE_NAME");
        this.sender = env("SENDER_ADDRESS");
    }

    public static void main(String[] args) {
        long main = System.currentTimeMillis();
        ReferenceOnce reference = new ReferenceOnce();
        long init = System.currentTimeMillis();
        String messageId = reference.signup("bench-b-" + System.currentTimeMillis() + "-" + System.nanoTime() + "@example.com");
        long done = System.currentTimeMillis();
        int status = messageId == null || messageId.isEmpty() ? 500 : 200;
        System.err.println("BENCH main=" + main + " init=" + init + " done=" + done + " status=" + status);
        if (status != 200) {
            System.err.println("SendEmail returned no message id");
            System.exit(1);
        }
    }

    /** One item written, one mail sent; returns the SES message id. */
    String signup(String email) {
        long now = System.currentTimeMillis();
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("PK", AttributeValue.fromS("REF#" + email));
        item.put("SK", AttributeValue.fromS("PENDING"));
        item.put("email", AttributeValue.fromS(email));
        item.put("campaign", AttributeValue.fromS("demo"));
        item.put("createdAt", AttributeValue.fromN(Long.toString(now / 1000)));
        item.put("expiresAt", AttributeValue.fromN(Long.toString(now / 1000 + 7 * 86400)));
        dynamo.putItem(PutItemRequest.builder().tableName(table).item(item).build());

        SendEmailResponse sent = ses.sendEmail(SendEmailRequest.builder()
                .fromEmailAddress(sender)
                .destination(Destination.builder().toAddresses(email).build())
                .content(EmailContent.builder().simple(Message.builder()
                        .subject(Content.builder().data("Please confirm your email").build())
                        .body(Body.builder().text(Content.builder()
                                .data("Confirm: https://example.com/confirm?t=" + now).build()).build())
                        .build()).build())
                .build());
        return sent.messageId();
    }

    private static String env(String name) {
        String value = System.getenv(name);
        if (value == null || value.isEmpty()) {
            throw new IllegalStateException(name + " is not set");
        }
        return value;
    }
}
