package dev.bananagateway.provider;

import dev.bananagateway.model.Mode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Set;

/**
 * One row of a provider's capability table: a model family as this provider offers it. Built with
 * {@link #of(String, String)}, which names every limit and leaves the rest at its default: standard
 * tier, no reference images (0 to 0), one output, no video durations, no audio, and empty sets for
 * aspect ratios, resolutions and output formats (the field cannot be controlled).
 *
 * @param family public model id (nano-banana, nano-banana-pro, nano-banana-2, nano-banana-fast, seedream-4,
 *        or a video model id); never an alias
 * @param tier standard or cost_optimized
 * @param providerModel the provider's own model id
 * @param modes modes this offer serves
 * @param minReferenceImages fewest reference images accepted (pixazo: 1)
 * @param maxReferenceImages most reference images accepted
 * @param aspectRatios accepted aspect ratios; empty: the field cannot be controlled
 * @param resolutions accepted resolutions (1K/2K/4K, or 480p/720p/1080p for video); empty: fixed
 * @param outputFormats accepted output formats (png, jpeg); empty: cannot be chosen
 * @param maxOutputs most outputs per task
 * @param videoDurations accepted video durations in seconds (video only)
 * @param videoAudio whether generate_audio may be asked for (video only)
 * @param priceUsd listed USD price of one output at the base resolution, with the adapter's assumptions where no
 *        document gives a number; routing and task costs use {@link Provider#price}, which applies the
 *        request's options and the configured prices
 */
@RegisterForReflection
public record ModelOffer(String family, String tier, String providerModel, Set<Mode> modes, int minReferenceImages,
        int maxReferenceImages, Set<String> aspectRatios, Set<String> resolutions, Set<String> outputFormats,
        int maxOutputs, Set<Integer> videoDurations, boolean videoAudio, double priceUsd) {

    /** Starts an offer of {@code family} as {@code providerModel}; the class comment lists the defaults. */
    public static Builder of(String family, String providerModel) {
        return new Builder().family(family).providerModel(providerModel);
    }

    /** A builder holding this offer's values, to derive an offer that differs in a few of them. */
    public Builder toBuilder() {
        return new Builder().family(family).tier(tier).providerModel(providerModel).modes(modes)
                .minReferenceImages(minReferenceImages).maxReferenceImages(maxReferenceImages)
                .aspectRatios(aspectRatios).resolutions(resolutions).outputFormats(outputFormats)
                .maxOutputs(maxOutputs).videoDurations(videoDurations).videoAudio(videoAudio).priceUsd(priceUsd);
    }

    /**
     * Builds a {@link ModelOffer}. Sets are kept as given; the varargs forms make immutable sets.
     * {@link #build()} insists on a family, a provider model, at least one mode and a price.
     */
    public static final class Builder {

        private String family;
        private String tier = ModelFamilies.TIER_STANDARD;
        private String providerModel;
        private Set<Mode> modes = Set.of();
        private int minReferenceImages;
        private int maxReferenceImages;
        private Set<String> aspectRatios = Set.of();
        private Set<String> resolutions = Set.of();
        private Set<String> outputFormats = Set.of();
        private int maxOutputs = 1;
        private Set<Integer> videoDurations = Set.of();
        private boolean videoAudio;
        private double priceUsd = Double.NaN;

        private Builder() {
        }

        public Builder family(String value) {
            family = value;
            return this;
        }

        public Builder tier(String value) {
            tier = value;
            return this;
        }

        public Builder providerModel(String value) {
            providerModel = value;
            return this;
        }

        public Builder modes(Set<Mode> value) {
            modes = value;
            return this;
        }

        public Builder modes(Mode... value) {
            return modes(Set.of(value));
        }

        public Builder minReferenceImages(int value) {
            minReferenceImages = value;
            return this;
        }

        public Builder maxReferenceImages(int value) {
            maxReferenceImages = value;
            return this;
        }

        public Builder aspectRatios(Set<String> value) {
            aspectRatios = value;
            return this;
        }

        public Builder aspectRatios(String... value) {
            return aspectRatios(Set.of(value));
        }

        public Builder resolutions(Set<String> value) {
            resolutions = value;
            return this;
        }

        public Builder resolutions(String... value) {
            return resolutions(Set.of(value));
        }

        public Builder outputFormats(Set<String> value) {
            outputFormats = value;
            return this;
        }

        public Builder outputFormats(String... value) {
            return outputFormats(Set.of(value));
        }

        public Builder maxOutputs(int value) {
            maxOutputs = value;
            return this;
        }

        public Builder videoDurations(Set<Integer> value) {
            videoDurations = value;
            return this;
        }

        public Builder videoDurations(Integer... value) {
            return videoDurations(Set.of(value));
        }

        public Builder videoAudio(boolean value) {
            videoAudio = value;
            return this;
        }

        public Builder priceUsd(double value) {
            priceUsd = value;
            return this;
        }

        public ModelOffer build() {
            if (family == null || tier == null || providerModel == null) {
                throw new IllegalStateException("an offer needs a family, a tier and a provider model");
            }
            if (modes == null || modes.isEmpty()) {
                throw new IllegalStateException("offer " + providerModel + " serves no mode");
            }
            if (minReferenceImages < 0 || minReferenceImages > maxReferenceImages) {
                throw new IllegalStateException("offer " + providerModel + " has reference limits "
                        + minReferenceImages + ".." + maxReferenceImages);
            }
            if (Double.isNaN(priceUsd)) {
                throw new IllegalStateException("offer " + providerModel + " has no price");
            }
            return new ModelOffer(family, tier, providerModel, modes, minReferenceImages, maxReferenceImages,
                    aspectRatios, resolutions, outputFormats, maxOutputs, videoDurations, videoAudio, priceUsd);
        }
    }
}
