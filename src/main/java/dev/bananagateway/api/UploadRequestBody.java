package dev.bananagateway.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The {@code POST /v1/uploads} body (snake_case JSON). Unknown fields are refused. */
@RegisterForReflection
public record UploadRequestBody(
        @JsonProperty("content_type") String contentType,
        @JsonProperty("size_bytes") Long sizeBytes,
        String sha256) {
}
