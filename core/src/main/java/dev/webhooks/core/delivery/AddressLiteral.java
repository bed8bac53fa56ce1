package dev.webhooks.core.delivery;

/**
 * Strict parsers for IP literals, written out rather than borrowed from {@link java.net.InetAddress}: the JDK accepts
 * BSD forms such as {@code 127.1} and {@code 2130706433} and falls back to a DNS lookup for what it cannot parse, and
 * a guard must know exactly which text it treats as an address.
 */
final class AddressLiteral {

    private AddressLiteral() {
    }

    /** The four bytes of canonical dotted decimal {@code a.b.c.d} (each 0..255, no leading zero), else null. */
    static byte[] parseIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            int value = parseDecimalOctet(parts[i]);
            if (value < 0) {
                return null;
            }
            bytes[i] = (byte) value;
        }
        return bytes;
    }

    /**
     * The sixteen bytes of an RFC 4291 text address (hex groups, at most one {@code ::}, an optional canonical dotted
     * quad as the last 32 bits), else null. No brackets and no zone id.
     */
    static byte[] parseIpv6(String text) {
        if (text.isEmpty() || !text.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
            return null;
        }
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        int[] head = parseGroups(gap < 0 ? text : text.substring(0, gap), gap < 0);
        int[] tail = parseGroups(gap < 0 ? "" : text.substring(gap + 2), gap >= 0);
        if (head == null || tail == null) {
            return null;
        }
        int given = head.length + tail.length;
        if (gap < 0 ? given != 8 : given > 7) {
            return null;
        }
        byte[] bytes = new byte[16];
        for (int i = 0; i < head.length; i++) {
            putGroup(bytes, i, head[i]);
        }
        for (int i = 0; i < tail.length; i++) {
            putGroup(bytes, 8 - tail.length + i, tail[i]);
        }
        return bytes;
    }

    private static int[] parseGroups(String part, boolean mayEndInIpv4) {
        if (part.isEmpty()) {
            return new int[0];
        }
        String[] texts = part.split(":", -1);
        boolean endsInIpv4 = mayEndInIpv4 && texts[texts.length - 1].contains(".");
        int[] groups = new int[texts.length + (endsInIpv4 ? 1 : 0)];
        for (int i = 0; i < texts.length; i++) {
            if (endsInIpv4 && i == texts.length - 1) {
                byte[] ipv4 = parseIpv4(texts[i]);
                if (ipv4 == null) {
                    return null;
                }
                groups[i] = (ipv4[0] & 0xff) << 8 | ipv4[1] & 0xff;
                groups[i + 1] = (ipv4[2] & 0xff) << 8 | ipv4[3] & 0xff;
            } else {
                String group = texts[i];
                if (group.isEmpty() || group.length() > 4 || group.contains(".")) {
                    return null;
                }
                groups[i] = Integer.parseInt(group, 16);
            }
        }
        return groups;
    }

    private static void putGroup(byte[] bytes, int index, int group) {
        bytes[2 * index] = (byte) (group >>> 8);
        bytes[2 * index + 1] = (byte) group;
    }

    /** 0..255 written without leading zero, else -1. */
    static int parseDecimalOctet(String text) {
        int value = parseDecimal(text, 3);
        return value <= 255 ? value : -1;
    }

    /** A non-negative decimal of at most {@code maxDigits} ASCII digits and no leading zero, else -1. */
    static int parseDecimal(String text, int maxDigits) {
        if (text.isEmpty() || text.length() > maxDigits || text.length() > 1 && text.charAt(0) == '0') {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
