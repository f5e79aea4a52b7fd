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
        return builder().modelFamily(modelFamily).prompt(prompt).referenceImageUrls(referenceImageUrls).build();
    }

    /** An image request with every optional member left to the provider's default. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this request's values, to derive a request that differs in a few of them. */
    public Builder toBuilder() {
        return new Builder().kind(kind).modelFamily(modelFamily).tier(tier).prompt(prompt)
                .referenceImageUrls(referenceImageUrls).aspectRatio(aspectRatio).resolution(resolution)
                .outputFormat(outputFormat).numImages(numImages).quality(quality).video(video).provider(provider)
                .webhookUrl(webhookUrl).metadata(metadata).allowDegrade(allowDegrade);
    }

    public GenerationRequest withProvider(String pinnedProvider) {
        return toBuilder().provider(pinnedProvider).build();
    }

    /**
     * Builds a {@link GenerationRequest}; the canonical constructor normalizes as usual. Starts as an
     * image request for one output, every other member unset.
     */
    public static final class Builder {

        private MediaKind kind = MediaKind.IMAGE;
        private String modelFamily;
        private String tier;
        private String prompt;
        private List<String> referenceImageUrls;
        private String aspectRatio;
        private String resolution;
        private String outputFormat;
        private int numImages = 1;
        private String quality;
        private VideoOptions video;
        private String provider;
        private String webhookUrl;
        private Map<String, String> metadata;
        private boolean allowDegrade;

        private Builder() {
        }

        public Builder kind(MediaKind value) {
            kind = value;
            return this;
        }

        public Builder modelFamily(String value) {
            modelFamily = value;
            return this;
        }

        public Builder tier(String value) {
            tier = value;
            return this;
        }

        public Builder prompt(String value) {
            prompt = value;
            return this;
        }

        public Builder referenceImageUrls(List<String> value) {
            referenceImageUrls = value;
            return this;
        }

        public Builder aspectRatio(String value) {
            aspectRatio = value;
            return this;
        }

        public Builder resolution(String value) {
            resolution = value;
            return this;
        }

        public Builder outputFormat(String value) {
            outputFormat = value;
            return this;
        }

        public Builder numImages(int value) {
            numImages = value;
            return this;
        }

        public Builder quality(String value) {
            quality = value;
            return this;
        }

        public Builder video(VideoOptions value) {
            video = value;
            return this;
        }

        public Builder provider(String value) {
            provider = value;
            return this;
        }

        public Builder webhookUrl(String value) {
            webhookUrl = value;
            return this;
        }

        public Builder metadata(Map<String, String> value) {
            metadata = value;
            return this;
        }

        public Builder allowDegrade(boolean value) {
            allowDegrade = value;
            return this;
        }

        public GenerationRequest build() {
            return new GenerationRequest(kind, modelFamily, tier, prompt, referenceImageUrls, aspectRatio,
                    resolution, outputFormat, numImages, quality, video, provider, webhookUrl, metadata, allowDegrade);
        }
    }
}
