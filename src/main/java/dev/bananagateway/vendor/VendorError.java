package dev.bananagateway.vendor;

/** Why a vendor task failed, normalized. */
public record VendorError(ErrorClass errorClass, String vendorCode, String message) {
}
