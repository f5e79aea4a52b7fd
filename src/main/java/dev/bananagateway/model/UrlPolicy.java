package dev.bananagateway.model;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which URLs the gateway accepts from callers (SSRF guard). Reference images must be public https
 * URLs (providers fetch them); webhook URLs must be https and resolve only to public addresses (we
 * call them). Hosts in {@code allowedHosts} (local runs and tests) skip the address checks.
 */
public final class UrlPolicy {

    private static final Pattern DOTTED_IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern HAS_LETTER = Pattern.compile(".*[a-z].*");
    private static final Set<String> BLOCKED_SUFFIXES = Set.of(".localhost", ".local", ".internal", ".localdomain",
            ".home.arpa");
    private static final int MAX_URL_LENGTH = 2048;

    private final Set<String> allowedHosts;

    public UrlPolicy(Set<String> allowedHosts) {
        this.allowedHosts = Set.copyOf(allowedHosts);
    }

    /** Empty when acceptable; otherwise the reason. Never resolves DNS. */
    public Optional<String> checkReferenceImage(String url) {
        return checkShape(url);
    }

    /** Empty when acceptable; otherwise the reason. Resolves the host and checks every address. */
    public Optional<String> checkWebhook(String url) {
        Optional<String> shape = checkShape(url);
        if (shape.isPresent()) {
            return shape;
        }
        String host = hostOf(url);
        if (allowedHosts.contains(host)) {
            return Optional.empty();
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (!isPublic(address)) {
                    return Optional.of("resolves to a non-public address");
                }
            }
        } catch (UnknownHostException e) {
            return Optional.of("host does not resolve");
        }
        return Optional.empty();
    }

    /**
     * Whether a connection to {@code host} may go to {@code address}: the same address rules as
     * {@link #checkWebhook}, for a client that resolves the host itself and connects only to what
     * passed (no second lookup, so no DNS-rebinding window).
     */
    public boolean allowsAddress(String host, InetAddress address) {
        return allowedHosts.contains(host.toLowerCase(Locale.ROOT)) || isPublic(address);
    }

    private Optional<String> checkShape(String url) {
        if (url == null || url.isBlank()) {
            return Optional.of("must be a URL");
        }
        if (url.length() > MAX_URL_LENGTH) {
            return Optional.of("must be at most " + MAX_URL_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("is not a valid URL");
        }
        String host = uri.getHost() == null ? null : uri.getHost().toLowerCase(Locale.ROOT);
        if (host == null || host.isEmpty()) {
            return Optional.of("must have a host");
        }
        if (allowedHosts.contains(host)) {
            return "http".equals(uri.getScheme()) || "https".equals(uri.getScheme()) ? Optional.empty()
                    : Optional.of("must be an http(s) URL");
        }
        if (!"https".equals(uri.getScheme())) {
            return Optional.of("must be an https URL");
        }
        if (uri.getUserInfo() != null) {
            return Optional.of("must not carry credentials");
        }
        if (host.equals("localhost") || BLOCKED_SUFFIXES.stream().anyMatch(host::endsWith)) {
            return Optional.of("must not point to a local or internal host");
        }
        if (host.startsWith("[") || DOTTED_IPV4.matcher(host).matches()) {
            return literalAddressIsPublic(host) ? Optional.empty()
                    : Optional.of("must not point to a private, loopback, link-local or metadata address");
        }
        String lastLabel = host.substring(host.lastIndexOf('.') + 1);
        if (!host.contains(".") || !HAS_LETTER.matcher(lastLabel).matches()) {
            // numeric or dotless hosts (e.g. 2130706433) are addresses in disguise
            return Optional.of("must use a public domain name");
        }
        return Optional.empty();
    }

    private static boolean literalAddressIsPublic(String host) {
        String literal = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        try {
            return isPublic(InetAddress.getByName(literal)); // a literal: no DNS lookup
        } catch (UnknownHostException e) {
            return false;
        }
    }

    static boolean isPublic(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            boolean carrierNat = first == 100 && second >= 64 && second <= 127;
            boolean reserved = first == 0 || first >= 240 || (first == 192 && second == 0 && (b[2] & 0xff) == 0)
                    || (first == 198 && (second == 18 || second == 19));
            return !carrierNat && !reserved;
        }
        if (address instanceof Inet6Address) {
            boolean uniqueLocal = (b[0] & 0xfe) == 0xfc;
            boolean mappedV4 = isV4Mapped(b);
            if (mappedV4) {
                try {
                    return isPublic(InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, 12, 16)));
                } catch (UnknownHostException e) {
                    return false;
                }
            }
            return !uniqueLocal;
        }
        return false;
    }

    private static boolean isV4Mapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    }

    private static String hostOf(String url) {
        return URI.create(url).getHost().toLowerCase(Locale.ROOT);
    }
}
