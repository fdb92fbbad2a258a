package com.leadpipe.testing;

import java.net.URI;
import java.util.List;

/**
 * The Docker-free set: one moto server for every service, DynamoDB included. Its DynamoDB is not
 * AWS's engine: where it differs (README, "How the integration tests reach AWS"), tests check
 * Leadpipe's own behaviour and say which emulator they are on.
 */
final class LocalEmulator implements Emulator {

    static final String PYTHON_ENV = MotoPython.ENV;

    private final MotoServer moto;

    private LocalEmulator(MotoServer moto) {
        this.moto = moto;
    }

    static LocalEmulator start() {
        return new LocalEmulator(MotoServer.start(python()));
    }

    @Override
    public String mode() {
        return AwsEmulators.MODE_LOCAL;
    }

    @Override
    public URI endpoint(String service) {
        return moto.endpoint();
    }

    @Override
    public List<SentEmail> sentEmails() {
        return moto.sentEmails();
    }

    @Override
    public void close() {
        moto.close();
    }

    /** The interpreter the local runner would pick (LEADPIPE_PYTHON, the project venv, python3); tests install nothing. */
    private static String python() {
        try {
            return MotoPython.fromEnvironment().find().python();
        } catch (MotoPython.NoMoto e) {
            throw new EmulatorUnavailableException(e.instructions(), e);
        }
    }
}
