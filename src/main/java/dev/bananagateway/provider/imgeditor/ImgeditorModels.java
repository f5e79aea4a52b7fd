package dev.bananagateway.provider.imgeditor;

import dev.bananagateway.model.GenerationRequest;
import dev.bananagateway.model.Mode;
import dev.bananagateway.model.VideoOptions;
import dev.bananagateway.provider.ModelFamilies;
import dev.bananagateway.provider.ModelOffer;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * imgeditor's model tables (docs/providers.md 7.3, 7.5) and credit prices: images and veo-3.1-fast as
 * seed 004 publishes them, the other video models by an assumed rate. USD: imgeditor sells credits
 * without a published per-credit rate.
 */
final class ImgeditorModels {

    /** USD per credit when {@code gateway.providers.imgeditor.usd-per-credit} is unset: an assumption (7.3). */
    static final double ASSUMED_USD_PER_CREDIT = 0.01;
    static final Set<String> SUBSCRIPTION_FAMILIES = Set.of(ModelFamilies.NANO_BANANA_2, ModelFamilies.SEEDREAM_4);
    static final Set<String> ALWAYS_AUDIO = Set.of("sora-2", "sora-2-pro");
    static final String DEFAULT_VIDEO_MODEL = "veo-3.1-fast";
    private static final Set<Mode> IMAGE_MODES = Set.of(Mode.TEXT_TO_IMAGE, Mode.IMAGE_TO_IMAGE);
    private static final Set<Mode> VIDEO_MODES = Set.of(Mode.TEXT_TO_VIDEO, Mode.IMAGE_TO_VIDEO);
    /**
     * The API takes num_images 1-4 and bills each image, but its status answer documents a single
     * image_url (docs/providers.md 7.4): one image per task, so the caller never pays for images
     * the answer cannot carry.
     */
    private static final int MAX_IMAGES = 1;
    private static final int HD_CREDITS = 2;

    /** veo-3.1-fast credits by resolution and audio, for 4 / 6 / 8 s (the only published video table). */
    private static final int[][] VEO_FAST_CREDITS = {{10, 15, 20}, {15, 20, 30}, {15, 20, 25}, {20, 25, 35}};

    // the second column is imgeditor's own model id, kept even where it matches (or, for seedream4,
    // predates) the gateway's public id: the wire does not follow the public vocabulary
    static final List<ModelOffer> IMAGE_OFFERS = List.of(
            image(ModelFamilies.NANO_BANANA, "nano-banana", ModelFamilies.BASIC_ASPECT_RATIOS, Set.of(), 1),
            image(ModelFamilies.NANO_BANANA_PRO, "nano-banana-pro", ModelFamilies.FIXED_ASPECT_RATIOS,
                    ModelFamilies.IMAGE_RESOLUTIONS, 6),
            image(ModelFamilies.NANO_BANANA_2, "nano-banana-2", ModelFamilies.FIXED_ASPECT_RATIOS,
                    ModelFamilies.IMAGE_RESOLUTIONS, 4),
            image(ModelFamilies.SEEDREAM_4, "seedream4", ModelFamilies.BASIC_ASPECT_RATIOS, Set.of(), 4));

    static final List<ModelOffer> VIDEO_OFFERS = List.of(
            video("veo-3.1-fast", "720p,1080p", "16:9,9:16", "4,6,8", true),
            video("veo-3.1", "720p,1080p", "16:9,9:16", "4,6,8", true),
            video("seedance-1.5-fast", "720p,1080p", "16:9,9:16,1:1", "4,8,12", true),
            video("seedance-1.5", "720p,1080p", "16:9,9:16,1:1", "4,8,12", true),
            video("seedance-2.0", "480p,720p", "16:9,9:16,1:1,4:3", "5,10,15", true),
            video("wan-2.5", "480p,720p,1080p", "16:9,9:16", "5,10", false),
            video("sora-2", "720p", "16:9,9:16", "4,8,12", true),
            video("sora-2-pro", "720p,1080p", "16:9,9:16", "4,8,12", true),
            video("kling-o3-std", "720p", "16:9,9:16,1:1", "5,10", true),
            video("kling-o3-pro", "720p", "16:9,9:16,1:1", "5,10", true),
            video("grok-video", "480p,720p", "16:9,9:16,1:1", "6,10", false));

