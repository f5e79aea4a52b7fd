package dev.bananagateway.provider;

/**
 * Shared provider error classes (docs/providers.md 2.2).
 *
 * <p>{@code failover}: at submit, another provider may be tried (the request was certainly not
 * accepted and the problem is the provider's or our account's, not the request's).
 * {@code retriablePoll}: a status poll may be repeated later.
 */
public enum ErrorClass {
    INVALID_REQUEST(false, false),
    AUTH_FAILED(true, false),
    FORBIDDEN(true, false),
    INSUFFICIENT_CREDITS(true, false),
    NOT_FOUND(false, true),
    CONTENT_REJECTED(false, false),
    INPUT_FETCH_FAILED(false, false),
    RATE_LIMITED(true, true),
    PROVIDER_UNAVAILABLE(true, true),
    PROVIDER_ERROR(true, true),
    GENERATION_FAILED(false, false),
    FEATURE_DISABLED(true, false),
    /** Our own deadline passed before the provider finished. */
    TIMEOUT(false, false),
    /** The create call's outcome is unknown (timeout, ambiguous 5xx): never resubmitted blindly. */
    SUBMISSION_UNCERTAIN(false, false),
    /**
     * The provider succeeded but its outputs could not be copied into the media bucket before the
     * task's deadline (its URL is gone, or serves something that is not media); the provider's URLs
     * are kept on the task.
     */
    OUTPUT_STORE_FAILED(false, false);

    private final boolean failover;
    private final boolean retriablePoll;

    ErrorClass(boolean failover, boolean retriablePoll) {
        this.failover = failover;
        this.retriablePoll = retriablePoll;
    }

    public boolean failover() {
        return failover;
    }

    public boolean retriablePoll() {
        return retriablePoll;
    }

    /** Whether the caller may sensibly submit the same request again later. */
    public boolean retriableByCaller() {
        return switch (this) {
            case RATE_LIMITED, PROVIDER_UNAVAILABLE, PROVIDER_ERROR, GENERATION_FAILED, TIMEOUT,
                 SUBMISSION_UNCERTAIN, OUTPUT_STORE_FAILED -> true;
            default -> false;
        };
    }

    /**
     * The class for a provider's HTTP status or body code (the codes are shared across providers). A 408
     * (the server stopped waiting for the request) is transient like a gateway timeout: another provider
     * at create, a later poll.
     */
    public static ErrorClass fromCode(int code) {
        return switch (code) {
            case 400, 422 -> INVALID_REQUEST;
            case 401 -> AUTH_FAILED;
            case 402 -> INSUFFICIENT_CREDITS;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 429 -> RATE_LIMITED;
            case 451 -> CONTENT_REJECTED;
            case 408, 455, 502, 503, 504, 522 -> PROVIDER_UNAVAILABLE;
            case 501 -> GENERATION_FAILED;
            case 505 -> FEATURE_DISABLED;
            default -> code >= 500 ? PROVIDER_ERROR : INVALID_REQUEST;
        };
    }
}
