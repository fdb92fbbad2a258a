package com.leadpipe.testing;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** The Docker-free set: DynamoDB Local in this JVM for DynamoDB, moto server for the rest. */
final class LocalEmulator implements Emulator {

    static final String PYTHON_ENV = "LEADPIPE_PYTHON";

    private final DynamoDbLocalServer dynamoDb;
    private final MotoServer moto;

    private LocalEmulator(DynamoDbLocalServer dynamoDb, MotoServer moto) {
        this.dynamoDb = dynamoDb;
        this.moto = moto;
    }

    static LocalEmulator start() {
        // moto is another process: let it boot while DynamoDB Local loads here (saves about 1 s).
        CompletableFuture<MotoServer> moto = CompletableFuture.supplyAsync(() -> MotoServer.start(python()));
        DynamoDbLocalServer dynamoDb;
        try {
            dynamoDb = DynamoDbLocalServer.start();
        } catch (RuntimeException e) {
            moto.thenAccept(MotoServer::close);
            throw e;
        }
        try {
            return new LocalEmulator(dynamoDb, await(moto));
        } catch (RuntimeException e) {
            dynamoDb.close();
            throw e;
        }
    }

    @Override
    public String mode() {
        return AwsEmulators.MODE_LOCAL;
    }

    // moto has DynamoDB too, but DynamoDB Local is AWS's own engine: closer on conditions,
    // transactions and error messages, which is what the store tests exercise.
    @Override
    public URI endpoint(String service) {
        return service.equals("dynamodb") ? dynamoDb.endpoint() : moto.endpoint();
    }

    @Override
    public List<SentEmail> sentEmails() {
        return moto.sentEmails();
    }

    @Override
    public void close() {
        try {
            moto.close();
        } finally {
            dynamoDb.close();
        }
    }

    private static MotoServer await(CompletableFuture<MotoServer> moto) {
        try {
            return moto.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private static String python() {
        String configured = System.getenv(PYTHON_ENV);
        return configured == null || configured.isBlank() ? "python3" : configured.trim();
    }
}
