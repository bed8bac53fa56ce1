package dev.webhooks.core.delivery;

import java.net.UnknownHostException;

/**
 * The SSRF guard refused a webhook host: its literal is obfuscated or malformed, or a resolved address is special
 * (loopback, private, link-local, cloud metadata, ...). Nothing was connected to.
 *
 * <p>It is a checked {@link UnknownHostException} on purpose: {@link AddressGuard#resolve} keeps the signature of a
 * resolver, so the guard can back an HTTP client's DNS hook (Apache HttpClient 5's {@code DnsResolver}) and the refusal
 * surfaces as a failed connection, which that client's default retry strategy does not retry. A refusal is permanent
 * for the same configuration: callers that retry unknown hosts should catch this type first and not retry it.
 */
public final class RefusedAddressException extends UnknownHostException {

    private static final long serialVersionUID = 1L;

    private final String host;
    private final String address;
    private final String reason;

    /**
     * @param host the host as the webhook URL gives it
     * @param address the refused address, or the host itself when it was refused as text before any resolution
     * @param reason the category, e.g. {@code "loopback"} or {@code "obfuscated IPv4 literal"}
     */
    public RefusedAddressException(String host, String address, String reason) {
        // The message reaches clients (history, test-oauth): it never names a resolved address, which would map the
        // internal network for whoever chose the host. address() keeps it for the operators' logs.
        super(host.equals(address)
                ? "host '" + host + "' is refused: " + reason
                : "host '" + host + "' is refused: it resolves to a special address (" + reason + ")");
        this.host = host;
        this.address = address;
        this.reason = reason;
    }

    /** The host as the webhook URL gives it. */
    public String host() {
        return host;
    }

    /** The refused address in text form, or the host itself when the refusal came before any resolution. */
    public String address() {
        return address;
    }

    /** Why: the category of the refused address or literal, e.g. {@code "private"} or {@code "cloud metadata"}. */
    public String reason() {
        return reason;
    }
}
