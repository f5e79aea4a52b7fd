package dev.bananagateway.provider.pixazo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bananagateway.model.GenerationRequest;
import dev.bananagateway.model.Output;
import dev.bananagateway.provider.ErrorClass;
import dev.bananagateway.provider.Json;
import dev.bananagateway.provider.ProviderError;
import dev.bananagateway.provider.ProviderStatus;
import dev.bananagateway.provider.ProviderTaskState;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Pixazo's wire format (docs/providers.md 6.2-6.5): top-level {@code status} and {@code request_id}. */
final class PixazoWire {

    private PixazoWire() {
    }

    /** Only the documented fields: the endpoint's other parameters are unverified. */
    static ObjectNode createBody(GenerationRequest request) {
        ObjectNode body = Json.object().put("prompt", request.prompt());
        body.set("image_urls", Json.array(request.referenceImageUrls()));
        return body;
    }

    static ObjectNode resultBody(String requestId) {
        return Json.object().put("request_id", requestId);
    }

    static String requestId(JsonNode root) {
        return Json.text(root, "request_id");
    }

    static ProviderStatus parseStatus(JsonNode root, String fallbackRequestId) {
        String requestId = requestId(root) == null ? fallbackRequestId : requestId(root);
        String status = String.valueOf(Json.text(root, "status")).toUpperCase(Locale.ROOT);
        Integer eta = Json.integer(root, "estimated_remaining_seconds");
        Integer position = Json.integer(root, "queue_position");
        return switch (status) {
            case "IN_QUEUE" -> ProviderStatus.running(requestId, ProviderTaskState.QUEUED, null, eta)
                    .withQueuePosition(position);
            case "COMPLETED" -> ProviderStatus.succeeded(requestId, outputs(root.path("images")), null);
            case "FAILED", "ERROR" -> ProviderStatus.failed(requestId, new ProviderError(ErrorClass.GENERATION_FAILED,
                    status, Json.text(root, "error") == null ? "generation failed" : Json.text(root, "error")));
            default -> ProviderStatus.running(requestId, ProviderTaskState.RUNNING, null, eta)
                    .withQueuePosition(position);
        };
    }

    private static List<Output> outputs(JsonNode images) {
        List<Output> outputs = new ArrayList<>();
        images.forEach(image -> {
            String url = Json.text(image, "url");
            if (url != null) {
                String type = Json.text(image, "content_type");
                outputs.add(new Output(url, type == null ? Output.guessContentType(url) : type,
                        Json.integer(image, "width"), Json.integer(image, "height"), null));
            }
        });
        return outputs;
    }
}
