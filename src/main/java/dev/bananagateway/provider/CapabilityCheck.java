package dev.bananagateway.provider;

import dev.bananagateway.model.Degradation;
import dev.bananagateway.model.GenerationRequest;
import dev.bananagateway.model.MediaKind;
import dev.bananagateway.model.Mode;
import dev.bananagateway.model.VideoOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Evaluates a request against a provider's capability table (its {@link ModelOffer}s). Field names in
 * the answer are the public API's JSON names. With {@code allowDegrade} (docs/providers.md 8.5) an
 * unsupported output format, aspect ratio {@code auto}, a resolution the model fixes, or an
 * image-only field on a video is not an error: the wire builders leave it out (the {@code ...ToSend}
 * methods say what goes on the wire), and {@link #degradations} lists what was left out, from the
 * same methods, for the task's record.
 */
public final class CapabilityCheck {

    private CapabilityCheck() {
    }

    /** Checks a provider that offers no quality choice. */
    public static Optional<Unsupported> check(GenerationRequest request, List<ModelOffer> offers) {
        return check(request, offers, Set.of());
    }

    /**
     * @param qualities the quality values the provider accepts; empty: only the default (standard)
     */
    public static Optional<Unsupported> check(GenerationRequest request, List<ModelOffer> offers,
            Set<String> qualities) {
        String family = request.modelFamily();
        String tier = ModelFamilies.tierOf(request.tier());
        List<ModelOffer> ofFamily = offers.stream().filter(o -> o.family().equals(family)).toList();
        if (family == null || ofFamily.isEmpty()) {
            return unsupported("model", "model family " + family + " is not offered");
        }
        List<ModelOffer> ofTier = ofFamily.stream().filter(o -> o.tier().equals(tier)).toList();
        if (ofTier.isEmpty()) {
            return unsupported("tier", "tier " + tier + " is not offered for " + family);
        }
        Optional<ModelOffer> offer = select(request, ofTier);
        if (offer.isEmpty()) {
            return modeMismatch(request, ofTier);
        }
        return checkOffer(request, offer.get(), qualities);
    }

    /** The offer that serves the request's family, tier and mode, if any. */
    public static Optional<ModelOffer> select(GenerationRequest request, List<ModelOffer> offers) {
        String tier = ModelFamilies.tierOf(request.tier());
        return offers.stream()
                .filter(o -> o.family().equals(request.modelFamily()) && o.tier().equals(tier))
                .filter(o -> o.modes().contains(request.mode()))
                .findFirst();
    }

    /** The aspect ratio to put on the wire, or null (absent, or dropped by degrade). */
    public static String aspectRatioToSend(GenerationRequest request, ModelOffer offer) {
        return keepIfSupported(request.aspectRatio(), offer.aspectRatios());
    }

    /** The image resolution to put on the wire, or null (absent, or fixed by the model). */
    public static String resolutionToSend(GenerationRequest request, ModelOffer offer) {
        return keepIfSupported(request.resolution(), offer.resolutions());
    }

    /** The output format (normalized spelling) to put on the wire, or null. */
    public static String outputFormatToSend(GenerationRequest request, ModelOffer offer) {
        return keepIfSupported(request.outputFormat(), offer.outputFormats());
    }

    /**
     * What serving the request with {@code offer} leaves out because the request allows degrading:
     * each field the caller set that the {@code ...ToSend} methods do not put on the wire, and the
     * image-only fields of a video. Empty for a request the check accepts without {@code allowDegrade}.
     */
    public static List<Degradation> degradations(GenerationRequest request, ModelOffer offer) {
        List<Degradation> dropped = new ArrayList<>();
        droppedUnlessSent(dropped, "aspect_ratio", request.aspectRatio(), aspectRatioToSend(request, offer));
        droppedUnlessSent(dropped, "resolution", request.resolution(), resolutionToSend(request, offer));
        droppedUnlessSent(dropped, "output_format", request.outputFormat(), outputFormatToSend(request, offer));
        if (request.kind() == MediaKind.VIDEO && request.quality() != null) {
            dropped.add(Degradation.dropped("quality", request.quality()));
        }
        return List.copyOf(dropped);
    }

    private static void droppedUnlessSent(List<Degradation> dropped, String field, String requested, String sent) {
        if (requested != null && sent == null) {
            dropped.add(Degradation.dropped(field, requested));
        }
    }

    private static String keepIfSupported(String value, Set<String> supported) {
        return value != null && supported.contains(value) ? value : null;
    }

    private static Optional<Unsupported> modeMismatch(GenerationRequest request, List<ModelOffer> offers) {
        boolean kindServed = offers.stream()
                .anyMatch(o -> o.modes().stream().anyMatch(m -> isKind(m, request.kind())));
        if (!kindServed) {
            return unsupported("model", request.modelFamily() + " does not produce " + kindName(request.kind()));
        }
        if (request.referenceImageUrls().isEmpty()) {
            return unsupported("reference_images", request.modelFamily() + " needs at least one reference image here");
        }
        return unsupported("reference_images", request.modelFamily() + " takes no reference images here");
    }

    private static Optional<Unsupported> checkOffer(GenerationRequest request, ModelOffer offer,
            Set<String> qualities) {
        int refs = request.referenceImageUrls().size();
        if (refs < offer.minReferenceImages() || refs > offer.maxReferenceImages()) {
            return unsupported("reference_images", "between " + offer.minReferenceImages() + " and "
                    + offer.maxReferenceImages() + " reference images are accepted, got " + refs);
        }
        String aspect = request.aspectRatio();
        if (aspect != null && !offer.aspectRatios().contains(aspect)
                && !(request.allowDegrade() && ModelFamilies.AUTO.equals(aspect))) {
            return unsupported("aspect_ratio", "aspect ratio " + aspect + " is not supported; accepted: "
                    + offer.aspectRatios());
        }
        Optional<Unsupported> ofKind = request.kind() == MediaKind.IMAGE ? checkImage(request, offer, qualities)
                : checkImageOnlyFieldsOnVideo(request);
        if (ofKind.isPresent()) {
            return ofKind;
        }
        if (request.numImages() > offer.maxOutputs()) {
            return unsupported("num_outputs", "at most " + offer.maxOutputs() + " outputs per task");
        }
        return request.kind() == MediaKind.VIDEO ? checkVideo(request.video(), offer) : Optional.empty();
    }

    /** A video has no output format or quality: refused unless they may be dropped. */
    private static Optional<Unsupported> checkImageOnlyFieldsOnVideo(GenerationRequest request) {
        if (request.allowDegrade()) {
            return Optional.empty();
        }
        if (request.outputFormat() != null) {
            return unsupported("output_format", "a video has no output format");
        }
        if (request.quality() != null) {
            return unsupported("quality", "a video has no quality setting");
        }
        return Optional.empty();
    }

    private static Optional<Unsupported> checkImage(GenerationRequest request, ModelOffer offer,
            Set<String> qualities) {
        String resolution = request.resolution();
        if (resolution != null && !offer.resolutions().contains(resolution)
                && !(request.allowDegrade() && offer.resolutions().isEmpty())) {
            return unsupported("resolution", offer.resolutions().isEmpty()
                    ? "the resolution of " + offer.providerModel() + " is fixed"
                    : "resolution " + resolution + " is not supported; accepted: " + offer.resolutions());
        }
        String format = request.outputFormat();
        if (format != null && !offer.outputFormats().contains(format) && !request.allowDegrade()) {
            return unsupported("output_format", offer.outputFormats().isEmpty()
                    ? "the output format cannot be chosen"
                    : "output format " + format + " is not supported; accepted: " + offer.outputFormats());
        }
        String quality = request.quality();
        if (quality != null && !quality.equals(ModelFamilies.TIER_STANDARD) && !qualities.contains(quality)) {
            return unsupported("quality", "quality " + quality + " is not offered");
        }
        return Optional.empty();
    }

    private static Optional<Unsupported> checkVideo(VideoOptions video, ModelOffer offer) {
        if (video == null) {
            return Optional.empty();
        }
        if (video.durationSeconds() != null && !offer.videoDurations().contains(video.durationSeconds())) {
            return unsupported("video.duration_seconds", "duration " + video.durationSeconds()
                    + " s is not supported; accepted: " + offer.videoDurations());
        }
        if (video.resolution() != null && !offer.resolutions().contains(video.resolution())) {
            return unsupported("video.resolution", "video resolution " + video.resolution()
                    + " is not supported; accepted: " + offer.resolutions());
        }
        if (Boolean.TRUE.equals(video.generateAudio()) && !offer.videoAudio()) {
            return unsupported("video.generate_audio", offer.providerModel() + " cannot generate audio");
        }
        return Optional.empty();
    }

    private static boolean isKind(Mode mode, MediaKind kind) {
        boolean video = mode == Mode.TEXT_TO_VIDEO || mode == Mode.IMAGE_TO_VIDEO;
        return video == (kind == MediaKind.VIDEO);
    }

    private static String kindName(MediaKind kind) {
        return kind == MediaKind.VIDEO ? "video" : "images";
    }

    private static Optional<Unsupported> unsupported(String field, String reason) {
        return Optional.of(new Unsupported(field, reason));
    }
}
