package dev.bananagateway.local.simulator;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a protocol hands the engine for a valid create.
 *
 * @param params the request as the provider would store it
 * @param outputs how many files the task produces
 * @param extension the files' extension (png, jpg, mp4)
 */
public record SimTaskSpec(String model, String prompt, JsonNode params, String callbackUrl, int outputs,
        String extension) {
}
