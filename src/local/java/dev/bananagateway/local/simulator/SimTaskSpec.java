package dev.bananagateway.local.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What a protocol hands the engine for a valid create.
 *
 * @param params the request as the provider would store it
 * @param outputs how many files the task produces
 * @param extension the files' extension (png, jpg, mp4)
 * @param referenceUrls the reference image URLs the create named, as given (tests fetch them)
 */
public record SimTaskSpec(String model, String prompt, JsonNode params, String callbackUrl, int outputs,
        String extension, List<String> referenceUrls) {

    public SimTaskSpec {
        referenceUrls = referenceUrls == null ? List.of() : List.copyOf(referenceUrls);
    }

    /** A task without reference images. */
    public SimTaskSpec(String model, String prompt, JsonNode params, String callbackUrl, int outputs,
            String extension) {
        this(model, prompt, params, callbackUrl, outputs, extension, List.of());
    }
}
