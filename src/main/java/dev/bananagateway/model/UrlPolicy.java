package dev.bananagateway.model;

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
                Optional<String> refusal = SpecialPurposeAddresses.refusal(address);
                if (refusal.isPresent()) {
                    return Optional.of("resolves to a special-purpose address: " + refusal.get());
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
            return literalAddressRefusal(host).map(why -> "must not point to a special-purpose address: " + why);
        }
        String lastLabel = host.substring(host.lastIndexOf('.') + 1);
        if (!host.contains(".") || !HAS_LETTER.matcher(lastLabel).matches()) {
            // numeric or dotless hosts (e.g. 2130706433) are addresses in disguise
            return Optional.of("must use a public domain name");
        }
        return Optional.empty();
    }

    private static Optional<String> literalAddressRefusal(String host) {
        String literal = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        try {
            return SpecialPurposeAddresses.refusal(InetAddress.getByName(literal)); // a literal: no DNS lookup
        } catch (UnknownHostException e) {
            return Optional.of("not a valid address");
        }
    }

    /** Public unicast: in no special-purpose block (see {@link SpecialPurposeAddresses}). */
    static boolean isPublic(InetAddress address) {
        return SpecialPurposeAddresses.refusal(address).isEmpty();
    }

    private static String hostOf(String url) {
        return URI.create(url).getHost().toLowerCase(Locale.ROOT);
    }
}
