package dev.bananagateway.vendor;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * Where and with which key a vendor is called. A vendor with a key configured is called at its
 * configured (real) base URL. A vendor without a key is called at the vendor simulator when one is
 * configured ({@code gateway.simulator.url}, set only by the local stack and tests), and is
 * disabled otherwise. So a real key in configuration sends real traffic, with no code change.
 */
public record VendorEndpoint(VendorId vendor, URI baseUri, String apiKey, boolean simulated, Duration connectTimeout,
        Duration readTimeout) {

    /** Key the simulator accepts for every vendor unless told otherwise. */
    public static final String SIMULATOR_KEY_PREFIX = "sim-";

    public static Optional<VendorEndpoint> resolve(VendorId vendor, Config config) {
        String prefix = "gateway.vendors." + vendor.key() + ".";
        Duration connect = config.getOptionalValue("gateway.vendors.connect-timeout", Duration.class)
                .orElse(Duration.ofSeconds(3));
        Duration read = config.getOptionalValue("gateway.vendors.read-timeout", Duration.class)
                .orElse(Duration.ofSeconds(10));
        boolean enabled = config.getOptionalValue(prefix + "enabled", Boolean.class).orElse(true);
        if (!enabled) {
            return Optional.empty();
        }
        Optional<String> key = config.getOptionalValue(prefix + "api-key", String.class).filter(k -> !k.isBlank());
        if (key.isPresent()) {
            String url = config.getValue(prefix + "url", String.class);
            return Optional.of(new VendorEndpoint(vendor, URI.create(url), key.get(), false, connect, read));
        }
        return config.getOptionalValue("gateway.simulator.url", String.class)
                .filter(u -> !u.isBlank())
                .map(sim -> new VendorEndpoint(vendor, URI.create(trimSlash(sim) + "/" + vendor.key()),
                        simulatorKey(vendor), true, connect, read));
    }

    /** The key the simulator expects for a vendor (imgeditor keys carry the nb_sk_ prefix). */
    public static String simulatorKey(VendorId vendor) {
        return vendor == VendorId.IMGEDITOR ? "nb_sk_" + SIMULATOR_KEY_PREFIX + vendor.key()
                : SIMULATOR_KEY_PREFIX + vendor.key();
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public String toString() {
        // never print the key
        return "VendorEndpoint[" + vendor.key() + " " + baseUri + (simulated ? " (simulator)" : "") + "]";
    }
}
