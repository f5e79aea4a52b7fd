package dev.bananagateway.provider;

import dev.bananagateway.model.Mode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Set;

/**
 * One row of a provider's capability table: a model family as this provider offers it.
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
 * @param priceUsd approximate price of one output at the base resolution, for routing by price
 */
@RegisterForReflection
public record ModelOffer(String family, String tier, String providerModel, Set<Mode> modes, int minReferenceImages,
        int maxReferenceImages, Set<String> aspectRatios, Set<String> resolutions, Set<String> outputFormats,
        int maxOutputs, Set<Integer> videoDurations, boolean videoAudio, double priceUsd) {
}
