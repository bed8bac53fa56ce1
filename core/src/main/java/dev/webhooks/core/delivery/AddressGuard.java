package dev.webhooks.core.delivery;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The SSRF guard of outbound webhook calls: it turns the host of a webhook URL into the addresses to connect to and
 * refuses any that reach the service's own network (loopback, private, link-local, cloud metadata and the other
 * special-purpose ranges of the IANA registries, plus IPv6 outside the global unicast block 2000::/3), directly or
 * through an IPv6 form that embeds an IPv4 address.
 *
 * <p>The caller must connect only to the addresses returned: resolving once and connecting to what was checked is what
 * defeats DNS rebinding, so the guard belongs in the HTTP client's DNS hook, not before a second lookup. A DNS answer
 * with a single refused address is refused whole, so no retry or fallback can land on it. Host text that another parser
 * might read as a different IPv4 address ({@code 2130706433}, {@code 0x7f.1}, {@code 010.0.0.1}) is refused before any
 * resolver call, whatever it points to.
 *
 * <p>Immutable and thread-safe. Plain Java: no socket is opened and DNS is asked only through the given resolver.
 */
public final class AddressGuard {

    /** A resolver seam: production passes {@code InetAddress::getAllByName}; tests pass a fake DNS. */
    @FunctionalInterface
    public interface HostResolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private record Rule(AddressRange range, String category) {
        Rule(String cidr, String category) {
            this(AddressRange.parse(cidr), category);
        }
    }

    /** An IPv6 block that carries an IPv4 address at {@code offset}; the IPv4 rules decide. */
    private record Embedding(AddressRange range, int offset, String name) {
        Embedding(String form, String cidr, int offset) {
            this(AddressRange.parse(cidr), offset, form + " " + cidr);
        }
    }

    /** First match wins: exact addresses come before the blocks that hold them. */
    private static final List<Rule> IPV4_RULES = List.of(
            new Rule("169.254.169.254/32", "cloud metadata"), // EC2, GCP, Azure instance metadata
            new Rule("169.254.170.2/32", "cloud metadata"), // ECS task credentials
            new Rule("169.254.170.23/32", "cloud metadata"), // EKS Pod Identity credentials
            new Rule("0.0.0.0/8", "this network"),
            new Rule("10.0.0.0/8", "private"),
            new Rule("100.64.0.0/10", "shared address space (CGNAT)"),
            new Rule("127.0.0.0/8", "loopback"),
            new Rule("169.254.0.0/16", "link-local"),
            new Rule("172.16.0.0/12", "private"),
            new Rule("192.0.0.0/24", "IETF protocol assignments"),
            new Rule("192.0.2.0/24", "documentation"),
            new Rule("192.168.0.0/16", "private"),
            new Rule("198.18.0.0/15", "benchmarking"),
            new Rule("198.51.100.0/24", "documentation"),
            new Rule("203.0.113.0/24", "documentation"),
            new Rule("224.0.0.0/4", "multicast"),
            new Rule("255.255.255.255/32", "broadcast"),
            new Rule("240.0.0.0/4", "reserved"));

    private static final List<Rule> IPV6_RULES = List.of(
            new Rule("::/128", "unspecified"),
            new Rule("::1/128", "loopback"),
            new Rule("fd00:ec2::254/128", "cloud metadata"), // EC2 instance metadata over IPv6
            new Rule("fd00:ec2::23/128", "cloud metadata"), // EKS Pod Identity credentials over IPv6
            new Rule("fe80::/10", "link-local"),
            new Rule("fec0::/10", "site-local"),
            new Rule("fc00::/7", "unique-local"),
            new Rule("ff00::/8", "multicast"),
            new Rule("100::/64", "discard"),
            new Rule("2001:db8::/32", "documentation"),
            new Rule("3fff::/20", "documentation"), // RFC 9637
            new Rule("2001:2::/48", "benchmarking"),
            // Teredo hides its IPv4 addresses XOR-ed inside the address: refused outright.
            new Rule("2001::/32", "Teredo"),
            // RFC 8215 local-use NAT64: the operator picks where the IPv4 address sits; never globally reachable.
            new Rule("64:ff9b:1::/48", "NAT64 local-use"));

    /** IPv4-mapped {@code ::ffff:0:0/96} is not here: it is turned into its IPv4 address first, as Java's sockets do. */
    private static final List<Embedding> IPV4_EMBEDDINGS = List.of(
            new Embedding("IPv4-translated", "::ffff:0:0:0/96", 12),
            new Embedding("IPv4-compatible", "::/96", 12),
            new Embedding("NAT64", "64:ff9b::/96", 12),
            new Embedding("6to4", "2002::/16", 2));

    private static final AddressRange IPV4_MAPPED = AddressRange.parse("::ffff:0:0/96");

    private static final AddressRange GLOBAL_UNICAST = AddressRange.parse("2000::/3");

    private final List<AddressRange> allowedRanges;

    /**
     * @param allowedRanges CIDRs that are permitted even though they are special (e.g. {@code "127.0.0.1/32"},
     *        {@code "::1/128"}) — configured for local runs and tests only; empty in production. A range permits the
     *        address connected to, not an IPv4 address embedded in an IPv6 one.
     * @throws IllegalArgumentException for an invalid CIDR: no prefix length, a name or non-canonical address, or bits
     *         set after the prefix
     */
    public AddressGuard(List<String> allowedRanges) {
        this.allowedRanges = allowedRanges.stream().map(AddressRange::parse).toList();
    }

