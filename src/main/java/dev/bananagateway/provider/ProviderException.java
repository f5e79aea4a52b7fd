package dev.bananagateway.provider;

import java.time.Duration;

/**
 * A provider call that did not succeed, classified. Messages never carry keys or secrets.
 */
public class ProviderException extends Exception {

    private final ProviderId provider;
    private final ErrorClass errorClass;
    private final int httpStatus;
    private final String providerCode;
    private final Duration retryAfter;
    private final boolean possiblyAccepted;

    public ProviderException(ProviderId provider, ErrorClass errorClass, int httpStatus, String providerCode, String message,
            Duration retryAfter, boolean possiblyAccepted) {
        super(message);
        this.provider = provider;
        this.errorClass = errorClass;
        this.httpStatus = httpStatus;
        this.providerCode = providerCode;
        this.retryAfter = retryAfter;
        this.possiblyAccepted = possiblyAccepted;
    }

    public static ProviderException of(ProviderId provider, ErrorClass errorClass, int httpStatus, String providerCode,
            String message) {
        return new ProviderException(provider, errorClass, httpStatus, providerCode, message, null, false);
    }

    public ProviderId provider() {
        return provider;
    }

    public ErrorClass errorClass() {
        return errorClass;
    }

    /** HTTP status of the answer, 0 when there was none (connection error, timeout). */
    public int httpStatus() {
        return httpStatus;
    }

    /** The provider's own code (body code, error code string), or null. */
    public String providerCode() {
        return providerCode;
    }

    /** The provider's Retry-After, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /**
     * True when a create call may have been accepted although it failed from our side (timeout
     * after sending, ambiguous 5xx, non-JSON 522): such a create is never resubmitted blindly.
     */
    public boolean possiblyAccepted() {
        return possiblyAccepted;
    }
}
