package dev.webhooks.api.security;

import jakarta.enterprise.context.RequestScoped;

/** The authenticated caller of the current request: set by {@link AuthenticationFilter}, read by resources. */
@RequestScoped
public class Caller {

    private String organizationId;

    void authenticate(String organizationId) {
        this.organizationId = organizationId;
    }

    /** The caller's organization; every read and write of the request is scoped by it. */
    public String organizationId() {
        if (organizationId == null) {
            throw new IllegalStateException("No authenticated caller: the resource method is not behind the filter");
        }
        return organizationId;
    }
}
