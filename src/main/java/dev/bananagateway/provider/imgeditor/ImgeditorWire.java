package dev.bananagateway.provider.imgeditor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bananagateway.model.Cost;
import dev.bananagateway.model.GenerationRequest;
import dev.bananagateway.model.Output;
import dev.bananagateway.model.VideoOptions;
import dev.bananagateway.provider.CapabilityCheck;
import dev.bananagateway.provider.CreditRate;
import dev.bananagateway.provider.ErrorClass;
import dev.bananagateway.provider.Json;
import dev.bananagateway.provider.ModelOffer;
import dev.bananagateway.provider.ProviderCall;
import dev.bananagateway.provider.ProviderError;
import dev.bananagateway.provider.ProviderErrors;
import dev.bananagateway.provider.ProviderException;
import dev.bananagateway.provider.ProviderId;
import dev.bananagateway.provider.ProviderStatus;
import dev.bananagateway.provider.ProviderTaskState;
import dev.bananagateway.provider.WireResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** imgeditor's wire format (docs/providers.md 7): the {success, data | error} envelope, flat bodies. */
final class ImgeditorWire {

    /** The HTTP status each documented error code comes with (7.9), for envelopes that arrive as HTTP 200. */
    private static final Map<String, Integer> CODE_STATUS = Map.of("INVALID_PROMPT", 400, "INVALID_MODEL", 400,
            "UNAUTHORIZED", 401, "INSUFFICIENT_CREDITS", 402, "FORBIDDEN", 403, "TASK_NOT_FOUND", 404,
            "RATE_LIMIT_EXCEEDED", 429, "CONTENT_FILTERED", 451, "INTERNAL_ERROR", 500);

    private ImgeditorWire() {
    }

    static ObjectNode imageBody(GenerationRequest request, ModelOffer offer) {
        List<String> refs = request.referenceImageUrls();
        ObjectNode body = Json.object()
                .put("prompt", request.prompt())
                .put("mode", refs.isEmpty() ? "text" : "image")
                .put("model", offer.providerModel());
        Json.putIfPresent(body, "image_url", refs.isEmpty() ? null : refs.get(0));
        Json.putIfPresent(body, "aspect_ratio", CapabilityCheck.aspectRatioToSend(request, offer));
        Json.putIfPresent(body, "resolution", CapabilityCheck.resolutionToSend(request, offer));
        body.put("num_images", request.numImages());
        Json.putIfPresent(body, "quality", request.quality());
        Json.putIfPresent(body, "output_format", CapabilityCheck.outputFormatToSend(request, offer));
        return body;
    }

    static ObjectNode videoBody(GenerationRequest request, ModelOffer offer) {
        VideoOptions video = request.video() == null ? new VideoOptions(null, null, null, null) : request.video();
        List<String> refs = request.referenceImageUrls();
        ObjectNode body = Json.object()
                .put("prompt", request.prompt())
                .put("model_id", offer.providerModel());
        Json.putIfPresent(body, "aspect_ratio", CapabilityCheck.aspectRatioToSend(request, offer));
        if (video.durationSeconds() != null) {
            body.put("duration", video.durationSeconds());
        }
        Json.putIfPresent(body, "resolution", video.resolution());
        Json.putIfPresent(body, "image_url", refs.isEmpty() ? null : refs.get(0));
        // Sora's audio is always on and the other audio-less models take no flag: only send it where it means something
        if (video.generateAudio() != null && offer.videoAudio()
                && !ImgeditorModels.ALWAYS_AUDIO.contains(offer.providerModel())) {
            body.put("generate_audio", video.generateAudio());
        }
        Json.putIfPresent(body, "negative_prompt", video.negativePrompt());
        return body;
    }

    /** The envelope's {@code data} when the call succeeded; the classified failure otherwise. */
    static JsonNode requireData(ProviderCall call, WireResponse response) throws ProviderException {
        JsonNode root = ProviderErrors.requireSuccess(ImgeditorProvider.ID, call, response);
        if (root.path("success").asBoolean(true) && root.path("data").isObject()) {
            return root.path("data");
        }
        String code = ProviderErrors.code(root);
        int status = code == null ? 500 : CODE_STATUS.getOrDefault(code, 500);
        throw ProviderErrors.failure(ImgeditorProvider.ID, call, status, response.status(), code,
                ProviderErrors.message(root), response);
    }

    static String taskId(JsonNode data) {
        return Json.text(data, "task_id");
    }

    /** What a create answer's {@code data} says was charged: {@code credits_used} (seed 004) at {@code rate}, or null. */
    static Cost charge(JsonNode data, CreditRate rate) {
        Double credits = Json.decimal(data, "credits_used");
        return credits == null ? null : rate.charged(credits);
    }

    /** Image and video statuses differ (completed vs succeeded); both map here. */
    static ProviderStatus parseStatus(JsonNode data, String fallbackTaskId) {
        String taskId = taskId(data) == null ? fallbackTaskId : taskId(data);
        String status = String.valueOf(Json.text(data, "status")).toLowerCase(Locale.ROOT);
        Integer progress = Json.integer(data, "progress");
        return switch (status) {
            case "pending" -> ProviderStatus.running(taskId, ProviderTaskState.QUEUED, progress, null);
            case "completed", "succeeded" -> ProviderStatus.succeeded(taskId, outputs(data), null);
            case "failed" -> ProviderStatus.failed(taskId, failure(data.path("error")));
            default -> ProviderStatus.running(taskId, ProviderTaskState.RUNNING, progress, null);
        };
    }

    /**
     * The documented result: one {@code image_url} (image status) or {@code video_url} (video status),
     * a single URL each (seed 004); no list field is documented, so none is read.
     */
    private static List<Output> outputs(JsonNode data) {
        List<Output> outputs = new ArrayList<>();
        for (String field : List.of("image_url", "video_url")) {
            String url = Json.text(data, field);
            if (url != null && !url.isBlank()) {
                outputs.add(Output.of(url));
            }
        }
        return outputs;
    }

    private static ProviderError failure(JsonNode error) {
        if (error.isObject()) {
            String code = Json.text(error, "code");
            ErrorClass errorClass = "CONTENT_FILTERED".equals(code) ? ErrorClass.CONTENT_REJECTED
                    : ErrorClass.GENERATION_FAILED;
            return new ProviderError(errorClass, code, Json.text(error, "message"));
        }
        return new ProviderError(ErrorClass.GENERATION_FAILED, null,
                error.isTextual() ? error.asText() : "generation failed");
    }
}
