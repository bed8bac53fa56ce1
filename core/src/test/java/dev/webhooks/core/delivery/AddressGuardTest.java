package dev.webhooks.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.webhooks.core.delivery.AddressGuard.HostResolver;

/**
 * The SSRF guard, row by row: each special range refused at its edges with a public neighbour allowed, IPv6 forms that
 * embed an IPv4 address judged by the IPv4 rules, obfuscated literals refused before any resolver call, and DNS
 * answers refused whole. No row opens a socket or asks a real DNS: test addresses are built from bytes or from IPv6
 * literals in brackets, which the JDK parses or rejects without a lookup.
 */
class AddressGuardTest {

    /** Literal hosts never reach the resolver; this one fails the test if they do. */
    private static final HostResolver NO_DNS = host -> {
        throw new AssertionError("the resolver was called for '" + host + "'");
    };

    private final AddressGuard guard = new AddressGuard(List.of());

    static Stream<Arguments> refusedAddresses() {
        return Stream.of(
                arguments("0.0.0.0 is this network", "0.0.0.0", "this network"),
                arguments("0.255.255.255, last of 0/8, is this network", "0.255.255.255", "this network"),
                arguments("10.0.0.1 is private", "10.0.0.1", "private"),
                arguments("10.255.255.255, last of 10/8, is private", "10.255.255.255", "private"),
                arguments("172.16.0.1, first of 172.16/12, is private", "172.16.0.1", "private"),
                arguments("172.31.255.255, last of 172.16/12, is private", "172.31.255.255", "private"),
                arguments("192.168.0.1 is private", "192.168.0.1", "private"),
                arguments("192.168.255.255, last of 192.168/16, is private", "192.168.255.255", "private"),
                arguments("127.0.0.1 is loopback", "127.0.0.1", "loopback"),
                arguments("127.255.255.254, anywhere in 127/8, is loopback", "127.255.255.254", "loopback"),
                arguments("169.254.0.1 is link-local", "169.254.0.1", "link-local"),
                arguments("169.254.255.255, last of 169.254/16, is link-local", "169.254.255.255", "link-local"),
                arguments("169.254.169.254 is cloud metadata", "169.254.169.254", "cloud metadata"),
                arguments("169.254.170.2, ECS task credentials, is cloud metadata", "169.254.170.2", "cloud metadata"),
                arguments("169.254.170.23, EKS Pod Identity, is cloud metadata", "169.254.170.23", "cloud metadata"),
                arguments("100.64.0.1, first of 100.64/10, is CGNAT", "100.64.0.1", "shared address space (CGNAT)"),
                arguments("100.127.255.255, last of 100.64/10, is CGNAT", "100.127.255.255", "shared address space"),
                arguments("192.0.0.8 is an IETF protocol assignment", "192.0.0.8", "IETF protocol assignments"),
                arguments("192.0.0.192, OCI metadata, is an IETF protocol assignment", "192.0.0.192", "IETF protocol"),
                arguments("192.0.2.1 (TEST-NET-1) is documentation", "192.0.2.1", "documentation"),
                arguments("198.51.100.7 (TEST-NET-2) is documentation", "198.51.100.7", "documentation"),
                arguments("203.0.113.9 (TEST-NET-3) is documentation", "203.0.113.9", "documentation"),
                arguments("198.18.0.1, first of 198.18/15, is benchmarking", "198.18.0.1", "benchmarking"),
                arguments("198.19.255.255, last of 198.18/15, is benchmarking", "198.19.255.255", "benchmarking"),
                arguments("224.0.0.1 is multicast", "224.0.0.1", "multicast"),
                arguments("239.255.255.250, last block of 224/4, is multicast", "239.255.255.250", "multicast"),
                arguments("240.0.0.1 is reserved", "240.0.0.1", "reserved"),
                arguments("255.255.255.254 is reserved", "255.255.255.254", "reserved"),
                arguments("255.255.255.255 is broadcast", "255.255.255.255", "broadcast"),
                arguments(":: is unspecified", "::", "unspecified"),
                arguments("::1 is loopback", "::1", "loopback"),
                arguments("fe80::1 is link-local", "fe80::1", "link-local"),
                arguments("febf:ffff::1, last of fe80::/10, is link-local", "febf:ffff::1", "link-local"),
                arguments("fec0::1 is site-local", "fec0::1", "site-local"),
                arguments("feff:ffff::1, last of fec0::/10, is site-local", "feff:ffff::1", "site-local"),
                arguments("fc00::1 is unique-local", "fc00::1", "unique-local"),
                arguments("fdff:...:ffff, last of fc00::/7, is unique-local",
                        "fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "unique-local"),
                arguments("fd00:ec2::254, EC2 metadata over IPv6, is cloud metadata", "fd00:ec2::254", "cloud metadata"),
                arguments("ff02::1 is multicast", "ff02::1", "multicast"),
                arguments("ff0e::1, global scope, is multicast", "ff0e::1", "multicast"),
                arguments("2001:db8::1 is documentation", "2001:db8::1", "documentation"),
                arguments("2001:db8:ffff:..., last of 2001:db8::/32, is documentation",
                        "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", "documentation"),
                arguments("3fff::1 (RFC 9637) is documentation", "3fff::1", "documentation"),
                arguments("100::1 is discard", "100::1", "discard"),
                arguments("100::ffff:ffff:ffff:ffff, last of 100::/64, is discard", "100::ffff:ffff:ffff:ffff", "discard"),
                arguments("2001::1 is Teredo", "2001::1", "Teredo"),
                arguments("a Teredo address wrapping a public server is still Teredo",
                        "2001:0:4136:e378:8000:63bf:3fff:fdd2", "Teredo"),
                arguments("2001:2::1 is benchmarking", "2001:2::1", "benchmarking"),
                arguments("64:ff9b:1::808:808, NAT64 local-use, is refused outright", "64:ff9b:1::808:808",
                        "NAT64 local-use"),
                arguments("fbff:ffff::1, outside 2000::/3, is reserved", "fbff:ffff::1", "reserved"),
                arguments("4000::1, outside 2000::/3, is reserved", "4000::1", "reserved"),
                arguments("100:0:0:1::1, just after the discard block, is reserved", "100:0:0:1::1", "reserved"),
                arguments("::ffff:127.0.0.1, IPv4-mapped, is loopback", "::ffff:127.0.0.1", "loopback"),
                arguments("::ffff:a9fe:a9fe, IPv4-mapped in hex, is cloud metadata", "::ffff:a9fe:a9fe", "cloud metadata"),
                arguments("::ffff:0:7f00:1, IPv4-translated, is loopback", "::ffff:0:7f00:1",
                        "loopback (127.0.0.1 embedded in IPv4-translated ::ffff:0:0:0/96)"),
                arguments("::ffff:0:10.0.0.1, IPv4-translated, is private", "::ffff:0:10.0.0.1", "private"),
                arguments("::127.0.0.1, IPv4-compatible, is loopback", "::127.0.0.1",
                        "loopback (127.0.0.1 embedded in IPv4-compatible ::/96)"),
                arguments("::a9fe:a9fe, IPv4-compatible, is cloud metadata", "::a9fe:a9fe", "cloud metadata"),
                arguments("::2, IPv4-compatible 0.0.0.2, is this network", "::2", "this network"),
                arguments("64:ff9b::7f00:1, NAT64, is loopback", "64:ff9b::7f00:1",
                        "loopback (127.0.0.1 embedded in NAT64 64:ff9b::/96)"),
                arguments("64:ff9b::10.0.0.1, NAT64, is private", "64:ff9b::10.0.0.1", "private"),
                arguments("64:ff9b::a9fe:a9fe, NAT64, is cloud metadata", "64:ff9b::a9fe:a9fe", "cloud metadata"),
                arguments("2002:7f00:1::, 6to4, is loopback", "2002:7f00:1::",
                        "loopback (127.0.0.1 embedded in 6to4 2002::/16)"),
                arguments("2002:c0a8:101::1, 6to4 of 192.168.1.1, is private", "2002:c0a8:101::1", "private"),
                arguments("2002:a9fe:a9fe:1::1, 6to4, is cloud metadata", "2002:a9fe:a9fe:1::1", "cloud metadata"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void refusedAddresses(String rule, String literal, String reason) {
        assertThat(guard.refusalReason(ip(literal))).startsWith(reason);
        assertThatThrownBy(() -> guard.resolve(urlHost(literal), NO_DNS))
                .isInstanceOfSatisfying(RefusedAddressException.class,
                        refused -> assertThat(refused.reason()).startsWith(reason));
    }

    static Stream<Arguments> allowedAddresses() {
        return Stream.of(
                arguments("1.0.0.0, just after 0/8", "1.0.0.0"),
                arguments("9.255.255.255, just before 10/8", "9.255.255.255"),
                arguments("11.0.0.0, just after 10/8", "11.0.0.0"),
                arguments("172.15.255.255, just before 172.16/12", "172.15.255.255"),
                arguments("172.32.0.0, just after 172.16/12", "172.32.0.0"),
                arguments("192.167.255.255, just before 192.168/16", "192.167.255.255"),
                arguments("192.169.0.0, just after 192.168/16", "192.169.0.0"),
                arguments("126.255.255.255, just before 127/8", "126.255.255.255"),
                arguments("128.0.0.0, just after 127/8", "128.0.0.0"),
                arguments("169.253.255.255, just before 169.254/16", "169.253.255.255"),
                arguments("169.255.0.0, just after 169.254/16", "169.255.0.0"),
                arguments("100.63.255.255, just before 100.64/10", "100.63.255.255"),
                arguments("100.128.0.0, just after 100.64/10", "100.128.0.0"),
                arguments("191.255.255.255, just before 192.0.0/24", "191.255.255.255"),
                arguments("192.0.1.0, between 192.0.0/24 and 192.0.2/24", "192.0.1.0"),
                arguments("192.0.3.0, just after 192.0.2/24", "192.0.3.0"),
                arguments("198.51.99.255, just before 198.51.100/24", "198.51.99.255"),
                arguments("198.51.101.0, just after 198.51.100/24", "198.51.101.0"),
                arguments("203.0.112.255, just before 203.0.113/24", "203.0.112.255"),
                arguments("203.0.114.0, just after 203.0.113/24", "203.0.114.0"),
                arguments("198.17.255.255, just before 198.18/15", "198.17.255.255"),
                arguments("198.20.0.0, just after 198.18/15", "198.20.0.0"),
                arguments("223.255.255.255, just before 224/4", "223.255.255.255"),
                arguments("8.8.8.8, a public resolver", "8.8.8.8"),
                arguments("2606:4700:4700::1111, a public IPv6 resolver", "2606:4700:4700::1111"),
                arguments("2000::, first of 2000::/3", "2000::"),
                arguments("2001:db7:ffff:..., just before 2001:db8::/32", "2001:db7:ffff:ffff:ffff:ffff:ffff:ffff"),
                arguments("2001:db9::, just after 2001:db8::/32", "2001:db9::"),
                arguments("2001:1::1, just after Teredo 2001::/32", "2001:1::1"),
                arguments("2001:3::1, just after benchmarking 2001:2::/48", "2001:3::1"),
                arguments("3ffe:ffff:..., just before 3fff::/20", "3ffe:ffff:ffff:ffff:ffff:ffff:ffff:ffff"),
                arguments("3fff:1000::, just after 3fff::/20", "3fff:1000::"),
                arguments("2003::1, just after 6to4 2002::/16", "2003::1"),
                arguments("::ffff:8.8.8.8, IPv4-mapped public", "::ffff:8.8.8.8"),
                arguments("::ffff:0:808:808, IPv4-translated public", "::ffff:0:808:808"),
                arguments("::8.8.8.8, IPv4-compatible public", "::8.8.8.8"),
                arguments("64:ff9b::808:808, NAT64 of a public address", "64:ff9b::808:808"),
                arguments("2002:808:808::1, 6to4 of a public address", "2002:808:808::1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void allowedAddresses(String rule, String literal) throws UnknownHostException {
        assertThat(guard.refusalReason(ip(literal))).isNull();
        assertThat(guard.resolve(urlHost(literal), NO_DNS)).containsExactly(ip(literal));
    }

    /** Java turns 16 mapped bytes into an Inet4Address, but Inet6Address.getByAddress keeps the IPv6 form. */
    static Stream<Arguments> addressesBuiltFromBytes() throws UnknownHostException {
        byte[] mappedLoopback = ipv6Bytes(0, 0, 0, 0, 0, 0xffff, 0x7f00, 0x0001);
        byte[] mappedMetadata = ipv6Bytes(0, 0, 0, 0, 0, 0xffff, 0xa9fe, 0xa9fe);
        byte[] mappedPublic = ipv6Bytes(0, 0, 0, 0, 0, 0xffff, 0x0808, 0x0808);
        return Stream.of(
                arguments("4 bytes 127.0.0.1 are loopback", InetAddress.getByAddress(bytes(127, 0, 0, 1)), "loopback"),
                arguments("4 bytes 8.8.8.8 are allowed", InetAddress.getByAddress(bytes(8, 8, 8, 8)), null),
                arguments("mapped bytes through InetAddress are loopback", InetAddress.getByAddress(mappedLoopback),
                        "loopback"),
                arguments("mapped Inet6Address ::ffff:127.0.0.1 is loopback",
                        Inet6Address.getByAddress(null, mappedLoopback, -1), "loopback"),
                arguments("mapped Inet6Address ::ffff:169.254.169.254 is cloud metadata",
                        Inet6Address.getByAddress(null, mappedMetadata, -1), "cloud metadata"),
                arguments("mapped Inet6Address ::ffff:8.8.8.8 is allowed",
                        Inet6Address.getByAddress(null, mappedPublic, -1), null),
                arguments("compatible Inet6Address ::127.0.0.1 is loopback",
                        Inet6Address.getByAddress(null, ipv6Bytes(0, 0, 0, 0, 0, 0, 0x7f00, 1), -1), "loopback"),
                arguments("NAT64 Inet6Address 64:ff9b::10.0.0.1 is private",
                        Inet6Address.getByAddress(null, ipv6Bytes(0x64, 0xff9b, 0, 0, 0, 0, 0x0a00, 1), -1), "private"),
                arguments("6to4 Inet6Address 2002:7f00:1:: is loopback",
                        Inet6Address.getByAddress(null, ipv6Bytes(0x2002, 0x7f00, 1, 0, 0, 0, 0, 0), -1), "loopback"),
                arguments("link-local fe80::1%2 carries a zone id",
                        Inet6Address.getByAddress(null, ipv6Bytes(0xfe80, 0, 0, 0, 0, 0, 0, 1), 2), "IPv6 zone id"),
                arguments("even a public address with a zone id is refused",
                        Inet6Address.getByAddress(null, ipv6Bytes(0x2606, 0x4700, 0x4700, 0, 0, 0, 0, 0x1111), 3),
                        "IPv6 zone id"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void addressesBuiltFromBytes(String rule, InetAddress address, String reason) {
        if (reason == null) {
            assertThat(guard.refusalReason(address)).isNull();
        } else {
            assertThat(guard.refusalReason(address)).startsWith(reason);
        }
    }

    static Stream<Arguments> hostsRefusedBeforeAnyResolverCall() {
        String obfuscated = "obfuscated IPv4 literal";
        String malformedIpv6 = "malformed IPv6 literal";
        String malformedName = "malformed host name";
        return Stream.of(
                arguments("decimal integer 2130706433", "2130706433", obfuscated),
                arguments("hex integer 0x7f000001", "0x7f000001", obfuscated),
                arguments("hex first part 0X7F.0.0.1", "0X7F.0.0.1", obfuscated),
                arguments("hex last part 127.0.0.0x1", "127.0.0.0x1", obfuscated),
                arguments("octal integer 017700000001", "017700000001", obfuscated),
                arguments("octal first part 0177.0.0.1", "0177.0.0.1", obfuscated),
                arguments("two parts 127.1", "127.1", obfuscated),
                arguments("three parts 10.1.1", "10.1.1", obfuscated),
                arguments("mixed hex and short form 0x7f.1", "0x7f.1", obfuscated),
                arguments("leading zero 010.0.0.1", "010.0.0.1", obfuscated),
                arguments("leading zero in the last part 127.0.0.01", "127.0.0.01", obfuscated),
                arguments("leading zero even when it points to a public address", "8.8.8.08", obfuscated),
                arguments("part over 255", "256.0.0.1", obfuscated),
                arguments("five parts", "1.2.3.4.5", obfuscated),
                arguments("trailing dot after a literal", "127.0.0.1.", obfuscated),
                arguments("a lone 0", "0", obfuscated),
                arguments("a bare 0x", "0x", obfuscated),
                arguments("a name ending in a hex label", "internal.0x7f", obfuscated),
                arguments("a name ending in a number", "example.123", obfuscated),
                arguments("zone id in brackets", "[fe80::1%eth0]", "IPv6 zone id"),
                arguments("URL-encoded zone id", "[fe80::1%25eth0]", "IPv6 zone id"),
                arguments("zone id on ::1", "[::1%1]", "IPv6 zone id"),
                arguments("bare IPv6 with a zone id", "fe80::1%1", "IPv6 zone id"),
                arguments("octal dotted quad inside IPv6", "[::ffff:0177.0.0.1]", malformedIpv6),
                arguments("short dotted quad inside IPv6", "[::ffff:127.1]", malformedIpv6),
                arguments("nine groups", "[1:2:3:4:5:6:7:8:9]", malformedIpv6),
                arguments("two :: gaps", "[1::2::3]", malformedIpv6),
                arguments("a five-digit group", "[::1ffff]", malformedIpv6),
                arguments("missing closing bracket", "[::1", malformedIpv6),
                arguments("a name in brackets", "[example.com]", malformedIpv6),
                arguments("IPv4 in brackets", "[127.0.0.1]", malformedIpv6),
                arguments("empty brackets", "[]", malformedIpv6),
                arguments("a port after the brackets", "[::1]:8080", malformedIpv6),
                arguments("a port after a name", "example.com:443", malformedIpv6),
                arguments("full-width digits", "\uff11\uff12\uff17.\uff10.\uff10.\uff11", "non-ASCII host"),
                arguments("ideographic full stops", "127\u30020\u30020\u30021", "non-ASCII host"),
                arguments("empty host", "", "empty host"),
                arguments("a space in the name", "exa mple.com", malformedName),
                arguments("an empty label", "example..com", malformedName),
                arguments("userinfo left in the host", "user@example.com", malformedName),
                arguments("a path left in the host", "example.com/hook", malformedName),
                arguments("a NUL byte", "example.com\u0000.evil", malformedName),
                arguments("a lone dot", ".", malformedName));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void hostsRefusedBeforeAnyResolverCall(String rule, String host, String reason) {
        assertThatThrownBy(() -> guard.resolve(host, NO_DNS))
                .isInstanceOfSatisfying(RefusedAddressException.class, refused -> {
                    assertThat(refused.reason()).startsWith(reason);
                    assertThat(refused.host()).isEqualTo(host);
                });
    }

    static Stream<Arguments> namesJudgedByEveryAddressOfTheAnswer() {
        return Stream.of(
                arguments("localhost resolving to both loopbacks", "localhost", List.of("127.0.0.1", "::1"), "loopback"),
                arguments("localhost resolving to ::1 only", "localhost", List.of("::1"), "loopback"),
                arguments("a *.localhost name", "app.localhost", List.of("127.0.0.1"), "loopback"),
                arguments("a public name", "example.com", List.of("93.184.215.14"), null),
                arguments("a dual-stack public name", "example.com",
                        List.of("93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"), null),
                arguments("a name with a root dot", "example.com.", List.of("93.184.215.14"), null),
                arguments("mixed answer, refused address last", "mixed.example", List.of("93.184.215.14", "10.0.0.5"),
                        "private"),
                arguments("mixed answer, refused address first", "mixed.example", List.of("127.0.0.1", "93.184.215.14"),
                        "loopback"),
                arguments("mixed IPv6 answer", "mixed6.example", List.of("2606:4700:4700::1111", "fd12:3456::1"),
                        "unique-local"),
                arguments("a metadata host name", "metadata.google.internal", List.of("169.254.169.254"),
                        "cloud metadata"),
                arguments("a name that spells a literal (nip.io style)", "127.0.0.1.nip.io", List.of("127.0.0.1"),
                        "loopback"),
                arguments("a name answering NAT64 of a private address", "nat64.example", List.of("64:ff9b::a00:5"),
                        "private"),
                arguments("an empty answer", "empty.example", List.of(), "the resolver answered no address"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void namesJudgedByEveryAddressOfTheAnswer(String rule, String host, List<String> answer, String reason)
            throws UnknownHostException {
        FakeDns dns = new FakeDns(host, answer.stream().map(AddressGuardTest::ip).toArray(InetAddress[]::new));

        if (reason == null) {
            assertThat(guard.resolve(host, dns)).containsExactlyElementsOf(Arrays.asList(dns.answer));
        } else {
            assertThatThrownBy(() -> guard.resolve(host, dns))
                    .isInstanceOfSatisfying(RefusedAddressException.class,
                            refused -> assertThat(refused.reason()).startsWith(reason));
        }
        assertThat(dns.questions).containsExactly(host);
    }

    static Stream<Arguments> allowedRanges() {
        return Stream.of(
                arguments("127.0.0.1/32 allows 127.0.0.1", List.of("127.0.0.1/32"), "127.0.0.1", null),
                arguments("127.0.0.1/32 does not allow 127.0.0.2", List.of("127.0.0.1/32"), "127.0.0.2", "loopback"),
                arguments("127.0.0.1/32 does not allow ::1", List.of("127.0.0.1/32"), "::1", "loopback"),
                arguments("127.0.0.1/32 does not allow NAT64 of 127.0.0.1", List.of("127.0.0.1/32"), "64:ff9b::7f00:1",
                        "loopback"),
                arguments("::1/128 allows ::1", List.of("::1/128"), "::1", null),
                arguments("::1/128 does not allow 127.0.0.1", List.of("::1/128"), "127.0.0.1", "loopback"),
                arguments("::1/128 does not allow ::2", List.of("::1/128"), "::2", "this network"),
                arguments("both loopbacks listed allow both", List.of("127.0.0.1/32", "::1/128"), "::1", null),
                arguments("10.0.0.0/8 allows 10.1.2.3", List.of("10.0.0.0/8"), "10.1.2.3", null),
                arguments("10.0.0.0/8 does not allow 172.16.0.1", List.of("10.0.0.0/8"), "172.16.0.1", "private"),
                arguments("fe80::/10 allows fe80::1", List.of("fe80::/10"), "fe80::1", null),
                arguments("0.0.0.0/0 allows every IPv4 address", List.of("0.0.0.0/0"), "169.254.169.254", null),
                arguments("0.0.0.0/0 allows no IPv6 address", List.of("0.0.0.0/0"), "fe80::1", "link-local"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void allowedRanges(String rule, List<String> ranges, String literal, String reason) {
        AddressGuard local = new AddressGuard(ranges);

        if (reason == null) {
            assertThat(local.refusalReason(ip(literal))).isNull();
        } else {
            assertThat(local.refusalReason(ip(literal))).startsWith(reason);
        }
    }

    static Stream<Arguments> invalidRanges() {
        return Stream.of(
                arguments("no prefix length", "127.0.0.1"),
                arguments("empty prefix length", "127.0.0.1/"),
                arguments("no address", "/8"),
                arguments("empty", ""),
                arguments("IPv4 prefix over 32", "127.0.0.1/33"),
                arguments("IPv6 prefix over 128", "::1/129"),
                arguments("negative prefix", "127.0.0.1/-1"),
                arguments("prefix with a leading zero", "127.0.0.0/08"),
                arguments("two prefixes", "127.0.0.0/8/8"),
                arguments("a host name", "localhost/32"),
                arguments("a short IPv4 form", "127.1/32"),
                arguments("a hex IPv4 form", "0x7f000001/32"),
                arguments("IPv4 host bits set", "10.0.0.1/8"),
                arguments("IPv6 host bits set", "fe80::1/10"),
                arguments("IPv6 in brackets", "[::1]/128"),
                arguments("IPv6 with a zone id", "fe80::1%eth0/128"),
                arguments("a space before the prefix", "127.0.0.1 /32"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void invalidRanges(String rule, String cidr) {
        assertThatThrownBy(() -> new AddressGuard(List.of(cidr)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid CIDR '" + cidr + "'");
    }

    @Test
    void aNullRangeIsInvalid() {
        List<String> ranges = new ArrayList<>();
        ranges.add(null);

        assertThatThrownBy(() -> new AddressGuard(ranges)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theRefusalKeepsTheAddressForLogsButItsMessageNamesOnlyTheHostAndCategory() {
        FakeDns dns = new FakeDns("mixed.example", ip("93.184.215.14"), ip("10.0.0.5"));

        assertThatThrownBy(() -> guard.resolve("mixed.example", dns))
                .isInstanceOfSatisfying(RefusedAddressException.class, refused -> {
                    assertThat(refused).isInstanceOf(UnknownHostException.class);
                    assertThat(refused.host()).isEqualTo("mixed.example");
                    assertThat(refused.address()).isEqualTo("10.0.0.5");
                    assertThat(refused.reason()).isEqualTo("private");
                })
                .hasMessage("host 'mixed.example' is refused: it resolves to a special address (private)")
                .message().as("a resolved internal address is not revealed").doesNotContain("10.0.0.5");
    }

    @Test
    void aRefusedLiteralNamesWhyInItsMessage() {
        assertThatThrownBy(() -> guard.resolve("0x7f000001", NO_DNS))
                .hasMessage("host '0x7f000001' is refused: obfuscated IPv4 literal"
                        + " (only dotted decimal a.b.c.d without leading zeros is accepted)");
    }

    @Test
    void anUnknownHostPropagatesAsIs() {
        UnknownHostException notFound = new UnknownHostException("nx.example");
        HostResolver failing = host -> {
            throw notFound;
        };

        assertThatThrownBy(() -> guard.resolve("nx.example", failing)).isSameAs(notFound);
    }

    @Test
    void aNullAnswerIsRefused() {
        assertThatThrownBy(() -> guard.resolve("null.example", host -> null))
                .isInstanceOf(RefusedAddressException.class);
    }

    @Test
    void aMappedLiteralComesBackAsTheIpv4AddressThatIsConnectedTo() throws UnknownHostException {
        assertThat(guard.resolve("[::ffff:8.8.8.8]", NO_DNS))
                .singleElement()
                .isInstanceOf(Inet4Address.class)
                .isEqualTo(ip("8.8.8.8"));
    }

    @Test
    void anAllowedIpv4RangeAlsoAllowsTheMappedIpv6FormOfItsAddresses() throws UnknownHostException {
        AddressGuard local = new AddressGuard(List.of("127.0.0.1/32"));
        byte[] mapped = ipv6Bytes(0, 0, 0, 0, 0, 0xffff, 0x7f00, 1);

        assertThat(local.refusalReason(Inet6Address.getByAddress(null, mapped, -1))).isNull();
    }

    @Test
    void anAllowedRangeLetsLocalhostThroughOnlyIfTheWholeAnswerIsInIt() throws UnknownHostException {
        AddressGuard local = new AddressGuard(List.of("127.0.0.1/32", "::1/128"));

        assertThat(local.resolve("localhost", new FakeDns("localhost", ip("127.0.0.1"), ip("::1"))))
                .containsExactly(ip("127.0.0.1"), ip("::1"));
        assertThatThrownBy(() -> local.resolve("localhost", new FakeDns("localhost", ip("127.0.0.1"), ip("127.0.0.2"))))
                .isInstanceOfSatisfying(RefusedAddressException.class,
                        refused -> assertThat(refused.address()).isEqualTo("127.0.0.2"));
    }

    /** Answers one name with fixed addresses and records every question. */
    private static final class FakeDns implements HostResolver {

        private final String name;
        private final InetAddress[] answer;
        private final List<String> questions = new ArrayList<>();

        FakeDns(String name, InetAddress... answer) {
            this.name = name;
            this.answer = answer;
        }

        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            questions.add(host);
            if (!host.equals(name)) {
                throw new UnknownHostException(host);
            }
            return answer.clone();
        }
    }

    /** The URL form of a literal: IPv6 in brackets. */
    private static String urlHost(String literal) {
        return literal.contains(":") ? "[" + literal + "]" : literal;
    }

    /**
     * An address from a literal, never through DNS: IPv4 from its four numbers, IPv6 in brackets, which the JDK parses
     * as a literal or rejects.
     */
    private static InetAddress ip(String literal) {
        try {
            if (literal.contains(":")) {
                return InetAddress.getByName("[" + literal + "]");
            }
            String[] parts = literal.split("\\.");
            if (parts.length != 4) {
                throw new IllegalArgumentException("not a dotted quad: " + literal);
            }
            return InetAddress.getByAddress(bytes(Arrays.stream(parts).mapToInt(Integer::parseInt).toArray()));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    private static byte[] ipv6Bytes(int... groups) {
        byte[] bytes = new byte[16];
        for (int i = 0; i < 8; i++) {
            bytes[2 * i] = (byte) (groups[i] >>> 8);
            bytes[2 * i + 1] = (byte) groups[i];
        }
        return bytes;
    }
}
