package dev.bananagateway.provider;

import java.util.Set;

/**
 * The value sets the providers' capability tables share (docs/providers.md 8.1, 8.2). The public
 * vocabulary itself lives in {@link dev.bananagateway.model.ModelFamilies}; this class only names
 * the subsets providers need.
 */
public final class ModelFamilies {

    public static final String NANO_BANANA = dev.bananagateway.model.ModelFamilies.NANO_BANANA;
    public static final String NANO_BANANA_PRO = dev.bananagateway.model.ModelFamilies.NANO_BANANA_PRO;
    public static final String NANO_BANANA_2 = dev.bananagateway.model.ModelFamilies.NANO_BANANA_2;
    public static final String NANO_BANANA_FAST = dev.bananagateway.model.ModelFamilies.NANO_BANANA_FAST;
    public static final String SEEDREAM_4 = dev.bananagateway.model.ModelFamilies.SEEDREAM_4;

    public static final String TIER_STANDARD = "standard";
    public static final String TIER_COST_OPTIMIZED = "cost_optimized";

    public static final String AUTO = "auto";
    /** Every aspect ratio of the public API, including auto. */
    public static final Set<String> ALL_ASPECT_RATIOS = dev.bananagateway.model.ModelFamilies.ASPECT_RATIOS;
    /** The ten fixed ratios (no auto). */
    public static final Set<String> FIXED_ASPECT_RATIOS = Set.of("1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4",
            "9:16", "16:9", "21:9");
    /** The five ratios of the smaller imgeditor models. */
    public static final Set<String> BASIC_ASPECT_RATIOS = Set.of("1:1", "3:4", "4:3", "9:16", "16:9");

    public static final Set<String> IMAGE_RESOLUTIONS = dev.bananagateway.model.ModelFamilies.IMAGE_RESOLUTIONS;
    public static final Set<String> PNG_JPEG = dev.bananagateway.model.ModelFamilies.OUTPUT_FORMATS;

    /** Providers whose reference-image limit is undocumented: not validated locally (docs/providers.md 8.5). */
    public static final int UNDOCUMENTED_LIMIT = Integer.MAX_VALUE;

    private ModelFamilies() {
    }

    /** The tier a request asks for; absent means standard. */
    public static String tierOf(String tier) {
        return tier == null || tier.isBlank() ? TIER_STANDARD : tier;
    }
}
