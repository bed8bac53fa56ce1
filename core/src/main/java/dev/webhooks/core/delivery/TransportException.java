package dev.webhooks.core.delivery;

/** A request that got no HTTP answer: refused address, connection failure, or timeout. */
public class TransportException extends Exception {

    private final FailureCode code;

    public TransportException(FailureCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public FailureCode code() {
        return code;
    }
}
