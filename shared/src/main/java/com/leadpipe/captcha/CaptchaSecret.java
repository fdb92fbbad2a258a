package com.leadpipe.captcha;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The captcha provider's secret, named by the stack (CAPTCHA_SECRET_NAME), read on the first
 * request that needs it and kept for the container's life: stacks without captcha campaigns
 * never call SSM or Secrets Manager, and those with them call once per container. A failed read
 * is not kept, so the next request tries again.
 */
public final class CaptchaSecret {

    /** Where a secret name points. */
    public enum Store { SSM_PARAMETER, SECRETS_MANAGER }

    /** Reads one secret's value from its store; throws when it cannot. */
    @FunctionalInterface
    public interface Reader {
        String read(Store store, String name);
    }

    /** The stack names no secret, or it cannot be read: no captcha campaign can take signups. */
    public static final class Unavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final Pattern SECRETS_MANAGER_ARN = Pattern.compile("arn:[a-z-]+:secretsmanager:.*");

    private final Optional<String> name;
    private final Reader reader;
    private String value;

    public CaptchaSecret(Optional<String> name, Reader reader) {
        this.name = name;
        this.reader = reader;
    }

    /** No secret named: captcha campaigns answer 500 (for handlers and tests without captcha). */
    public static CaptchaSecret none() {
        return new CaptchaSecret(Optional.empty(), (store, n) -> {
            throw new IllegalStateException("no secret");
        });
    }

    /**
     * Secrets Manager for its ARNs ({@code arn:aws:secretsmanager:…}); SSM Parameter Store for
     * anything else, a parameter name ({@code /leadpipe/captcha}) or ARN ({@code arn:aws:ssm:…}),
     * both of which GetParameter takes as they are.
     */
    public static Store store(String name) {
        return SECRETS_MANAGER_ARN.matcher(name).matches() ? Store.SECRETS_MANAGER : Store.SSM_PARAMETER;
    }

    /** @throws Unavailable when no secret is named or reading it fails */
    public synchronized String get() {
        if (value != null) {
            return value;
        }
        if (name.isEmpty()) {
            throw new Unavailable("CAPTCHA_SECRET_NAME is not set (stack parameter CaptchaSecretName)", null);
        }
        String read;
        try {
            read = reader.read(store(name.get()), name.get());
        } catch (RuntimeException e) {
            throw new Unavailable("cannot read the captcha secret " + name.get() + ": " + e.getClass().getSimpleName(), e);
        }
        if (read == null || read.isBlank()) {
            throw new Unavailable("the captcha secret " + name.get() + " is empty", null);
        }
        value = read.strip();
        return value;
    }
}
