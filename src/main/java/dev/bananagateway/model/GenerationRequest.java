package dev.bananagateway.model;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.Map;

/**
 * The normalized, validated request (docs/providers.md 8.1) as the domain and the provider
 * adapters see it. Optional members are null when the caller left them to the provider's default.
 *
 * @param modelFamily nano-banana, nano-banana-pro, nano-banana-2, nano-banana-fast, seedream-4 or an imgeditor
 *        video model id; an alias from {@link ModelFamilies#ALIASES} is replaced by its current id
 * @param tier standard or cost_optimized (crun's v2 channel)
 * @param outputFormat png or jpeg (normalized spelling)
 * @param provider a provider the caller pinned, or null to let the router choose
 * @param webhookUrl the caller's webhook for the terminal task view, or null
 */
@RegisterForReflection
public record GenerationRequest(
        MediaKind kind,
        String modelFamily,
        String tier,
        String prompt,
        List<String> referenceImageUrls,
        String aspectRatio,
        String resolution,
        String outputFormat,
        int numImages,
        String quality,
        VideoOptions video,
        String provider,
        String webhookUrl,
        Map<String, String> metadata,
        boolean allowDegrade) {

    public GenerationRequest {
        // here rather than only in the parser: tasks stored before the rename read back with the new ids
        modelFamily = ModelFamilies.canonical(modelFamily);
        referenceImageUrls = referenceImageUrls == null ? List.of() : List.copyOf(referenceImageUrls);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        if (numImages < 1) {
            numImages = 1;
        }
    }

    public Mode mode() {
        return Mode.of(kind, !referenceImageUrls.isEmpty());
    }

    public boolean wantsVideo() {
        return kind == MediaKind.VIDEO;
    }

    /** A text-to-image request for the given family; handy in tests and examples. */
    public static GenerationRequest image(String modelFamily, String prompt, List<String> referenceImageUrls) {
        return new GenerationRequest(MediaKind.IMAGE, modelFamily, null, prompt, referenceImageUrls, null, null,
                null, 1, null, null, null, null, null, false);
    }

    public GenerationRequest withProvider(String pinnedProvider) {
        return new GenerationRequest(kind, modelFamily, tier, prompt, referenceImageUrls, aspectRatio, resolution,
                outputFormat, numImages, quality, video, pinnedProvider, webhookUrl, metadata, allowDegrade);
    }
}
