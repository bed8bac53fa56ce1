package dev.webhooks.core.delivery;

import java.util.List;
import java.util.Map;

import dev.webhooks.core.config.HttpMethod;

/**
 * One HTTP request this service sends: to a webhook endpoint or to an OAuth token endpoint.
 *
 * @param headers name/value pairs, in order (a name may repeat)
 * @param body {@code null} for no body
 */
public record OutboundRequest(HttpMethod method, String url, List<Map.Entry<String, String>> headers, String body,
        String contentType) {

    public OutboundRequest {
        headers = List.copyOf(headers);
    }
}
