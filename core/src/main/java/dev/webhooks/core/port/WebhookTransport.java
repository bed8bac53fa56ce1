package dev.webhooks.core.port;

import dev.webhooks.core.delivery.OutboundRequest;
import dev.webhooks.core.delivery.OutboundResponse;
import dev.webhooks.core.delivery.TransportException;

/**
 * Sends one HTTP request to the outside world: no redirects followed, TLS verified, bounded in time, and never to an
 * address the SSRF guard refuses.
 */
public interface WebhookTransport {

    OutboundResponse send(OutboundRequest request) throws TransportException;
}
