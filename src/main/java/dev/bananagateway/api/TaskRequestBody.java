package dev.bananagateway.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.Map;

/** The public submit body (snake_case JSON). Unknown fields are refused. */
@RegisterForReflection
public record TaskRequestBody(
        String prompt,
        String model,
        String tier,
        @JsonProperty("reference_images") List<String> referenceImages,
        @JsonProperty("aspect_ratio") String aspectRatio,
        String resolution,
        @JsonProperty("output_format") String outputFormat,
        @JsonProperty("num_outputs") Integer numOutputs,
        String quality,
        Video video,
        String provider,
        @JsonProperty("webhook_url") String webhookUrl,
        Map<String, String> metadata,
        @JsonProperty("allow_degrade") Boolean allowDegrade) {

    @RegisterForReflection
    public record Video(
            @JsonProperty("duration_seconds") Integer durationSeconds,
            String resolution,
            @JsonProperty("generate_audio") Boolean generateAudio,
            @JsonProperty("negative_prompt") String negativePrompt) {
    }
}
