package dev.bananagateway.provider;

import dev.bananagateway.model.Degradation;
import dev.bananagateway.model.GenerationRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One provider behind the gateway. Implementations know the provider's wire format and nothing of
 * DynamoDB or Lambda. Calls are blocking; errors are {@link ProviderException}s with a shared class.
 */
public interface Provider {

    ProviderId id();

    /** The capability table: every model family this provider offers, with its limits and price. */
    List<ModelOffer> offers();

    /** Whether {@link #submit} can pass a callback URL that the provider will call. */
    boolean supportsCallbacks();

    /** Empty when this provider can serve the request as given; otherwise the field at fault. */
    Optional<Unsupported> check(GenerationRequest request);

    /**
     * What this provider does not get as asked when it serves the request, because the request
     * allows degrading (docs/providers.md 8.5). Meaningful only for a request {@link #check} accepts;
     * empty when nothing is left out (always, for a request without {@code allowDegrade}).
     */
    default List<Degradation> degradations(GenerationRequest request) {
        return List.of();
    }

    /**
     * What serving the request costs, in USD, and what that figure rests on (README "Pricing"). The
     * router orders providers by it; a task's cost starts as its {@link Price#estimate()}. Asked only
     * for requests this provider can serve.
     */
    Price price(GenerationRequest request);

    /**
     * Creates the provider task.
     *
     * @param callbackUrl where the provider should report completion, or null (ignored by providers without callbacks)
     * @return the provider's task id, and the charge where its answer reports one
     */
    Submission submit(GenerationRequest request, String callbackUrl) throws ProviderException;

    /** Reads the provider task's state. The request is given because some providers poll per media kind. */
    ProviderStatus poll(String providerTaskId, GenerationRequest request) throws ProviderException;

    /**
     * Parses a callback body the provider POSTed. Providers without callbacks throw
     * {@link ProviderException} with {@link ErrorClass#INVALID_REQUEST}.
     */
    ProviderStatus parseCallback(String body, Map<String, String> headers) throws ProviderException;

    /** The longest one call to this provider can take before it times out (connect plus read). */
    Duration longestCall();

    /**
     * The request budget of one API key that the provider states (creates and polls together), empty
     * where it states none. {@code gateway.providers.<id>.requests-per-minute} overrides it.
     */
    default OptionalInt requestsPerMinute() {
        return OptionalInt.empty();
    }

    /**
     * The largest reference image, in bytes, this provider takes for the request: what it documents,
     * else {@link #DEFAULT_REFERENCE_IMAGE_BYTES}. Checked for uploads, whose size the gateway knows
     * (docs/providers.md 8.9); a caller's URL is the provider's to fetch and judge.
     */
    default long maxReferenceImageBytes(GenerationRequest request) {
        return DEFAULT_REFERENCE_IMAGE_BYTES;
    }

    /** 10 MB: the smallest limit documented for a Nano Banana reference (revid's edit model, nbpcloud). */
    long DEFAULT_REFERENCE_IMAGE_BYTES = 10L * 1024 * 1024;

    /** Shortest interval between polls of one task that this provider's rate limit allows. */
    default Duration minPollInterval() {
        return Duration.ofSeconds(2);
    }
}
