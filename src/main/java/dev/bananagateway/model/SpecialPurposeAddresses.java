package dev.bananagateway.model;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The addresses a webhook or reference image may not point to: every block of the IANA IPv4 and
 * IPv6 Special-Purpose Address Registries (RFC 6890 and its updates), multicast, and IPv6 outside
 * global unicast (2000::/3). Blocks the registries mark globally reachable (the anycast and AS112
 * blocks) are refused too: none is a place a webhook lives. Three IPv6 forms carry an IPv4 address,
 * and are judged by it instead: IPv4-mapped, NAT64 64:ff9b::/96 (an IPv6-only network with DNS64
 * resolves public hosts to it), 6to4 2002::/16 and Teredo 2001::/32 (server and client). The
 * deprecated IPv4-compatible form ::a.b.c.d is refused whatever it carries.
 */
public final class SpecialPurposeAddresses {

    /** One registry block: the CIDR as the registry writes it, and its name there. */
    public record Block(String cidr, String name) {

        byte[] network() {
            String address = cidr.substring(0, cidr.indexOf('/'));
            try {
                return InetAddress.getByName(address).getAddress(); // a literal: no DNS lookup
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(cidr, e);
            }
        }

        int prefix() {
            return Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1));
        }

        boolean contains(byte[] address) {
            byte[] network = network();
            if (network.length != address.length) {
                return false;
            }
            int bits = prefix();
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >>> (i % 8);
                if ((network[i / 8] & mask) != (address[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** IPv4: the special-purpose registry, plus multicast (its own registry) and limited broadcast. */
    public static final List<Block> IPV4 = List.of(
            new Block("0.0.0.0/8", "\"this network\" (RFC 791)"),
            new Block("10.0.0.0/8", "private use (RFC 1918)"),
            new Block("100.64.0.0/10", "shared address space, carrier-grade NAT (RFC 6598)"),
            new Block("127.0.0.0/8", "loopback (RFC 1122)"),
            new Block("169.254.0.0/16", "link local, cloud metadata (RFC 3927)"),
            new Block("172.16.0.0/12", "private use (RFC 1918)"),
            new Block("192.0.0.0/24", "IETF protocol assignments: DS-Lite, PCP and TURN anycast, NAT64 discovery (RFC 6890)"),
            new Block("192.0.2.0/24", "documentation, TEST-NET-1 (RFC 5737)"),
            new Block("192.31.196.0/24", "AS112-v4 (RFC 7535)"),
            new Block("192.52.193.0/24", "AMT (RFC 7450)"),
            new Block("192.88.99.0/24", "deprecated 6to4 relay anycast (RFC 7526)"),
            new Block("192.168.0.0/16", "private use (RFC 1918)"),
            new Block("192.175.48.0/24", "direct delegation AS112 service (RFC 7534)"),
            new Block("198.18.0.0/15", "benchmarking (RFC 2544)"),
            new Block("198.51.100.0/24", "documentation, TEST-NET-2 (RFC 5737)"),
            new Block("203.0.113.0/24", "documentation, TEST-NET-3 (RFC 5737)"),
            new Block("224.0.0.0/4", "multicast (RFC 5771)"),
            new Block("240.0.0.0/4", "reserved (RFC 1112)"),
            new Block("255.255.255.255/32", "limited broadcast (RFC 919)"));

    /** IPv6: the special-purpose registry, less the IPv4-carrying forms judged by their IPv4 address. */
    public static final List<Block> IPV6 = List.of(
            new Block("::/96", "unspecified, loopback and deprecated IPv4-compatible addresses (RFC 4291)"),
            new Block("64:ff9b:1::/48", "local-use IPv4/IPv6 translation (RFC 8215)"),
            new Block("100::/64", "discard-only (RFC 6666)"),
            new Block("100:0:0:1::/64", "dummy IPv6 prefix (RFC 9780)"),
            new Block("2001::/23", "IETF protocol assignments: benchmarking, ORCHID, AMT, AS112, anycast (RFC 2928)"),
            new Block("2001:db8::/32", "documentation (RFC 3849)"),
            new Block("2620:4f:8000::/48", "direct delegation AS112 service (RFC 7534)"),
            new Block("3fff::/20", "documentation (RFC 9637)"),
            new Block("5f00::/16", "segment routing SIDs (RFC 9602)"),
            new Block("fc00::/7", "unique local (RFC 4193)"),
            new Block("fe80::/10", "link-local unicast (RFC 4291)"),
            new Block("fec0::/10", "deprecated site-local (RFC 3879)"),
            new Block("ff00::/8", "multicast (RFC 4291)"));

    private static final Block MAPPED = new Block("::ffff:0:0/96", "IPv4-mapped (RFC 4291)");
    private static final Block NAT64 = new Block("64:ff9b::/96", "NAT64 well-known prefix (RFC 6052)");
    private static final Block SIX_TO_FOUR = new Block("2002::/16", "6to4 (RFC 3056)");
    private static final Block TEREDO = new Block("2001::/32", "Teredo (RFC 4380)");
    private static final Block GLOBAL_UNICAST = new Block("2000::/3", "global unicast");

    private SpecialPurposeAddresses() {
    }

    /** Empty when {@code address} is a public unicast address; otherwise why not. */
    public static Optional<String> refusal(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return IPV4.stream().filter(block -> block.contains(b)).findFirst()
                    .map(block -> block.cidr() + " " + block.name());
        }
        if (!(address instanceof Inet6Address)) {
            return Optional.of("not an IP address");
        }
        if (MAPPED.contains(b) || NAT64.contains(b)) {
            return carried(MAPPED.contains(b) ? MAPPED : NAT64, Arrays.copyOfRange(b, 12, 16));
        }
        if (SIX_TO_FOUR.contains(b)) {
            return carried(SIX_TO_FOUR, Arrays.copyOfRange(b, 2, 6));
        }
        if (TEREDO.contains(b)) {
            byte[] client = Arrays.copyOfRange(b, 12, 16);
            for (int i = 0; i < client.length; i++) {
                client[i] = (byte) ~client[i]; // Teredo stores the client's address inverted
            }
            return carried(TEREDO, Arrays.copyOfRange(b, 4, 8)).or(() -> carried(TEREDO, client));
        }
        Optional<String> special = IPV6.stream().filter(block -> block.contains(b)).findFirst()
                .map(block -> block.cidr() + " " + block.name());
        if (special.isPresent() || GLOBAL_UNICAST.contains(b)) {
            return special;
        }
        return Optional.of("outside global unicast 2000::/3 (not allocated)");
    }

    private static Optional<String> carried(Block form, byte[] ipv4) {
        try {
            return refusal(InetAddress.getByAddress(ipv4))
                    .map(why -> form.cidr() + " " + form.name() + " carrying " + why);
        } catch (UnknownHostException e) {
            return Optional.of(form.cidr() + " " + form.name());
        }
    }
}
