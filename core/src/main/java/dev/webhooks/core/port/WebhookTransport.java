package dev.webhooks.core.port;

import java.time.Duration;

import dev.webhooks.core.delivery.OutboundRequest;
import dev.webhooks.core.delivery.OutboundResponse;
import dev.webhooks.core.delivery.TransportException;

/**
 * Sends one HTTP request to the outside world: no redirects followed, TLS verified, bounded in time, and never to an
 * address the SSRF guard refuses.
 */
public interface WebhookTransport {

    /** No limit of the caller's: the transport's own applies. */
    Duration NO_LIMIT = Duration.ofMillis(Long.MAX_VALUE);

    /**
     * Sends within {@code timeout}, and never longer than the transport's own limit for one request: a send that takes
     * longer is aborted and fails with {@code Timeout}.
     */
    OutboundResponse send(OutboundRequest request, Duration timeout) throws TransportException;

    /** Sends within the transport's own limit for one request. */
    default OutboundResponse send(OutboundRequest request) throws TransportException {
        return send(request, NO_LIMIT);
    }
}
