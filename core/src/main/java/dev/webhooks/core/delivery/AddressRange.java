package dev.webhooks.core.delivery;

import java.util.Arrays;

/**
 * A CIDR block such as {@code 10.0.0.0/8} or {@code fe80::/10}. It holds addresses of its own family only: an IPv4
 * range never contains an IPv6 address, embedded or not.
 */
final class AddressRange {

    private final byte[] network;
    private final int prefixLength;
    private final String text;

    private AddressRange(byte[] network, int prefixLength, String text) {
        this.network = network;
        this.prefixLength = prefixLength;
        this.text = text;
    }

    /**
     * Parses {@code address/prefix}: a canonical IPv4 or an IPv6 literal (no brackets, no zone), an explicit prefix
     * length, and no bit set after the prefix, so that a typo such as {@code 10.0.0.1/8} is an error, not a surprise.
     *
     * @throws IllegalArgumentException naming the CIDR and what is wrong with it
     */
    static AddressRange parse(String cidr) {
        if (cidr == null) {
            throw new IllegalArgumentException("an allowed range is null");
        }
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw invalid(cidr, "it has no /prefix length");
        }
        String address = cidr.substring(0, slash);
        byte[] network = address.contains(":") ? AddressLiteral.parseIpv6(address) : AddressLiteral.parseIpv4(address);
        if (network == null) {
            throw invalid(cidr, "'" + address + "' is not a canonical IPv4 or IPv6 address");
        }
        int bits = network.length * 8;
        int prefixLength = AddressLiteral.parseDecimal(cidr.substring(slash + 1), 3);
        if (prefixLength < 0 || prefixLength > bits) {
            throw invalid(cidr, "the prefix length must be a number from 0 to " + bits);
        }
        if (!Arrays.equals(network, masked(network, prefixLength))) {
            throw invalid(cidr, "bits are set after the prefix");
        }
        return new AddressRange(network, prefixLength, cidr);
    }

    private static IllegalArgumentException invalid(String cidr, String why) {
        return new IllegalArgumentException("invalid CIDR '" + cidr + "': " + why);
    }

    boolean contains(byte[] address) {
        return address.length == network.length && Arrays.equals(network, masked(address, prefixLength));
    }

    private static byte[] masked(byte[] address, int prefixLength) {
        byte[] masked = address.clone();
        for (int bit = prefixLength; bit < masked.length * 8; bit++) {
            masked[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return masked;
    }

    @Override
    public String toString() {
        return text;
    }
}
