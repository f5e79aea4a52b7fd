package dev.bananagateway.provider.pixazo;

import dev.bananagateway.local.simulator.SimEngine;
import dev.bananagateway.local.simulator.SimExchange;
import dev.bananagateway.local.simulator.SimIds;
import dev.bananagateway.local.simulator.SimProtocol;
import dev.bananagateway.local.simulator.SimResponse;
import dev.bananagateway.local.simulator.SimTask;
import dev.bananagateway.local.simulator.SimTaskSpec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bananagateway.provider.Json;
import dev.bananagateway.provider.ProviderEndpoint;
import java.time.Duration;
import java.util.List;

/** Pixazo's APIM gateway (docs/providers.md 6.10): three headers, top-level status, APIM-style 401/429. */
public final class PixazoSimulation extends SimProtocol {

    private static final int MAX_IMAGES = 14;


    public PixazoSimulation(SimEngine engine) {
        super(PixazoProvider.ID, engine, SimIds::uuid);
    }

    @Override
    public SimResponse handle(SimExchange ex) {
        String key = ex.header("Ocp-Apim-Subscription-Key");
        if (key == null) {
            return apim(401, "Access denied due to missing subscription key. Make sure to include subscription key "
                    + "when making requests to an API.");
        }
        if (!ProviderEndpoint.simulatorKey(PixazoProvider.ID).equals(key)) {
            return apim(401, "Access denied due to invalid subscription key. Make sure to provide a valid key for an "
                    + "active subscription.");
        }
        if (engine.settings(PixazoProvider.ID).requireCacheControl() && !"no-cache".equals(ex.header("Cache-Control"))) {
            return error(400, "Invalid request parameters");
        }
        String contentType = ex.header("Content-Type");
        if (!ex.isPost() || contentType == null || !contentType.startsWith("application/json")) {
            return error(ex.isPost() ? 400 : 404, ex.isPost() ? "Invalid request parameters" : "Endpoint not found");
        }
        return switch (ex.path()) {
            case "/nano-banana-pro-request" -> create(ex.json());
            case "/nano-banana-pro-request-result" -> result(Json.text(ex.json(), "request_id"));
            default -> error(404, "Endpoint not found");
        };
    }

    private SimResponse create(JsonNode body) {
        String prompt = Json.text(body, "prompt");
        List<String> images = Json.strings(body.path("image_urls"));
        boolean valid = prompt != null && !prompt.isBlank() && !images.isEmpty() && images.size() <= MAX_IMAGES
                && images.size() == body.path("image_urls").size()
                && images.stream().allMatch(url -> url.startsWith("https://") || engine.isLocalMedia(url));
        if (!valid) {
            return error(400, "Invalid request parameters");
        }
        SimTaskSpec spec = new SimTaskSpec("nano-banana-pro", prompt, body, null, 1, "png", images);
        return engine.create(this, spec, task -> SimResponse.json(200,
                Json.object().put("status", "IN_QUEUE").put("request_id", task.id)));
    }

    private SimResponse result(String requestId) {
        return statusOf(requestId, 400, "Invalid request parameters", "Request not found",
                t -> SimResponse.json(200, status(t)));
    }

    private ObjectNode status(SimTask task) {
        ObjectNode body = Json.object();
        switch (task.state()) {
            case QUEUED -> body.put("status", "IN_QUEUE").put("request_id", task.id).put("queue_position", 1);
            case RUNNING -> {
                body.put("status", "IN_PROGRESS").put("request_id", task.id).put("queue_position", 0);
                Integer eta = task.remainingSeconds(engine.now());
                if (eta != null) {
                    body.put("estimated_remaining_seconds", eta);
                }
            }
            case SUCCEEDED -> {
                body.put("status", "COMPLETED").put("request_id", task.id);
                ArrayNode images = Json.array(List.of());
                task.resultUrls().forEach(url -> images.add(Json.object().put("url", url).put("width", 1024)
                        .put("height", 1024).put("content_type", "image/png")));
                body.set("images", images);
                double seconds = Duration.between(task.createdAt, task.completedAt()).toMillis() / 1000.0;
                body.set("metadata", Json.object().put("processing_time_seconds", seconds)
                        .put("input_image_count", task.params.path("image_urls").size()));
            }
            case FAILED -> body.put("status", "FAILED").put("request_id", task.id).put("error", "Invalid image URL");
        }
        return body;
    }

    /** The seed's error shape; rate limits and auth come in APIM's own shape, as the gateway answers them. */
    @Override
    public SimResponse error(int status, String message) {
        if (status == 429) {
            return apim(429, "Rate limit is exceeded. Try again later.");
        }
        return SimResponse.json(status, Json.object().put("error", message));
    }

    private static SimResponse apim(int status, String message) {
        return SimResponse.json(status, Json.object().put("statusCode", status).put("message", message));
    }
}
