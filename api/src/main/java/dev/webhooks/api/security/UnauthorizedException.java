package dev.webhooks.api.security;

import dev.webhooks.core.error.ClientErrorException;

/** The request carries no usable credentials. */
public class UnauthorizedException extends ClientErrorException {

    public UnauthorizedException(String detail) {
        super(401, "Unauthorized", detail);
    }
}
