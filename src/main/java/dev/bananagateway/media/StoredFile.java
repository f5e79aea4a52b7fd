package dev.bananagateway.media;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A file in the media bucket, as recorded beside it once it is whole: the key, what its bytes are
 * (type by signature, size, SHA-256, image dimensions where the header gives them), and the URL it
 * was copied from (null for an upload).
 */
@RegisterForReflection
public record StoredFile(String key, String contentType, long sizeBytes, String sha256, Integer width,
        Integer height, String sourceUrl) {
}
