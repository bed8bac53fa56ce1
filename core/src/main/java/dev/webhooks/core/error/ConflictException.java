package dev.webhooks.core.error;

/** The resource changed between the caller's read and its write; it should read again and retry. */
public class ConflictException extends ClientErrorException {

    public ConflictException(String detail) {
        super(409, "Conflict", detail);
    }
}
