package dev.webhooks.core.error;

/** The caller's {@code If-Match} version is no longer the stored one. */
public class PreconditionFailedException extends ClientErrorException {

    public PreconditionFailedException(String detail) {
        super(412, "Precondition failed", detail);
    }
}