    private ImgeditorModels() {
    }

    private static ModelOffer image(String family, String model, Set<String> aspects, Set<String> resolutions,
            int textCredits) {
        return ModelOffer.of(family, model).modes(IMAGE_MODES).maxReferenceImages(1)
                .aspectRatios(aspects).resolutions(resolutions).outputFormats(ModelFamilies.PNG_JPEG)
                .maxOutputs(MAX_IMAGES).priceUsd(textCredits * ASSUMED_USD_PER_CREDIT).build();
    }

    private static ModelOffer video(String model, String resolutions, String aspects, String durations,
            boolean audio) {
        Set<Integer> seconds = Arrays.stream(durations.split(",")).map(Integer::valueOf).collect(Collectors.toSet());
        int shortest = seconds.stream().min(Integer::compare).orElseThrow();
        return ModelOffer.of(model, model).modes(VIDEO_MODES).maxReferenceImages(1)
                .aspectRatios(split(aspects)).resolutions(split(resolutions))
                .videoDurations(seconds).videoAudio(audio)
                .priceUsd(publishedVideoCredits(model, shortest, "720p", false)
                        .orElse(assumedCreditsPerSecond("720p", false) * shortest) * ASSUMED_USD_PER_CREDIT).build();
    }

    private static Set<String> split(String csv) {
        return Set.of(csv.split(","));
    }

    /** Credits of an image request: per-image base by model and mode, resolution and hd surcharges, times n. */
    static int imageCredits(GenerationRequest request) {
        boolean edit = !request.referenceImageUrls().isEmpty();
        boolean is4k = "4K".equals(request.resolution());
        int base = switch (request.modelFamily()) {
            case ModelFamilies.NANO_BANANA -> edit ? 2 : 1;
            case ModelFamilies.NANO_BANANA_PRO -> is4k ? 20 : 6;
            case ModelFamilies.NANO_BANANA_2 ->
                    (edit ? 8 : 4) + (is4k ? 14 : "2K".equals(request.resolution()) ? 4 : 0);
            default -> 4;
        };
        int hd = "hd".equals(request.quality()) ? HD_CREDITS : 0;
        return (base + hd) * request.numImages();
    }

    /** The credits seed 004 publishes for this video: only veo-3.1-fast has a table (4, 6, 8 s). */
    static OptionalDouble publishedVideoCredits(String model, int seconds, String resolution, boolean audio) {
        if (DEFAULT_VIDEO_MODEL.equals(model) && seconds >= 4 && seconds <= 8 && seconds % 2 == 0) {
            return OptionalDouble.of(VEO_FAST_CREDITS[row(resolution, audio)][(seconds - 4) / 2]);
        }
        return OptionalDouble.empty();
    }

    /**
     * Credits per second assumed for a video model seed 004 publishes no table for, unless
     * {@code gateway.providers.imgeditor.video-credits-per-second.<model>} is set: veo-3.1-fast's 8-second
     * rate at the same resolution and audio (480p priced like 720p).
     */
    static double assumedCreditsPerSecond(String resolution, boolean audio) {
        return VEO_FAST_CREDITS[row(resolution, audio)][2] / 8.0;
    }

    private static int row(String resolution, boolean audio) {
        return ("1080p".equals(resolution) ? 2 : 0) + (audio ? 1 : 0);
    }

    /** The duration, resolution and audio a video request is priced at. */
    record VideoSpec(int seconds, String resolution, boolean audio) {

        static VideoSpec of(String model, VideoOptions video, List<ModelOffer> offers) {
            VideoOptions options = video == null ? new VideoOptions(null, null, null, null) : video;
            int seconds = options.durationSeconds() != null ? options.durationSeconds()
                    : offers.stream().filter(o -> o.family().equals(model)).flatMap(o -> o.videoDurations().stream())
                            .min(Integer::compare).orElse(8);
            boolean audio = ALWAYS_AUDIO.contains(model) || Boolean.TRUE.equals(options.generateAudio());
            return new VideoSpec(seconds, options.resolution(), audio);
        }
    }
}
