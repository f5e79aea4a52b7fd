package dev.bananagateway.model;

import java.util.Set;

/** The model families a caller can ask for (docs/providers.md 8.1). */
public final class ModelFamilies {

    public static final String NB_FLASH = "nb-flash-2.5";
    public static final String NB_PRO = "nb-pro";
    public static final String NB_2 = "nb-2";
    public static final String NB_FAST = "nb-fast";
    public static final String SEEDREAM4 = "seedream4";

    public static final Set<String> IMAGE = Set.of(NB_FLASH, NB_PRO, NB_2, NB_FAST, SEEDREAM4);
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

    public static boolean isKnown(String family) {
        return IMAGE.contains(family) || VIDEO.contains(family);
    }

    public static MediaKind kindOf(String family) {
        return VIDEO.contains(family) ? MediaKind.VIDEO : MediaKind.IMAGE;
    }
}
