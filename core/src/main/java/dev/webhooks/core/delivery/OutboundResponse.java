package dev.webhooks.core.delivery;

import java.util.Map;
import java.util.Optional;

/**
 * What came back: the status, the headers (names lower-case) and the first bytes of the body (at most the transport's
 * limit; the rest is not read).
 */
public record OutboundResponse(int statusCode, Map<String, String> headers, String body) {

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
    }

    public boolean successful() {
        return statusCode >= 200 && statusCode < 300;
    }
}
