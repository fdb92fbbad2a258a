package com.leadpipe.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.leadpipe.aws.AwsClients;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The launcher's own behaviour: what the local runner counts on when it stops. */
class MotoServerIT {

    @Test
    void ctrlCLeavesMotoRunningForItsOwnerToStop() throws Exception {
        String python;
        try {
            python = MotoPython.fromEnvironment().find().python();
        } catch (MotoPython.NoMoto e) {
            // Skipped, not failed, only where moto is absent on purpose: a LocalStack-only machine runs
            // the suite without moto (AwsEmulators itself fails the run when neither emulator exists).
            assumeTrue(false, "no Python with moto on this machine (a LocalStack-only run): " + e.getMessage());
            return;
        }
        // GIVEN a moto server of its own (Ctrl-C in a terminal reaches moto and the runner at once)
        try (MotoServer moto = MotoServer.start(python)) {

            // WHEN it gets SIGINT
            assertThat(new ProcessBuilder("kill", "-INT", Long.toString(moto.process().pid())).start().waitFor()).isZero();

            // THEN it still serves, so the runner can save its tables while it stops; close() ends it.
            // (moto's own handler exits at once; a request's round trip is ample time for it to have.)
            try (DynamoDbClient dynamoDb = new AwsClients(AwsEmulators.REGION, AwsEmulators.CREDENTIALS,
                    Map.of("dynamodb", moto.endpoint()), AwsClients.Timeouts.EMULATOR).dynamoDb()) {
                assertThat(dynamoDb.listTables().tableNames()).isEmpty();
            }
            assertThat(moto.process().isAlive()).isTrue();
        }
    }
}
