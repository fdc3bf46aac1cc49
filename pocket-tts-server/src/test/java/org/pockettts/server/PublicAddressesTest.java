package org.pockettts.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The address classifier against IANA's special-purpose registries: the first and last address of
 * every block that is not public, and the neighbours just outside it, in every form an IPv4 address
 * can take inside IPv6.
 */
class PublicAddressesTest {

    /** First and last address of each IPv4 block that is not globally reachable (RFC 6890 and updates). */
    @ParameterizedTest
    @ValueSource(strings = {
        "0.0.0.0", "0.255.255.255", "10.0.0.0", "10.255.255.255", "100.64.0.0", "100.127.255.255",
        "127.0.0.0", "127.0.0.1", "127.255.255.255", "169.254.0.0", "169.254.169.254", "169.254.255.255",
        "172.16.0.0", "172.31.255.255", "192.0.0.0", "192.0.0.255", "192.0.2.0", "192.0.2.255",
        "192.88.99.0", "192.88.99.255", "192.168.0.0", "192.168.255.255", "198.18.0.0", "198.19.255.255",
        "198.51.100.0", "198.51.100.255", "203.0.113.0", "203.0.113.255", "224.0.0.0", "239.255.255.255",
        "240.0.0.0", "255.255.255.255"})
    void ipv4BlocksAreNotPublic(String literal) {
        byte[] v4 = InetAddress.ofLiteral(literal).getAddress();
        assertThat(PublicAddresses.isPublic(v4Address(v4))).as(literal).isFalse();
        assertEmbeddedFormsAgree(v4, false);
    }

    /** The neighbours just outside those blocks, and well-known public hosts. */
    @ParameterizedTest
    @ValueSource(strings = {
        "1.0.0.0", "9.255.255.255", "11.0.0.0", "100.63.255.255", "100.128.0.0", "126.255.255.255",
        "128.0.0.0", "169.253.255.255", "169.255.0.0", "172.15.255.255", "172.32.0.0", "191.255.255.255",
        "192.0.1.0", "192.0.3.0", "192.88.98.255", "192.88.100.0", "192.167.255.255", "192.169.0.0",
        "198.17.255.255", "198.20.0.0", "198.51.99.255", "198.51.101.0", "203.0.112.255", "203.0.114.0",
        "223.255.255.255", "8.8.8.8", "1.1.1.1", "151.101.1.69"})
    void ipv4NeighboursArePublic(String literal) {
        byte[] v4 = InetAddress.ofLiteral(literal).getAddress();
        assertThat(PublicAddresses.isPublic(v4Address(v4))).as(literal).isTrue();
        assertEmbeddedFormsAgree(v4, true);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "::", "::1", "::0.0.0.1", "::8.8.8.8", "::ffff:0:0:8.8.8.8", "100::", "100::ffff",
        "64:ff9b:1::1", "2001::", "2001:0:4136:e378:8000:63bf:3fff:fdd2", "2001:1ff:ffff:ffff::",
        "2001:db8::", "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", "3fff::", "3fff:fff:ffff::",
        "fc00::", "fd12:3456::1", "fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "fe80::", "fe80::1",
        "febf:ffff::", "fec0::1", "feff::1", "ff00::", "ff02::1", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
        "1fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "4000::", "5f00::1", "e000::1"})
    void ipv6SpecialAddressesAreNotPublic(String literal) throws UnknownHostException {
        assertThat(PublicAddresses.isPublic(v6Address(literal))).as(literal).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "2000::", "2001:200::", "2001:4860:4860::8888", "2606:4700:4700::1111", "2a00:1450:4001:81c::200e",
        "2001:dc0::", "2001:db7:ffff:ffff:ffff:ffff:ffff:ffff", "2001:db9::", "3fff:1000::"})
    void ipv6GlobalUnicastIsPublic(String literal) throws UnknownHostException {
        assertThat(PublicAddresses.isPublic(v6Address(literal))).as(literal).isTrue();
    }

    /**
     * Java's own predicates name a subset of the non-public addresses (loopback, private, link-local,
     * any, multicast): none of those may ever be judged public, checked over seeded random addresses.
     */
    @Test
    void nothingJavaCallsLocalIsPublic() throws UnknownHostException {
        long seed = new SplittableRandom().nextLong();
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 200_000; i++) {
            byte[] bytes = new byte[random.nextBoolean() ? 4 : 16];
            random.nextBytes(bytes);
            if (bytes.length == 4 && random.nextInt(4) == 0) {
                bytes[0] = (byte) new int[] {0, 10, 127, 169, 172, 192, 224, 239}[random.nextInt(8)];
            } else if (bytes.length == 16 && random.nextInt(2) == 0) {
                bytes[0] = (byte) new int[] {0, 0xfe, 0xff, 0xfc, 0xfd}[random.nextInt(5)];
            }
            InetAddress address = bytes.length == 4 ? InetAddress.getByAddress(bytes)
                    : Inet6Address.getByAddress(null, bytes, -1);
            boolean local = address.isLoopbackAddress() || address.isSiteLocalAddress()
                    || address.isLinkLocalAddress() || address.isAnyLocalAddress() || address.isMulticastAddress();
            if (local) {
                assertThat(PublicAddresses.isPublic(address)).as("%s (seed %d)", address, seed).isFalse();
            }
        }
    }

    /** An IPv4 address judged the same in its IPv4-mapped, NAT64 and 6to4 forms. */
    private static void assertEmbeddedFormsAgree(byte[] v4, boolean expected) {
        byte[] mapped = PublicAddresses.ipv4Mapped(v4);
        byte[] nat64 = new byte[16];
        nat64[1] = 0x64;
        nat64[2] = (byte) 0xFF;
        nat64[3] = (byte) 0x9B;
        System.arraycopy(v4, 0, nat64, 12, 4);
        byte[] sixToFour = new byte[16];
        sixToFour[0] = 0x20;
        sixToFour[1] = 0x02;
        System.arraycopy(v4, 0, sixToFour, 2, 4);
        sixToFour[15] = 1;
        for (byte[] form : new byte[][] {mapped, nat64, sixToFour}) {
            Inet6Address address = inet6(form);
            assertThat(PublicAddresses.isPublic(address)).as(address.getHostAddress()).isEqualTo(expected);
        }
        // The resolver returns an IPv4-mapped literal as the IPv4 address: the same judgement.
        assertThat(PublicAddresses.isPublic(InetAddress.ofLiteral("::ffff:" + v4Address(v4).getHostAddress())))
                .isEqualTo(expected);
    }

    private static InetAddress v4Address(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Keeps the IPv6 form even where the parser would turn an IPv4-mapped literal into IPv4. */
    private static Inet6Address v6Address(String literal) throws UnknownHostException {
        byte[] bytes = InetAddress.ofLiteral(literal).getAddress();
        return inet6(bytes.length == 4 ? PublicAddresses.ipv4Mapped(bytes) : bytes);
    }

    private static Inet6Address inet6(byte[] bytes) {
        try {
            return Inet6Address.getByAddress(null, bytes, -1);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
