package dev.webhooks.core.error;

/**
 * The resource does not exist for the caller's organization. Another organization's resource is reported the same way,
 * so its existence is never revealed.
 */
public class NotFoundException extends ClientErrorException {

    public NotFoundException(String detail) {
        super(404, "Not found", detail);
    }

    /** No webhook config with this id in the caller's organization (a long id is shortened in the message). */
    public static NotFoundException config(String configId) {
        String shown = configId.length() > 64 ? configId.substring(0, 64) + "..." : configId;
        return new NotFoundException("No webhook config with id " + shown);
    }
}
