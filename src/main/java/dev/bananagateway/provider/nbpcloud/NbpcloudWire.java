package dev.bananagateway.provider.nbpcloud;

import dev.bananagateway.provider.Submission;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** nanobananapro.cloud's wire format (docs/providers.md 4.2-4.5). */
final class NbpcloudWire {

    private static final int SERVER_ERROR = 500;

    private NbpcloudWire() {
    }

    static ObjectNode createBody(GenerationRequest request, ModelOffer offer) {
        boolean withImages = !request.referenceImageUrls().isEmpty();
        ObjectNode body = Json.object()
                .put("prompt", request.prompt())
                .put("model", offer.providerModel())
                .put("mode", withImages ? "image-to-image" : "text-to-image");
        Json.putIfPresent(body, "aspectRatio", CapabilityCheck.aspectRatioToSend(request, offer));
        Json.putIfPresent(body, "imageSize", CapabilityCheck.resolutionToSend(request, offer));
        if (withImages) {
            body.set("imageUrl", Json.array(request.referenceImageUrls()));
        }
        return body;
    }

    static ObjectNode resultBody(String taskId) {
        return Json.object().put("taskId", taskId);
    }

    /** {@code data.id} of a create answer, or null. */
    static String taskId(JsonNode root) {
        return Json.text(root.path("data"), "id");
    }

    /**
     * The task id a create answer gives, and what it says was charged. Seed 001's create 500 is a "service misconfiguration": when it
     * explains itself in nbpcloud's JSON error shape (a message, no task id) nothing was created, and the
     * next provider may be tried; a 500 without that body (a crashed server's page, an empty body) may
     * have come after the task was made, and stays possibly accepted.
     */
    static Submission createAnswer(WireResponse response, CreditRate rate) throws ProviderException {
        if (response.status() == SERVER_ERROR && explainsItself(response)) {
            throw ProviderErrors.refusal(NbpcloudProvider.ID, ErrorClass.PROVIDER_UNAVAILABLE, response);
        }
        JsonNode root = ProviderErrors.requireSuccess(NbpcloudProvider.ID, ProviderCall.CREATE, response);
        String taskId = taskId(root);
        if (taskId == null) {
            throw ProviderErrors.malformed(NbpcloudProvider.ID, ProviderCall.CREATE, "create answer has no data.id");
        }
        return new Submission(taskId, charge(root, rate));
    }

    private static boolean explainsItself(WireResponse response) {
        return response.json().filter(JsonNode::isObject)
                .filter(root -> ProviderErrors.message(root) != null && taskId(root) == null)
                .isPresent();
    }

    /**
     * What a create or result answer says was charged: {@code data.credits_cost} ("credits deducted for this
     * request", seed 001) at {@code rate}; null when the answer does not say.
     */
    static Cost charge(JsonNode root, CreditRate rate) {
        Double credits = Json.decimal(root.path("data"), "credits_cost");
        return credits == null ? null : rate.charged(credits);
    }

    /**
     * The normalized state of a create or result answer; there is no queued state. A failed task was
     * refunded ("when status: failed, credits have already been refunded", seed 001).
     */
    static ProviderStatus parseStatus(JsonNode root, String fallbackTaskId, CreditRate rate) {
        JsonNode data = root.path("data");
        String taskId = Json.text(data, "id") == null ? fallbackTaskId : Json.text(data, "id");
        String status = String.valueOf(Json.text(data, "status")).toLowerCase(Locale.ROOT);
        return switch (status) {
            case "succeeded" -> ProviderStatus.succeeded(taskId, outputs(data.path("results")), charge(root, rate));
            case "failed" -> ProviderStatus.failed(taskId, new ProviderError(ErrorClass.GENERATION_FAILED, null,
                    failureReason(data))).withCost(Cost.refunded());
            default -> ProviderStatus.running(taskId, ProviderTaskState.RUNNING, Json.integer(data, "progress"), null);
        };
    }

    private static List<Output> outputs(JsonNode results) {
        List<Output> outputs = new ArrayList<>();
        results.forEach(result -> {
            String url = Json.text(result, "url");
            if (url != null) {
                outputs.add(Output.of(url));
            }
        });
        return outputs;
    }

    private static String failureReason(JsonNode data) {
        String reason = Json.text(data, "failure_reason");
        if (reason == null) {
            reason = Json.text(data, "error");
        }
        return reason == null ? "generation failed" : reason;
    }
}
