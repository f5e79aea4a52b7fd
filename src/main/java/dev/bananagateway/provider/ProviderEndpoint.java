package dev.bananagateway.provider;

import dev.bananagateway.config.GatewayConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Where and with which key a provider is called. A provider with a key configured is called at its
 * configured (real) base URL. A provider without a key is called at the provider simulator when one is
 * configured ({@code gateway.simulator.url}, set only by the local stack and tests), and is
 * disabled otherwise. So a real key in configuration sends real traffic, with no code change.
 */
public record ProviderEndpoint(ProviderId provider, URI baseUri, String apiKey, boolean simulated, Duration connectTimeout,
        Duration readTimeout) {

    /** Key the simulator accepts for every provider unless told otherwise. */
    public static final String SIMULATOR_KEY_PREFIX = "sim-";

    public static Optional<ProviderEndpoint> resolve(ProviderId provider, GatewayConfig config) {
        return resolve(provider, "", config);
    }

    /**
     * As {@link #resolve(ProviderId, GatewayConfig)}, for a provider whose keys carry a fixed
     * prefix: the simulator's key for it carries the prefix too.
     */
    public static Optional<ProviderEndpoint> resolve(ProviderId provider, String keyPrefix, GatewayConfig config) {
        Duration connect = config.providerCalls().connectTimeout();
        Duration read = config.providerCalls().readTimeout();
        GatewayConfig.ProviderConfig own = config.providers().get(provider.key());
        if (own != null && !own.enabled()) {
            return Optional.empty();
        }
        Optional<String> key = own == null ? Optional.empty() : own.apiKey().filter(k -> !k.isBlank());
        if (key.isPresent()) {
            String url = own.url().orElseThrow(() -> new IllegalStateException(
                    "gateway.providers." + provider.key() + ".url is not set, but its api-key is"));
            return Optional.of(new ProviderEndpoint(provider, URI.create(url), key.get(), false, connect, read));
        }
        return config.simulator().url()
                .filter(u -> !u.isBlank())
                .map(sim -> new ProviderEndpoint(provider, URI.create(trimSlash(sim) + "/" + provider.key()),
                        simulatorKey(provider, keyPrefix), true, connect, read));
    }

    /** The key the simulator expects for a provider whose keys have no fixed prefix. */
    public static String simulatorKey(ProviderId provider) {
        return simulatorKey(provider, "");
    }

    /** The key the simulator expects for a provider whose keys carry this prefix. */
    public static String simulatorKey(ProviderId provider, String keyPrefix) {
        return keyPrefix + SIMULATOR_KEY_PREFIX + provider.key();
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public String toString() {
        // never print the key
        return "ProviderEndpoint[" + provider.key() + " " + baseUri + (simulated ? " (simulator)" : "") + "]";
    }
}
