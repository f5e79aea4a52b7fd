package dev.bananagateway.vendor;

import java.time.Duration;

/**
 * A vendor call that did not succeed, classified. Messages never carry keys or secrets.
 */
public class VendorException extends Exception {

    private final VendorId vendor;
    private final ErrorClass errorClass;
    private final int httpStatus;
    private final String vendorCode;
    private final Duration retryAfter;
    private final boolean possiblyAccepted;

    public VendorException(VendorId vendor, ErrorClass errorClass, int httpStatus, String vendorCode, String message,
            Duration retryAfter, boolean possiblyAccepted) {
        super(message);
        this.vendor = vendor;
        this.errorClass = errorClass;
        this.httpStatus = httpStatus;
        this.vendorCode = vendorCode;
        this.retryAfter = retryAfter;
        this.possiblyAccepted = possiblyAccepted;
    }

    public static VendorException of(VendorId vendor, ErrorClass errorClass, int httpStatus, String vendorCode,
            String message) {
        return new VendorException(vendor, errorClass, httpStatus, vendorCode, message, null, false);
    }

    public VendorId vendor() {
        return vendor;
    }

    public ErrorClass errorClass() {
        return errorClass;
    }

    /** HTTP status of the answer, 0 when there was none (connection error, timeout). */
    public int httpStatus() {
        return httpStatus;
    }

    /** The vendor's own code (body code, error code string), or null. */
    public String vendorCode() {
        return vendorCode;
    }

    /** The vendor's Retry-After, or null. */
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
