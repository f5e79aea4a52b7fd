package dev.bananagateway.vendor.nbpcloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bananagateway.model.GenerationRequest;
import dev.bananagateway.model.Output;
import dev.bananagateway.vendor.CapabilityCheck;
import dev.bananagateway.vendor.ErrorClass;
import dev.bananagateway.vendor.Json;
import dev.bananagateway.vendor.ModelOffer;
import dev.bananagateway.vendor.VendorError;
import dev.bananagateway.vendor.VendorStatus;
import dev.bananagateway.vendor.VendorTaskState;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** nanobananapro.cloud's wire format (CONTRACTS.md 4.2-4.5). */
final class NbpcloudWire {

    private NbpcloudWire() {
    }

    static ObjectNode createBody(GenerationRequest request, ModelOffer offer) {
        boolean withImages = !request.referenceImageUrls().isEmpty();
        ObjectNode body = Json.object()
                .put("prompt", request.prompt())
                .put("model", offer.vendorModel())
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

    /** The normalized state of a create or result answer; there is no queued state. */
    static VendorStatus parseStatus(JsonNode root, String fallbackTaskId) {
        JsonNode data = root.path("data");
        String taskId = Json.text(data, "id") == null ? fallbackTaskId : Json.text(data, "id");
        String status = String.valueOf(Json.text(data, "status")).toLowerCase(Locale.ROOT);
        return switch (status) {
            case "succeeded" -> VendorStatus.succeeded(taskId, outputs(data.path("results")), null);
            case "failed" -> VendorStatus.failed(taskId, new VendorError(ErrorClass.GENERATION_FAILED, null,
                    failureReason(data)));
            default -> VendorStatus.running(taskId, VendorTaskState.RUNNING, Json.integer(data, "progress"), null);
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
