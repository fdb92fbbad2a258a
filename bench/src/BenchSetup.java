import com.leadpipe.functions.submit.SubmitHandler;
import com.leadpipe.store.LeadpipeTable;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * Prepares the emulators for bench/cold-start (not measured): creates the table from
 * {@link LeadpipeTable#createTableRequest} (the schema template.yaml declares), verifies the
 * sender in SES (moto refuses unverified senders), then runs both sides' work in this JVM a few
 * times so moto has served every DynamoDB and SES operation before the first measured run: the
 * measured JVMs should pay for their own cold start, not for the emulators'.
 *
 * <p>Argument: how many warm-up rounds (default 20).
 */
public final class BenchSetup {

    private BenchSetup() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Region region = Region.of(System.getenv("AWS_REGION"));
        String table = System.getenv("TABLE_NAME");
        try (DynamoDbClient dynamo = DynamoDbClient.builder().region(region)
                     .credentialsProvider(EnvironmentVariableCredentialsProvider.create())
                     .endpointOverride(URI.create(System.getenv("AWS_ENDPOINT_URL_DYNAMODB"))).build();
             SesV2Client ses = SesV2Client.builder().region(region)
                     .credentialsProvider(EnvironmentVariableCredentialsProvider.create())
                     .endpointOverride(URI.create(System.getenv("AWS_ENDPOINT_URL_SESV2"))).build()) {
            dynamo.createTable(LeadpipeTable.createTableRequest(table));
            dynamo.waiter().waitUntilTableExists(b -> b.tableName(table));
            ses.createEmailIdentity(b -> b.emailIdentity(System.getenv("SENDER_ADDRESS")));
        }
        SubmitHandler handler = new SubmitHandler();
        ReferenceOnce reference = new ReferenceOnce();
        for (int i = 0; i < rounds; i++) {
            int status = SubmitOnce.invoke(handler, SubmitOnce.event(SubmitOnce.uniqueEmail("warm")));
            if (status != 303) {
                throw new IllegalStateException("warm-up signup answered " + status);
            }
            reference.signup("bench-warm-" + i + "-" + System.nanoTime() + "@example.com");
        }
        System.err.println("setup: table " + table + " created, sender verified, " + rounds + " warm-up rounds");
    }
}
