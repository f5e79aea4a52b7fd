package dev.bananagateway.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.Map;

/**
 * The answer to {@code POST /v1/uploads}: the id to name as {@code upload:<id>}, and the presigned PUT
 * with the headers it was signed with (S3 refuses the PUT without them, or with another body).
 */
@RegisterForReflection
public record UploadView(
        String id,
        String reference,
        @JsonProperty("upload_url") String uploadUrl,
        @JsonProperty("upload_method") String uploadMethod,
        Map<String, String> headers,
        @JsonProperty("expires_at") Instant expiresAt) {
}
