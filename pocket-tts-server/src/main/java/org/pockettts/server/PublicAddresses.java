package org.pockettts.server;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;

/**
 * Which IP addresses are public: reachable on the internet at large, and so safe for a server to
 * fetch a client's voice URL from. Everything else — loopback, private and shared networks, link-local
 * (cloud metadata services live at 169.254.169.254), multicast, documentation and reserved ranges —
 * is the server's own neighbourhood, which a client must not reach through it.
 *
 * <p>The IPv4 list follows IANA's special-purpose registry (entries not globally reachable); for IPv6
 * only global unicast (2000::/3) is public, minus its special blocks, and the forms that embed an IPv4
 * address (IPv4-mapped, NAT64, 6to4) are judged by that address. Addresses are classified as the
 * resolver returned them; host names and numeric spellings ({@code 2130706433}, {@code 0x7f.1}) are
 * never parsed here.
 */
final class PublicAddresses {

    /** A CIDR block: {@code bits} leading bits of {@code prefix}. */
    private record Block(byte[] prefix, int bits) {
        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            int whole = bits / 8;
            if (!Arrays.equals(address, 0, whole, prefix, 0, whole)) {
                return false;
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xFF << (8 - rest) & 0xFF;
            return (address[whole] & mask) == (prefix[whole] & mask);
        }
    }

    private static final List<Block> IPV4_NOT_PUBLIC = List.of(
            v4(0, 0, 0, 0, 8),          // "this network", including 0.0.0.0
            v4(10, 0, 0, 0, 8),         // private
            v4(100, 64, 0, 0, 10),      // shared address space (carrier-grade NAT)
            v4(127, 0, 0, 0, 8),        // loopback
            v4(169, 254, 0, 0, 16),     // link-local, cloud metadata services
            v4(172, 16, 0, 0, 12),      // private
            v4(192, 0, 0, 0, 24),       // IETF protocol assignments
            v4(192, 0, 2, 0, 24),       // documentation (TEST-NET-1)
            v4(192, 88, 99, 0, 24),     // 6to4 relay anycast (deprecated)
            v4(192, 168, 0, 0, 16),     // private
            v4(198, 18, 0, 0, 15),      // benchmarking
            v4(198, 51, 100, 0, 24),    // documentation (TEST-NET-2)
            v4(203, 0, 113, 0, 24),     // documentation (TEST-NET-3)
            v4(224, 0, 0, 0, 4),        // multicast
            v4(240, 0, 0, 0, 4));       // reserved, and the broadcast address 255.255.255.255

    private static final Block IPV6_GLOBAL_UNICAST = v6("2000::", 3);
    private static final List<Block> IPV6_GLOBAL_NOT_PUBLIC = List.of(
            v6("2001::", 23),           // IETF protocol assignments: Teredo, benchmarking, ORCHID
            v6("2001:db8::", 32),       // documentation
            v6("3fff::", 20));          // documentation
    /** Forms holding an IPv4 address in their last four bytes. */
    private static final List<Block> IPV6_EMBEDDING_IPV4_AT_END = List.of(
            v6("::ffff:0:0", 96),       // IPv4-mapped
            v6("64:ff9b::", 96));       // NAT64, well-known prefix
    private static final Block SIX_TO_FOUR = v6("2002::", 16);

    private PublicAddresses() {
    }

    /** Whether {@code address} is a public internet address. */
    static boolean isPublic(InetAddress address) {
        return isPublic(address.getAddress());
    }

    private static boolean isPublic(byte[] a) {
        if (a.length == 4) {
            return IPV4_NOT_PUBLIC.stream().noneMatch(b -> b.contains(a));
        }
        for (Block embedding : IPV6_EMBEDDING_IPV4_AT_END) {
            if (embedding.contains(a)) {
                return isPublic(Arrays.copyOfRange(a, 12, 16));
            }
        }
        if (SIX_TO_FOUR.contains(a)) {
            return isPublic(Arrays.copyOfRange(a, 2, 6));
        }
        // Outside 2000::/3 lie the unspecified and loopback addresses, the IPv4-compatible forms,
        // unique-local (fc00::/7), link-local (fe80::/10), site-local, multicast (ff00::/8) and the rest.
        return IPV6_GLOBAL_UNICAST.contains(a) && IPV6_GLOBAL_NOT_PUBLIC.stream().noneMatch(b -> b.contains(a));
    }

    private static Block v4(int a, int b, int c, int d, int bits) {
        return new Block(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d}, bits);
    }

    private static Block v6(String literal, int bits) {
        byte[] bytes = InetAddress.ofLiteral(literal).getAddress();
        // The parser returns an IPv4-mapped literal as the IPv4 address it maps.
        return new Block(bytes.length == 4 ? ipv4Mapped(bytes) : bytes, bits);
    }

    /** The IPv4-mapped IPv6 form (::ffff:a.b.c.d) of an IPv4 address. */
    static byte[] ipv4Mapped(byte[] v4) {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xFF;
        mapped[11] = (byte) 0xFF;
        System.arraycopy(v4, 0, mapped, 12, 4);
        return mapped;
    }
}
