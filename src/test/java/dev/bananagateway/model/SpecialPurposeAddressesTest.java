package dev.bananagateway.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.net.InetAddress;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Webhook and reference image URLs naming an address of a special-purpose block are refused; one
 * row per block of the IANA IPv4 and IPv6 Special-Purpose Address Registries (and multicast), with
 * the IPv4-carrying IPv6 forms judged by the address they carry.
 */
class SpecialPurposeAddressesTest {

    private final UrlPolicy policy = new UrlPolicy(Set.of());

    @ParameterizedTest(name = "{0} ({1})")
    @CsvSource(delimiter = '|', value = {
            // IPv4 special-purpose registry
            "0.0.0.1 | this network",
            "10.1.2.3 | private use",
            "100.64.0.1 | shared address space (CGN)",
            "100.127.255.254 | shared address space (CGN), last",
            "127.0.0.1 | loopback",
            "127.255.255.254 | loopback, last",
            "169.254.169.254 | link local: cloud metadata",
            "172.16.0.1 | private use",
            "172.31.255.254 | private use, last",
            "192.0.0.1 | IETF protocol assignments (DS-Lite)",
            "192.0.0.9 | PCP anycast",
            "192.0.0.10 | TURN anycast",
            "192.0.0.170 | NAT64/DNS64 discovery",
            "192.0.2.1 | TEST-NET-1",
            "192.31.196.1 | AS112-v4",
            "192.52.193.1 | AMT",
            "192.88.99.1 | deprecated 6to4 relay anycast",
            "192.168.1.10 | private use",
            "192.175.48.1 | direct delegation AS112",
            "198.18.0.1 | benchmarking",
            "198.19.255.254 | benchmarking, last",
            "198.51.100.1 | TEST-NET-2",
            "203.0.113.1 | TEST-NET-3",
            "224.0.0.1 | multicast",
            "239.255.255.250 | multicast (SSDP)",
            "240.0.0.1 | reserved",
            "255.255.255.255 | limited broadcast",
            // IPv6 special-purpose registry
            "[::] | unspecified",
            "[::1] | loopback",
            "[::127.0.0.1] | IPv4-compatible carrying loopback",
            "[::8.8.8.8] | IPv4-compatible, deprecated whatever it carries",
            "[::ffff:127.0.0.1] | IPv4-mapped carrying loopback",
            "[::ffff:10.0.0.1] | IPv4-mapped carrying private",
            "[::ffff:169.254.169.254] | IPv4-mapped carrying metadata",
            "[64:ff9b::7f00:1] | NAT64 carrying loopback",
            "[64:ff9b::10.0.0.1] | NAT64 carrying private",
            "[64:ff9b::169.254.169.254] | NAT64 carrying metadata",
            "[64:ff9b:1::1] | local-use translation",
            "[100::1] | discard-only",
            "[100:0:0:1::1] | dummy prefix",
            "[2001:2::1] | benchmarking",
            "[2001:1::1] | PCP anycast",
            "[2001:3::1] | AMT",
            "[2001:4:112::1] | AS112",
            "[2001:10::1] | deprecated ORCHID",
            "[2001:20::1] | ORCHIDv2",
            "[2001:30::1] | drone remote ID",
            "[2001:0:c000:0201::1] | Teredo with server in TEST-NET-1",
            "[2001:0:4136:e378:8000:63bf:f5ff:fffe] | Teredo with client 10.0.0.1",
            "[2001:0:4136:e378:8000:63bf:80ff:fffe] | Teredo with client 127.0.0.1",
            "[2001:0:4136:e378:8000:63bf:3fff:fdd2] | Teredo with client in TEST-NET-1",
            "[2001:db8::1] | documentation",
            "[2002:7f00:1::1] | 6to4 carrying loopback",
            "[2002:c0a8:0101::1] | 6to4 carrying private 192.168.1.1",
            "[2002:a9fe:a9fe::1] | 6to4 carrying metadata",
            "[2620:4f:8000::1] | direct delegation AS112",
            "[3fff::1] | documentation (RFC 9637)",
            "[5f00::1] | SRv6 SIDs",
            "[fc00::1] | unique local",
            "[fd12:3456:789a::1] | unique local",
            "[fe80::1] | link-local",
            "[fec0::1] | deprecated site-local",
            "[ff02::1] | multicast",
            "[4000::1] | outside global unicast" })
    void aSpecialPurposeAddressIsRefused(String host, String block) {
        Optional<String> webhook = policy.checkWebhook("https://" + host + "/hook");
        assertTrue(webhook.isPresent(), block + " accepted for a webhook");
        assertTrue(webhook.get().startsWith("must not point to a special-purpose address"), webhook.get());
        assertTrue(policy.checkReferenceImage("https://" + host + "/a.png").isPresent(), block + " accepted for an image");
    }

    @ParameterizedTest(name = "{0} ({1})")
    @CsvSource(delimiter = '|', value = {
            "8.8.8.8 | public IPv4",
            "1.1.1.1 | public IPv4",
            "100.63.255.255 | just below shared address space",
            "100.128.0.0 | just above shared address space",
            "198.17.255.255 | just below benchmarking",
            "198.20.0.0 | just above benchmarking",
            "223.255.255.255 | just below multicast",
            "[2606:4700:4700::1111] | public IPv6",
            "[64:ff9b::808:808] | NAT64 carrying 8.8.8.8 (DNS64 resolves public hosts so)",
            "[2002:808:808::1] | 6to4 carrying 8.8.8.8",
            "[2001:0:4136:e378:8000:63bf:f7f7:f7f7] | Teredo with public server and client 8.8.8.8" })
    void aPublicAddressIsAccepted(String host, String what) {
        assertEquals(Optional.empty(), policy.checkWebhook("https://" + host + "/hook"), what);
    }

    static Stream<String> everyDeclaredBlock() {
        return Stream.concat(SpecialPurposeAddresses.IPV4.stream(), SpecialPurposeAddresses.IPV6.stream())
                .map(SpecialPurposeAddresses.Block::cidr);
    }

    /** Each declared block refuses its first and last address; the table above names each block. */
    @ParameterizedTest
    @MethodSource("everyDeclaredBlock")
    void everyBlockIsRefusedFromEndToEnd(String cidr) throws Exception {
        SpecialPurposeAddresses.Block block = Stream.concat(SpecialPurposeAddresses.IPV4.stream(),
                SpecialPurposeAddresses.IPV6.stream()).filter(b -> b.cidr().equals(cidr)).findFirst().orElseThrow();
        byte[] first = block.network();
        BigInteger hostBits = BigInteger.ONE.shiftLeft(first.length * 8 - block.prefix()).subtract(BigInteger.ONE);
        byte[] lastRaw = new BigInteger(1, first).or(hostBits).toByteArray();
        byte[] last = new byte[first.length];
        int n = Math.min(lastRaw.length, first.length);
        System.arraycopy(lastRaw, lastRaw.length - n, last, first.length - n, n);
        for (byte[] address : new byte[][] { first, last }) {
            InetAddress a = InetAddress.getByAddress(address);
            assertTrue(SpecialPurposeAddresses.refusal(a).isPresent(), a + " in " + cidr);
        }
    }
}
