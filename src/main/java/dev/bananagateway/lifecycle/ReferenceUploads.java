package dev.bananagateway.lifecycle;

import dev.bananagateway.media.MediaBucket;
import dev.bananagateway.media.MediaException;
import dev.bananagateway.media.Uploads;
import dev.bananagateway.model.GenerationRequest;
import dev.bananagateway.model.UploadReference;
import dev.bananagateway.model.UploadRefusal;
import dev.bananagateway.provider.Provider;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code upload:<id>} references of a submit: checked before anything is written or any
 * provider called (the caller's own, uploaded, an image, as declared, small enough for the provider),
 * and turned into presigned GET URLs for the provider call. The task keeps the {@code upload:<id>}
 * form, so no signed URL is stored.
 */
@ApplicationScoped
public class ReferenceUploads {

    /** The longest a SigV4 presigned URL can be valid. */
    static final Duration MAX_LINK_LIFETIME = Duration.ofDays(7);

    private final Uploads uploads;
    private final Clock clock;

    public ReferenceUploads(Uploads uploads, Clock clock) {
        this.uploads = uploads;
        this.clock = clock;
    }

    /**
     * Checks each upload the request names, and keeps of {@code route} the providers that take every
     * one of them (in order). A refusal names the first reference at fault.
     */
    public Checked check(String owner, GenerationRequest request, List<Provider> route) throws MediaException {
        Map<Integer, Uploads.Inspection> found = new TreeMap<>();
        List<String> refs = request.referenceImageUrls();
        for (int i = 0; i < refs.size(); i++) {
            if (!UploadReference.isUpload(refs.get(i))) {
                continue;
            }
            String id = UploadReference.id(refs.get(i)).orElseThrow(() -> new IllegalArgumentException(
                    "the request parser lets only well-formed upload ids through"));
            Uploads.Inspection inspection = uploads.inspect(owner, id);
            if (!inspection.ready()) {
                return Checked.refused(field(i), inspection.refusal(), inspection.reason());
            }
            found.put(i, inspection);
        }
        if (found.isEmpty()) {
            return new Checked(route, Map.of(), null);
        }
        List<Provider> fitting = new ArrayList<>();
        for (Provider provider : route) {
            long limit = provider.maxReferenceImageBytes(request);
            if (found.values().stream().allMatch(u -> u.sizeBytes() <= limit)) {
                fitting.add(provider);
            }
        }
        if (fitting.isEmpty()) {
            // name the first upload that even the provider taking the most cannot take
            Provider roomiest = route.stream().max((a, b) -> Long.compare(a.maxReferenceImageBytes(request),
                    b.maxReferenceImageBytes(request))).orElseThrow();
            long limit = roomiest.maxReferenceImageBytes(request);
            Map.Entry<Integer, Uploads.Inspection> largest = found.entrySet().stream()
                    .filter(e -> e.getValue().sizeBytes() > limit).findFirst().orElseThrow();
            String who = route.size() == 1 ? roomiest.id().key() + " takes at most " + limit + " bytes"
                    : "the providers that can serve the request take at most " + limit + " bytes (the most: "
                            + roomiest.id().key() + ")";
            return Checked.refused(field(largest.getKey()), UploadRefusal.TOO_LARGE_FOR_PROVIDER,
                    "is " + largest.getValue().sizeBytes() + " bytes; " + who);
        }
        return new Checked(fitting, found, null);
    }

    private static String field(int index) {
        return "reference_images[" + index + "]";
    }

    /**
     * The request as the provider gets it: each upload {@code checked} found as a presigned GET
     * valid until {@code deadline} (at most the seven days SigV4 allows).
     */
    public GenerationRequest forProvider(Checked checked, GenerationRequest request, Instant deadline) {
        if (checked.uploadsByIndex().isEmpty()) {
            return request;
        }
        Duration lifetime = Duration.between(clock.instant(), deadline);
        if (lifetime.compareTo(MAX_LINK_LIFETIME) > 0) {
            lifetime = MAX_LINK_LIFETIME;
        }
        if (lifetime.isNegative() || lifetime.isZero()) {
            lifetime = Duration.ofMinutes(1);
        }
        List<String> refs = new ArrayList<>(request.referenceImageUrls());
        for (Map.Entry<Integer, Uploads.Inspection> e : checked.uploadsByIndex().entrySet()) {
            MediaBucket.SignedLink link = uploads.signedGet(e.getValue().key(), lifetime);
            refs.set(e.getKey(), link.url());
        }
        return request.toBuilder().referenceImageUrls(refs).build();
    }

    /** What {@link #check} found: the route left and the uploads by position, or a refusal (then nothing else). */
    public record Checked(List<Provider> route, Map<Integer, Uploads.Inspection> uploadsByIndex, Refusal refusal) {

        static Checked refused(String field, UploadRefusal why, String message) {
            return new Checked(List.of(), Map.of(), new Refusal(field, why, message));
        }
    }

    /** A reference that cannot be used: the field ({@code reference_images[i]}), why, and a message. */
    public record Refusal(String field, UploadRefusal why, String message) {
    }
}
