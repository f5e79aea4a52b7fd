package dev.bananagateway.provider.crun;

import dev.bananagateway.local.simulator.SimEngine;
import dev.bananagateway.local.simulator.SimExchange;
import dev.bananagateway.local.simulator.SimIds;
import dev.bananagateway.local.simulator.SimProtocol;
import dev.bananagateway.local.simulator.SimResponse;
import dev.bananagateway.local.simulator.SimState;
import dev.bananagateway.local.simulator.SimTask;
import dev.bananagateway.local.simulator.SimTaskSpec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bananagateway.provider.Json;
import dev.bananagateway.provider.ProviderEndpoint;
import java.util.Set;

/** Crun.ai (docs/providers.md 5.10): {code, message, data}; param as an object; callbacks are the bare data. */
public final class CrunSimulation extends SimProtocol {

    private static final String V2 = "google/nano-banana-v2";
    private static final Set<String> MODELS = Set.of("google/nano-banana", V2);


    public CrunSimulation(SimEngine engine) {
        super(CrunProvider.ID, engine, SimIds::uuid);
    }

    @Override
    public SimResponse handle(SimExchange ex) {
        // x-api-key only: a Bearer token is the wrong scheme here
        if (!ProviderEndpoint.simulatorKey(CrunProvider.ID).equals(ex.header("x-api-key"))) {
            return error(401, "Unauthorized - Authentication credentials are missing or invalid");
        }
        if (ex.isPost() && ex.path().equals("/api/v1/client/job/CreateTask")) {
            return create(ex.json());
        }
        if (ex.isGet() && ex.path().equals("/api/v1/client/job/TaskInfo")) {
            return taskInfo(ex.query("task_id"));
        }
        return error(404, "Not Found - The requested resource or endpoint does not exist");
    }

    private SimResponse create(JsonNode body) {
        String model = Json.text(body, "model");
        JsonNode input = body.path("input");
        String prompt = Json.text(input, "prompt");
        String callback = Json.text(body, "callback_url");
        if (model == null || !MODELS.contains(model)) {
            return error(422, "Validation Error - model must be one of " + MODELS);
        }
        if (prompt == null || prompt.isBlank()) {
            return error(422, "Validation Error - input.prompt is required");
        }
        if (input.has("img_urls") && (!input.path("img_urls").isArray()
                || Json.strings(input.path("img_urls")).stream().anyMatch(u -> !u.matches("https?://.+")))) {
            return error(422, "Validation Error - input.img_urls must be a list of http(s) URLs");
        }
        if (callback != null && !callback.matches("https?://.+")) {
            return error(422, "Validation Error - callback_url must be an http(s) URL");
        }
        ObjectNode storedInput = input.deepCopy();
        if (V2.equals(model)) {
            storedInput.remove("output_format"); // "not supported and may be ignored" on the v2 channel
        } else if (input.has("output_format") && !Set.of("png", "jpeg").contains(input.path("output_format").asText())) {
            return error(422, "Validation Error - input.output_format must be png or jpeg");
        }
        ObjectNode param = Json.object().put("model", model).put("callback_url", callback);
        param.set("input", storedInput);
        String extension = "jpeg".equals(storedInput.path("output_format").asText()) ? "jpg" : "png";
        SimTaskSpec spec = new SimTaskSpec(model, prompt, param, callback, 1, extension,
                Json.strings(storedInput.path("img_urls")));
        return engine.create(this, spec, task -> SimResponse.json(200,
                envelope(200, "success").set("data", Json.object().put("task_id", task.id))));
    }

    private SimResponse taskInfo(String taskId) {
        return statusOf(taskId, 422, "Validation Error - task_id is required", "Not Found - task does not exist",
                t -> SimResponse.json(200, envelope(200, "success").set("data", data(t))));
    }

    /**
     * The task object: {@code pending} before {@code running} (the first of the queued names 5.5 maps; Crun's
     * own name for it is not documented), seconds timestamps, {@code result.media_urls} on success,
     * {@code result.message} on failure.
     */
    private ObjectNode data(SimTask task) {
        SimState state = task.state();
        ObjectNode data = Json.object().put("task_id", task.id).put("provider", "Google")
                .put("model_version", task.model.substring(task.model.indexOf('/') + 1))
                .put("status", switch (state) {
                    case QUEUED -> "pending";
                    case RUNNING -> "running";
                    case SUCCEEDED -> "success";
                    case FAILED -> "failed";
                });
        data.set("param", task.params);
        data.put("create_at", task.createdAt.getEpochSecond());
        if (state == SimState.SUCCEEDED) {
            ObjectNode result = Json.object();
            result.set("media_urls", Json.array(task.resultUrls()));
            result.set("media_info", Json.object().put("width", 1024).put("height", 1024));
            data.set("result", result);
            if (!V2.equals(task.model)) {
                // Crun's own example charges 4 credits for google/nano-banana (docs/providers.md 5.5);
                // no document gives the v2 channel's figure, so the simulation reports none for it
                data.put("credits", 4);
            }
        } else if (state == SimState.FAILED) {
            data.set("result", Json.object().put("message", "Server exception, please try again later"));
        } else {
            data.putNull("result");
        }
        if (state.terminal()) {
            long seconds = task.completedAt().getEpochSecond();
            data.put("duration_s", seconds - task.createdAt.getEpochSecond()).put("complete_at", seconds);
        } else {
            data.putNull("duration_s").putNull("complete_at");
        }
        return data.put("source", "api");
    }

    @Override
    public JsonNode callbackBody(SimTask task) {
        return data(task);
    }

    @Override
    public SimResponse error(int status, String message) {
        return SimResponse.json(status, envelope(status, message).putNull("data"));
    }

    @Override
    public SimResponse bodyError(int code, String message) {
        return SimResponse.json(200, envelope(code, message).putNull("data"));
    }

    private static ObjectNode envelope(int code, String message) {
        return Json.object().put("code", code).put("message", message);
    }
}
