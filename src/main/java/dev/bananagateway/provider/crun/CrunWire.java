package dev.bananagateway.provider.crun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bananagateway.model.Cost;
import dev.bananagateway.model.GenerationRequest;
import dev.bananagateway.model.Output;
import dev.bananagateway.provider.CapabilityCheck;
import dev.bananagateway.provider.CreditRate;
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

/** Crun.ai's wire format (docs/providers.md 5.2-5.6): {@code param} is an object, timestamps in seconds. */
final class CrunWire {

    static final String MODEL_STANDARD = "google/nano-banana";
    /** The cheaper channel of the same model; not Nano Banana 2, and it takes no output_format. */
    static final String MODEL_V2 = "google/nano-banana-v2";

    private CrunWire() {
    }

    static ObjectNode createBody(GenerationRequest request, ModelOffer offer, String callbackUrl) {
        ObjectNode input = Json.object().put("prompt", request.prompt());
        if (!request.referenceImageUrls().isEmpty()) {
            input.set("img_urls", Json.array(request.referenceImageUrls()));
        }
        Json.putIfPresent(input, "aspect_ratio", CapabilityCheck.aspectRatioToSend(request, offer));
        if (!MODEL_V2.equals(offer.providerModel())) {
            Json.putIfPresent(input, "output_format", CapabilityCheck.outputFormatToSend(request, offer));
        }
        ObjectNode body = Json.object().put("model", offer.providerModel());
        Json.putIfPresent(body, "callback_url", callbackUrl);
        body.set("input", input);
        return body;
    }

    /** {@code data.task_id} of a create answer, or null. */
    static String taskId(JsonNode root) {
        return Json.text(root.path("data"), "task_id");
    }

    /**
     * The status a TaskInfo answer gives. An answer whose {@code data} carries the task's status is that
     * status whatever its body code (a failed task may come under 501, "Generation Failed"); only an
     * answer without one is an error.
     */
    static ProviderStatus taskInfoAnswer(WireResponse response, String taskId, CreditRate rate)
            throws ProviderException {
        JsonNode root = ProviderErrors.requireTaskOrBodyCodeOk(CrunProvider.ID, ProviderCall.POLL, response,
                CrunWire::hasStatus);
        return parseTask(taskObject(root), taskId, Json.text(root, "message"), rate);
    }

    private static boolean hasStatus(JsonNode root) {
        String status = Json.text(root.path("data"), "status");
        return status != null && !status.isBlank();
    }

    /** The task object of a TaskInfo answer or callback: the envelope's {@code data}, or the body itself. */
    static JsonNode taskObject(JsonNode root) {
        JsonNode data = root.path("data");
        return data.isObject() && root.has("code") ? data : root;
    }

    /** A TaskInfo task object or callback body; a finished task's {@code data.credits} are charged at {@code rate}. */
    static ProviderStatus parseTask(JsonNode task, String fallbackTaskId, String envelopeMessage, CreditRate rate) {
        String taskId = Json.text(task, "task_id") == null ? fallbackTaskId : Json.text(task, "task_id");
        String status = String.valueOf(Json.text(task, "status")).toLowerCase(Locale.ROOT);
        JsonNode result = task.path("result");
        return switch (status) {
            case "pending", "queued", "waiting" -> ProviderStatus.running(taskId, ProviderTaskState.QUEUED, null, null);
            case "success" -> ProviderStatus.succeeded(taskId, outputs(result), cost(task, rate));
            case "failed", "cancelled", "canceled" -> ProviderStatus.failed(taskId, new ProviderError(
                    ErrorClass.GENERATION_FAILED, status, failure(result, status, envelopeMessage)));
            default -> ProviderStatus.running(taskId, ProviderTaskState.RUNNING, null, null);
        };
    }

    private static List<Output> outputs(JsonNode result) {
        return Json.strings(result.path("media_urls")).stream().map(Output::of).toList();
    }

    private static Cost cost(JsonNode task, CreditRate rate) {
        Double credits = Json.decimal(task, "credits");
        return credits == null ? null : rate.charged(credits);
    }

    private static String failure(JsonNode result, String status, String envelopeMessage) {
        String message = Json.text(result, "message");
        if (message != null) {
            return message;
        }
        if (status.startsWith("cancel")) {
            return "cancelled";
        }
        return envelopeMessage == null || "success".equalsIgnoreCase(envelopeMessage)
                ? "generation failed" : envelopeMessage;
    }
}