    /**
     * Resolves the host of a webhook URL to the addresses to connect to, all of them permitted.
     *
     * @param host the host as it appears in a URL: a name, a canonical IPv4 literal, or an IPv6 literal with or without
     *        brackets. Literals are parsed here, never passed to the resolver.
     * @throws RefusedAddressException (an {@link UnknownHostException}) when the host is obfuscated or malformed, when
     *         the resolver answers no address, or when any address of the answer is refused; its
     *         {@link RefusedAddressException#reason()} names the category and its message the address
     * @throws UnknownHostException when the resolver cannot resolve the name
     */
    public List<InetAddress> resolve(String host, HostResolver resolver) throws UnknownHostException {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(resolver, "resolver");
        InetAddress literal = parseLiteral(host);
        InetAddress[] addresses = literal != null ? new InetAddress[] {literal} : resolver.resolve(host);
        if (addresses == null || addresses.length == 0 || Arrays.asList(addresses).contains(null)) {
            throw new RefusedAddressException(host, host, "the resolver answered no address");
        }
        for (InetAddress address : addresses) {
            String reason = refusalReason(address);
            if (reason != null) {
                throw new RefusedAddressException(host, address.getHostAddress(), reason);
            }
        }
        return List.of(addresses);
    }

    /**
     * Judges one address; an IPv4-mapped IPv6 address is judged as the IPv4 address it is on the wire.
     *
     * @return null when the address may be connected to, else the reason: its category, such as {@code "loopback"},
     *         {@code "private"}, {@code "link-local"} or {@code "cloud metadata"}, followed for an IPv6 address that
     *         embeds an IPv4 one by the embedded address and the form
     */
    public String refusalReason(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address ipv6 && (ipv6.getScopeId() != 0 || ipv6.getScopedInterface() != null)) {
            return "IPv6 zone id";
        }
        if (IPV4_MAPPED.contains(bytes)) {
            bytes = Arrays.copyOfRange(bytes, 12, 16);
        }
        for (AddressRange allowed : allowedRanges) {
            if (allowed.contains(bytes)) {
                return null;
            }
        }
        return bytes.length == 4 ? ipv4Category(bytes) : ipv6Category(bytes);
    }

    private static String ipv4Category(byte[] bytes) {
        for (Rule rule : IPV4_RULES) {
            if (rule.range().contains(bytes)) {
                return rule.category();
            }
        }
        return null;
    }

    private static String ipv6Category(byte[] bytes) {
        for (Rule rule : IPV6_RULES) {
            if (rule.range().contains(bytes)) {
                return rule.category();
            }
        }
        for (Embedding embedding : IPV4_EMBEDDINGS) {
            if (embedding.range().contains(bytes)) {
                byte[] ipv4 = Arrays.copyOfRange(bytes, embedding.offset(), embedding.offset() + 4);
                String category = ipv4Category(ipv4);
                return category == null ? null : category + " (" + dotted(ipv4) + " embedded in " + embedding.name() + ")";
            }
        }
        // Public hosts live in 2000::/3, the only block IANA hands out as global unicast; the rest is unassigned.
        return GLOBAL_UNICAST.contains(bytes) ? null : "reserved";
    }

    /**
     * The address of an IP literal host, null for a name, or a refusal for text that is neither: obfuscated IPv4,
     * malformed IPv6, a zone id, non-ASCII or otherwise not a host name.
     */
    private static InetAddress parseLiteral(String host) throws UnknownHostException {
        if (host.isEmpty()) {
            throw new RefusedAddressException(host, host, "empty host");
        }
        if (!host.chars().allMatch(c -> c < 0x80)) {
            // IDNA would map full-width digits and dots to ASCII ones: only the punycode form is accepted.
            throw new RefusedAddressException(host, host, "non-ASCII host (give its punycode form)");
        }
        if (host.startsWith("[") || host.contains(":")) {
            return InetAddress.getByAddress(parseIpv6Literal(host));
        }
        // Like the WHATWG URL parser: a host whose last label is a number is an IPv4 address or an error.
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (isNumber(name.substring(name.lastIndexOf('.') + 1))) {
            byte[] ipv4 = AddressLiteral.parseIpv4(host);
            if (ipv4 == null) {
                throw new RefusedAddressException(host, host,
                        "obfuscated IPv4 literal (only dotted decimal a.b.c.d without leading zeros is accepted)");
            }
            return InetAddress.getByAddress(ipv4);
        }
        if (!isHostName(name)) {
            throw new RefusedAddressException(host, host, "malformed host name");
        }
        return null;
    }

    private static byte[] parseIpv6Literal(String host) throws RefusedAddressException {
        boolean bracketed = host.startsWith("[") && host.endsWith("]");
        String literal = bracketed ? host.substring(1, host.length() - 1) : host;
        if (literal.contains("%")) {
            throw new RefusedAddressException(host, host, "IPv6 zone id");
        }
        byte[] bytes = host.startsWith("[") && !bracketed ? null : AddressLiteral.parseIpv6(literal);
        if (bytes == null) {
            throw new RefusedAddressException(host, host, "malformed IPv6 literal");
        }
        return bytes;
    }

    /** What inet_aton and the WHATWG URL parser read as a number: decimal, octal with a leading 0, or 0x hex. */
    private static boolean isNumber(String label) {
        if (label.startsWith("0x") || label.startsWith("0X")) {
            return label.chars().skip(2).allMatch(c -> Character.digit(c, 16) >= 0);
        }
        return !label.isEmpty() && label.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** Dot-separated labels of 1 to 63 letters, digits, hyphens or underscores (some real names carry one). */
    private static boolean isHostName(String name) {
        if (name.isEmpty() || name.length() > 253) {
            return false;
        }
        for (String label : name.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63 || !label.chars().allMatch(
                    c -> c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    private static String dotted(byte[] ipv4) {
        return (ipv4[0] & 0xff) + "." + (ipv4[1] & 0xff) + "." + (ipv4[2] & 0xff) + "." + (ipv4[3] & 0xff);
    }
}
