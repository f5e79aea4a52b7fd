package dev.bananagateway.model;

/** Why an {@code upload:<id>} reference cannot be used (the API answers each with its own problem code). */
public enum UploadRefusal {
    /** No upload with this id for this caller: never created, expired, or another caller's. */
    NOT_FOUND,
    /** The upload was created but its bytes were never PUT. */
    NOT_UPLOADED,
    /** The bytes are not a PNG, JPEG or WebP image, or not the declared one. */
    NOT_AN_IMAGE,
    /** The bytes' size or SHA-256 differ from what the upload declared. */
    DOES_NOT_MATCH,
    /** Larger than the chosen provider takes (or, unpinned, than every capable provider takes). */
    TOO_LARGE_FOR_PROVIDER
}
