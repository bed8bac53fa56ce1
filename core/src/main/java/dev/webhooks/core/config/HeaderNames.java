package dev.webhooks.core.config;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The header names a config may set (an API key's {@code keyName}, an OAuth parameter sent as a header): a valid HTTP
 * token, and none of the headers the service sets itself. A framing or hop-by-hop header could split or smuggle the
 * request, {@code Content-Type} would misdescribe the signed body, and the Standard Webhooks headers would let a config
 * forge or hide the signature its receiver checks. {@code Authorization} stays allowed: it is where many APIs expect
 * their key.
 */
public final class HeaderNames {

    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");

    /** Lower case; compared without regard to case, as HTTP does. */
    static final Set<String> RESERVED = Set.of(
            // framing and hop-by-hop (RFC 9110, 9112)
            "host", "content-length", "transfer-encoding", "connection", "upgrade", "te", "trailer", "keep-alive",
            "proxy-connection", "proxy-authorization", "proxy-authenticate",
            // what the body is
            "content-type",
            // the Standard Webhooks signature headers
            "webhook-id", "webhook-timestamp", "webhook-signature");

    private HeaderNames() {
    }

    /** Why {@code name} cannot be a header a config sets, or {@code null} when it can. */
    public static String problem(String name) {
        if (!TOKEN.matcher(name).matches()) {
            return "must be a valid HTTP header name (letters, digits and !#$%&'*+-.^_`|~, no spaces or colons)";
        }
        if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
            return "must not be " + name + ": the service sets it (framing, hop-by-hop, Content-Type and the "
                    + "webhook-id, webhook-timestamp and webhook-signature headers)";
        }
        return null;
    }
}
