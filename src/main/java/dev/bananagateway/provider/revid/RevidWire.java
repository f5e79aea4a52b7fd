package dev.bananagateway.provider.revid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bananagateway.model.GenerationRequest;
import dev.bananagateway.model.Output;
import dev.bananagateway.provider.CapabilityCheck;
import dev.bananagateway.provider.ErrorClass;
import dev.bananagateway.provider.Json;
import dev.bananagateway.provider.ModelOffer;
import dev.bananagateway.provider.ProviderCall;
import dev.bananagateway.provider.ProviderError;
import dev.bananagateway.provider.ProviderErrors;
import dev.bananagateway.provider.ProviderException;
import dev.bananagateway.provider.ProviderStatus;
import dev.bananagateway.provider.ProviderTaskState;
import dev.bananagateway.provider.WireResponse;
import java.util.List;
import java.util.Locale;

/** RevidAPI's wire format (docs/providers.md 3.2-3.6): per-model input schemas, JSON inside JSON. */
final class RevidWire {

    static final String MODEL_FLASH = "google/nano-banana";
    static final String MODEL_EDIT = "google/nano-banana-edit";
    static final String MODEL_PRO = "nano-banana-pro";

    private RevidWire() {
    }

    /** The create body. Pro uses image_input/aspect_ratio/resolution/jpg; google/* image_urls/image_size/jpeg. */
    static ObjectNode createBody(GenerationRequest request, ModelOffer offer, String callbackUrl) {
        boolean pro = MODEL_PRO.equals(offer.providerModel());
        ObjectNode input = Json.object().put("prompt", request.prompt());
        if (!request.referenceImageUrls().isEmpty()) {
            input.set(pro ? "image_input" : "image_urls", Json.array(request.referenceImageUrls()));
        }
        Json.putIfPresent(input, pro ? "aspect_ratio" : "image_size", CapabilityCheck.aspectRatioToSend(request, offer));
        if (pro) {
            Json.putIfPresent(input, "resolution", CapabilityCheck.resolutionToSend(request, offer));
        }
        String format = CapabilityCheck.outputFormatToSend(request, offer);
        Json.putIfPresent(input, "output_format", pro && "jpeg".equals(format) ? "jpg" : format);
        ObjectNode body = Json.object().put("model", offer.providerModel());
        Json.putIfPresent(body, "callBackUrl", callbackUrl);
        body.set("input", input);
        return body;
    }

    /** {@code data.taskId} of a create answer, or null. */
    static String taskId(JsonNode root) {
        return Json.text(root.path("data"), "taskId");
    }

    /**
     * The status a query answer gives. An answer that carries the task's state is that state whatever its
     * body code: a failed task comes with code 501, as its callback does (seed 000: the callback "is
     * identical to the Query Task API response"). Only an answer without a state is an error.
     */
    static ProviderStatus queryAnswer(WireResponse response, String taskId) throws ProviderException {
        return parseStatus(ProviderErrors.requireTaskOrBodyCodeOk(RevidProvider.ID, ProviderCall.POLL, response,
                RevidWire::hasState), taskId);
    }

    private static boolean hasState(JsonNode root) {
        String state = Json.text(root.path("data"), "state");
        return state != null && !state.isBlank();
    }

    /** The normalized state of a query answer or callback body ({@code {code, msg, data}}). */
    static ProviderStatus parseStatus(JsonNode root, String fallbackTaskId) {
        JsonNode data = root.path("data");
        String taskId = orElse(Json.text(data, "taskId"), fallbackTaskId);
        String state = orElse(Json.text(data, "state"), "").toLowerCase(Locale.ROOT);
        return switch (state) {
            case "waiting", "queuing" -> ProviderStatus.running(taskId, ProviderTaskState.QUEUED, null, null);
            case "success" -> ProviderStatus.succeeded(taskId, outputs(data), null);
            case "fail" -> ProviderStatus.failed(taskId, new ProviderError(ErrorClass.GENERATION_FAILED,
                    Json.text(data, "failCode"), orElse(Json.text(data, "failMsg"), "generation failed")));
            default -> ProviderStatus.running(taskId, ProviderTaskState.RUNNING, null, null);
        };
    }

    private static List<Output> outputs(JsonNode data) {
        JsonNode result = Json.embedded(data.get("resultJson"));
        return Json.strings(result.path("resultUrls")).stream().map(Output::of).toList();
    }

    private static String orElse(String value, String fallback) {
        return value == null ? fallback : value;
    }
}
