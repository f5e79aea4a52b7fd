package dev.bananagateway.model;

import java.util.Map;
import java.util.Set;

/** The model families a caller can ask for (docs/providers.md 8.1). */
public final class ModelFamilies {

    /** Gemini 2.5 Flash Image. */
    public static final String NANO_BANANA = "nano-banana";
    /** Gemini 3 Pro Image. */
    public static final String NANO_BANANA_PRO = "nano-banana-pro";
    /** Gemini 3.1 Flash Image. */
    public static final String NANO_BANANA_2 = "nano-banana-2";
    /** nbpcloud's fast tier. */
    public static final String NANO_BANANA_FAST = "nano-banana-fast";
    public static final String SEEDREAM_4 = "seedream-4";

    public static final Set<String> IMAGE = Set.of(NANO_BANANA, NANO_BANANA_PRO, NANO_BANANA_2, NANO_BANANA_FAST,
            SEEDREAM_4);

    /**
     * The ids the API used before it took the industry names: still accepted on input so existing
     * callers keep working, but never stored or shown. The only alias table.
     */
    public static final Map<String, String> ALIASES = Map.of(
            "nb-flash-2.5", NANO_BANANA,
            "nb-pro", NANO_BANANA_PRO,
            "nb-2", NANO_BANANA_2,
            "nb-fast", NANO_BANANA_FAST,
            "seedream4", SEEDREAM_4);
    public static final Set<String> VIDEO = Set.of("veo-3.1-fast", "veo-3.1", "seedance-1.5-fast", "seedance-1.5",
            "seedance-2.0", "wan-2.5", "sora-2", "sora-2-pro", "kling-o3-std", "kling-o3-pro", "grok-video");

    public static final Set<String> ASPECT_RATIOS = Set.of("auto", "1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4",
            "9:16", "16:9", "21:9");
    public static final Set<String> IMAGE_RESOLUTIONS = Set.of("1K", "2K", "4K");
    public static final Set<String> VIDEO_RESOLUTIONS = Set.of("480p", "720p", "1080p");
    public static final Set<String> OUTPUT_FORMATS = Set.of("png", "jpeg");
    public static final Set<String> TIERS = Set.of("standard", "cost_optimized");
    public static final Set<String> QUALITIES = Set.of("standard", "hd");

    private ModelFamilies() {
    }

    /** The id a model is known by: an alias becomes its current id, anything else is left as is. */
    public static String canonical(String model) {
        return model == null ? null : ALIASES.getOrDefault(model, model);
    }

    public static boolean isKnown(String family) {
        return IMAGE.contains(family) || VIDEO.contains(family);
    }

    public static MediaKind kindOf(String family) {
        return VIDEO.contains(family) ? MediaKind.VIDEO : MediaKind.IMAGE;
    }
}
