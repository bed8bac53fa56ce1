package dev.webhooks.core.config;

import java.net.URI;
import java.util.Locale;

/** The origin of a url: what a request to it reaches, and what a secret given for it may be sent to. */
public final class Origins {

    private Origins() {
    }

    /**
     * Scheme, host and port ({@code https://hooks.example.com:443}), lower case, the port made explicit. A url without
     * a host answers itself: it can only equal the same text.
     */
    public static String of(String url) {
        try {
            URI uri = URI.create(url);
            if (uri.getHost() == null || uri.getScheme() == null) {
                return url;
            }
            int port = uri.getPort() != -1 ? uri.getPort() : "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
            return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":"
                    + port;
        } catch (IllegalArgumentException e) {
            return url;
        }
    }
}
