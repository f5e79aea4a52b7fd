package dev.bananagateway.provider;

import dev.bananagateway.config.GatewayConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A provider's price settings: the numbers no provider document gives, each from
 * {@code gateway.providers.<id>.usd-per-credit}, {@code price-usd.<model>} or
 * {@code video-credits-per-second.<model>} when set, else the adapter's stated assumption (the
 * configuration default; README "Pricing" lists them). A price resting on an assumption is
 * {@link Price.Basis#ASSUMED}; one resting on a configured number is {@link Price.Basis#CONFIGURED}.
 */
public final class PriceSettings {

    private final ProviderId provider;
    private final OptionalDouble usdPerCredit;
    private final Map<String, Double> priceUsd;
    private final Map<String, Double> videoCreditsPerSecond;

    private PriceSettings(ProviderId provider, OptionalDouble usdPerCredit, Map<String, Double> priceUsd,
            Map<String, Double> videoCreditsPerSecond) {
        this.provider = provider;
        this.usdPerCredit = usdPerCredit;
        this.priceUsd = new TreeMap<>(priceUsd);
        this.videoCreditsPerSecond = new TreeMap<>(videoCreditsPerSecond);
    }

    /** Nothing configured: every number no document gives is the adapter's assumption. */
    public static PriceSettings assumed(ProviderId provider) {
        return new PriceSettings(provider, OptionalDouble.empty(), Map.of(), Map.of());
    }

    /** The provider's configured price settings (none when it has no configuration block). */
    public static PriceSettings of(ProviderId provider, GatewayConfig config) {
        GatewayConfig.ProviderConfig own = config.providers().get(provider.key());
        return own == null ? assumed(provider)
                : new PriceSettings(provider, own.usdPerCredit(), own.priceUsd(), own.videoCreditsPerSecond());
    }

    /**
     * Checks the settings against what the adapter reads: a key it would ignore, or a value that is not a
     * finite number {@code >= 0}, fails start-up with every such key named.
     *
     * @param creditRate whether the adapter reads {@code usd-per-credit}
     * @param pricedModels the provider model ids {@code price-usd} may name
     * @param videoModels the model ids {@code video-credits-per-second} may name
     */
    public PriceSettings validated(boolean creditRate, Set<String> pricedModels, Set<String> videoModels) {
        List<String> broken = new ArrayList<>();
        String prefix = "gateway.providers." + provider.key() + ".";
        if (usdPerCredit.isPresent()) {
            if (!creditRate) {
                broken.add(prefix + "usd-per-credit is set, but " + provider.key()
                        + " is priced in USD by its document: nothing reads it");
            } else {
                checkNumber(broken, prefix + "usd-per-credit", usdPerCredit.getAsDouble());
            }
        }
        checkKeys(broken, prefix + "price-usd", priceUsd, pricedModels);
        checkKeys(broken, prefix + "video-credits-per-second", videoCreditsPerSecond, videoModels);
        if (!broken.isEmpty()) {
            throw new IllegalStateException("invalid gateway configuration: " + String.join("; ", broken));
        }
        return this;
    }

    private static void checkKeys(List<String> broken, String key, Map<String, Double> values, Set<String> allowed) {
        values.forEach((model, value) -> {
            if (!allowed.contains(model)) {
                broken.add(key + "." + model + " names no model whose price is undocumented"
                        + (allowed.isEmpty() ? "" : " (allowed: " + new TreeSet<>(allowed) + ")"));
            } else {
                checkNumber(broken, key + "." + model, value);
            }
        });
    }

    private static void checkNumber(List<String> broken, String key, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            broken.add(key + " must be a finite number >= 0, not " + value);
        }
    }

    /** The USD price of one credit: {@code usd-per-credit}, else {@code assumedUsdPerCredit}. */
    public CreditRate creditRate(double assumedUsdPerCredit) {
        return usdPerCredit.isPresent() ? new CreditRate(usdPerCredit.getAsDouble(), Price.Basis.CONFIGURED)
                : new CreditRate(assumedUsdPerCredit, Price.Basis.ASSUMED);
    }

    /** The USD price of one task of {@code providerModel}: {@code price-usd.<model>}, else {@code assumedUsd}. */
    public Price taskPrice(String providerModel, double assumedUsd) {
        Double configured = priceUsd.get(providerModel);
        return configured != null ? new Price(configured, null, Price.Basis.CONFIGURED)
                : new Price(assumedUsd, null, Price.Basis.ASSUMED);
    }

    /** {@code video-credits-per-second.<model>}, when configured. */
    public Optional<Double> videoCreditsPerSecond(String model) {
        return Optional.ofNullable(videoCreditsPerSecond.get(model));
    }
}
