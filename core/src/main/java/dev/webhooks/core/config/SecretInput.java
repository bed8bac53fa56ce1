package dev.webhooks.core.config;

/**
 * What a request said about one secret field. On update the contract distinguishes three cases: a field left out keeps
 * the stored value, {@code null} clears it, a string replaces it.
 */
public sealed interface SecretInput {

    Keep KEEP = new Keep();
    Clear CLEAR = new Clear();

    static SecretInput set(String value) {
        return new Set(Secret.of(value));
    }

    /** The secret this input leaves in place of {@code stored} (which may be {@code null}). */
    Secret applyTo(Secret stored);

    record Keep() implements SecretInput {
        @Override
        public Secret applyTo(Secret stored) {
            return stored;
        }
    }

    record Clear() implements SecretInput {
        @Override
        public Secret applyTo(Secret stored) {
            return null;
        }
    }

    record Set(Secret secret) implements SecretInput {
        @Override
        public Secret applyTo(Secret stored) {
            return secret;
        }
    }
}
