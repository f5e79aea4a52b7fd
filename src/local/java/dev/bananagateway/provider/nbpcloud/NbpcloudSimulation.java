package dev.bananagateway.provider.nbpcloud;

import dev.bananagateway.local.simulator.SimEngine;
import dev.bananagateway.local.simulator.SimExchange;
import dev.bananagateway.local.simulator.SimIds;
import dev.bananagateway.local.simulator.SimMultipart;
import dev.bananagateway.local.simulator.SimProtocol;
import dev.bananagateway.local.simulator.SimResponse;
import dev.bananagateway.local.simulator.SimState;
import dev.bananagateway.local.simulator.SimTask;
import dev.bananagateway.local.simulator.SimTaskSpec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bananagateway.provider.Json;
import dev.bananagateway.provider.ProviderEndpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** nanobananapro.cloud (docs/providers.md 4.10): JSON or multipart create; tasks advance only when polled. */
public final class NbpcloudSimulation extends SimProtocol {

    private static final Map<String, Integer> CREDITS = Map.of("nano-banana-fast", 5, "nano-banana", 15,
            "nano-banana-pro", 20);
    private static final int MAX_IMAGES = 14;
    private static final int MAX_FILE_BYTES = 10 * 1024 * 1024;
    private static final String MISCONFIGURED = "misconfigured";


    public NbpcloudSimulation(SimEngine engine) {
        super(NbpcloudProvider.ID, engine, () -> "task-" + SimIds.uuid());
    }

    @Override
    public boolean progressesOnlyByPolls() {
        return true;
    }

    @Override
    public SimResponse handle(SimExchange ex) {
        if (!("Bearer " + ProviderEndpoint.simulatorKey(NbpcloudProvider.ID)).equals(ex.header("Authorization"))) {
            return error(401, "Unauthorized");
        }
        if (ex.isPost() && ex.path().equals("/api/v1/image/nano-banana")) {
            Form form = Form.read(ex);
            return form == null ? error(400, "Body must be JSON or multipart/form-data") : create(form);
        }
        if (ex.isPost() && ex.path().equals("/api/v1/image/nano-banana/result")) {
            JsonNode body = ex.json();
            String id = Json.text(body, "taskId") != null ? Json.text(body, "taskId") : Json.text(body, "id");
            return result(id);
        }
        return error(404, "Not found");
    }

    private SimResponse create(Form form) {
        String prompt = form.fields().get("prompt");
        String model = form.fields().get("model");
        String mode = form.fields().getOrDefault("mode", "text-to-image");
        String size = form.fields().getOrDefault("imageSize", "1K");
        int images = form.imageUrls().size() + form.fileSizes().size();
        if (prompt == null || prompt.isBlank()) {
            return error(400, "Missing required parameter: prompt");
        }
        if (model == null || !CREDITS.containsKey(model)) {
            return error(400, "Invalid model");
        }
        if (!Set.of("text-to-image", "image-to-image").contains(mode) || !Set.of("1K", "2K", "4K").contains(size)) {
            return error(400, "Invalid mode or imageSize");
        }
        if (mode.equals("image-to-image") && images == 0) {
            return error(400, "Image-to-image requires imageFile or imageUrl");
        }
        if (images > MAX_IMAGES || form.fileSizes().stream().anyMatch(s -> s > MAX_FILE_BYTES)) {
            return error(400, "At most 14 reference images, each at most 10 MB");
        }
        ObjectNode params = Json.object().put("prompt", prompt).put("model", model).put("mode", mode);
        SimTaskSpec spec = new SimTaskSpec(model, prompt, params, null, 1, "png", form.imageUrls());
        return engine.create(this, spec, task -> SimResponse.json(200,
                Json.object().set("data", data(task).put("credits_cost", CREDITS.get(model)))));
    }

    private SimResponse result(String id) {
        return statusOf(id, 400, "Missing task ID", "Task not found",
                t -> SimResponse.json(200, Json.object().set("data", data(t))));
    }

    private ObjectNode data(SimTask task) {
        SimState state = task.state();
        ArrayNode results = Json.array(List.of());
        task.resultUrls().forEach(url -> results.add(Json.object().put("url", url).put("content", task.prompt)));
        ObjectNode data = Json.object().put("id", task.id);
        data.set("results", results);
        data.put("progress", task.progress(engine.now()))
                .put("status", switch (state) {
                    case SUCCEEDED -> "succeeded";
                    case FAILED -> "failed";
                    default -> "running";
                });
        data.put("failure_reason", state == SimState.FAILED ? "Generation failed upstream" : null);
        data.put("error", state == SimState.FAILED ? "Generation failed upstream" : null);
        return data;
    }

    @Override
    public SimResponse error(int status, String message) {
        return SimResponse.json(status, Json.object().put("error", message));
    }

    /**
     * A 500 in nbpcloud's JSON error shape is its documented "service misconfiguration", which creates
     * nothing (docs/providers.md 4.7); a 500 after which the task exists is a crashed server's plain page.
     */
    @Override
    public SimResponse lostAnswer(int status) {
        return SimResponse.text(status, "Internal Server Error");
    }

    /** {@code misconfigured}: seed 001's create 500, "Service misconfiguration (e.g., Nano Banana API key missing)". */
    @Override
    public SimResponse documentedFault(String fault) {
        return MISCONFIGURED.equals(fault) ? error(500, "Service misconfiguration: Nano Banana API key missing") : null;
    }

    /** The create form, from a JSON body or multipart fields. */
    private record Form(Map<String, String> fields, List<String> imageUrls, List<Integer> fileSizes) {

        static Form read(SimExchange ex) {
            List<SimMultipart.Part> parts = SimMultipart.parse(ex.header("Content-Type"), ex.body());
            if (parts != null) {
                Map<String, String> fields = new java.util.HashMap<>();
                List<String> urls = new ArrayList<>();
                List<Integer> files = new ArrayList<>();
                for (SimMultipart.Part part : parts) {
                    if (part.name().equals("imageFile")) {
                        files.add(part.content().length);
                    } else if (part.name().equals("imageUrl")) {
                        urls.add(part.text());
                    } else {
                        fields.put(part.name(), part.text());
                    }
                }
                return new Form(fields, urls, files);
            }
            JsonNode json = ex.json();
            if (!json.isObject()) {
                return null;
            }
            Map<String, String> fields = new java.util.HashMap<>();
            json.fields().forEachRemaining(e -> {
                if (e.getValue().isValueNode() && !e.getValue().isNull()) {
                    fields.put(e.getKey(), e.getValue().asText());
                }
            });
            JsonNode imageUrl = json.path("imageUrl");
            List<String> urls = imageUrl.isArray() ? Json.strings(imageUrl)
                    : imageUrl.isTextual() ? List.of(imageUrl.asText()) : List.of();
            fields.remove("imageUrl");
            return new Form(fields, urls, List.of());
        }
    }
}
