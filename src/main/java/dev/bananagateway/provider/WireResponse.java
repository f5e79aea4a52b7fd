package dev.bananagateway.provider;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * What a provider answered: status, the raw body text (keys already redacted) and the headers the
 * adapters need. Adapters read the raw text themselves because providers answer HTML error pages,
 * JSON inside JSON strings and HTTP 200 with error codes.
 */
public record WireResponse(int status, String body, String retryAfter) {

    public boolean successful() {
        return status >= 200 && status < 300;
    }

    /** The body as JSON, or empty when it is not JSON. */
    public Optional<JsonNode> json() {
        return Json.parse(body);
    }
}
