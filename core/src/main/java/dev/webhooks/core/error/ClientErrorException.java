package dev.webhooks.core.error;

/**
 * A mistake of the caller. The API answers it with its {@link #status()} as {@code application/problem+json}; nothing
 * was changed. Anything that is not a {@code ClientErrorException} is a server error and is answered with a bare 500.
 */
public class ClientErrorException extends RuntimeException {

    private final int status;
    private final String title;

    public ClientErrorException(int status, String title, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }
}
