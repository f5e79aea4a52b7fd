package dev.bananagateway.vendor;

import dev.bananagateway.model.GenerationRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One vendor behind the gateway. Implementations know the vendor's wire format and nothing of
 * DynamoDB or Lambda. Calls are blocking; errors are {@link VendorException}s with a shared class.
 */
public interface Vendor {

    VendorId id();

    /** The capability table: every model family this vendor offers, with its limits and price. */
    List<ModelOffer> offers();

    /** Whether {@link #submit} can pass a callback URL that the vendor will call. */
    boolean supportsCallbacks();

    /** Empty when this vendor can serve the request as given; otherwise the field at fault. */
    Optional<Unsupported> check(GenerationRequest request);

    /** Estimated price in USD of serving the request (used to order vendors and to report cost). */
    double priceUsd(GenerationRequest request);

    /**
     * Creates the vendor task.
     *
     * @param callbackUrl where the vendor should report completion, or null (ignored by vendors without callbacks)
     * @return the vendor's task id
     */
    String submit(GenerationRequest request, String callbackUrl) throws VendorException;

    /** Reads the vendor task's state. The request is given because some vendors poll per media kind. */
    VendorStatus poll(String vendorTaskId, GenerationRequest request) throws VendorException;

    /**
     * Parses a callback body the vendor POSTed. Vendors without callbacks throw
     * {@link VendorException} with {@link ErrorClass#INVALID_REQUEST}.
     */
    VendorStatus parseCallback(String body, Map<String, String> headers) throws VendorException;

    /** The longest one call to this vendor can take before it times out (connect plus read). */
    Duration longestCall();

    /** Shortest interval between polls of one task that this vendor's rate limit allows. */
    default Duration minPollInterval() {
        return Duration.ofSeconds(2);
    }
}
