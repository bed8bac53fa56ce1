package dev.webhooks.core.error;

/**
 * The resource does not exist for the caller's organization. Another organization's resource is reported the same way,
 * so its existence is never revealed.
 */
public class NotFoundException extends ClientErrorException {

    public NotFoundException(String detail) {
        super(404, "Not found", detail);
    }
}
