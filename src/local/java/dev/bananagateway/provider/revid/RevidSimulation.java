package dev.bananagateway.provider.revid;

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
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** RevidAPI (docs/providers.md 3.10): kie-style envelopes, per-model input schemas, callbacks. */
public final class RevidSimulation extends SimProtocol {

    private static final Set<String> ASPECTS = Set.of("1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16",
            "16:9", "21:9", "auto");
    /**
     * Per model (docs/providers.md 3.2): prompt limit, image field, image limit (0: none allowed, negative:
     * required up to n), aspect ratio field, formats, and every input field it takes.
     */
    private static final Map<String, ModelRules> MODELS = Map.of(
            "google/nano-banana", new ModelRules(5_000, null, 0, "image_size", Set.of("png", "jpeg"),
                    Set.of("prompt", "image_size", "output_format")),
            "google/nano-banana-edit", new ModelRules(5_000, "image_urls", -10, "image_size", Set.of("png", "jpeg"),
                    Set.of("prompt", "image_urls", "image_size", "output_format")),
            "nano-banana-pro", new ModelRules(10_000, "image_input", 8, "aspect_ratio", Set.of("png", "jpg"),
                    Set.of("prompt", "image_input", "aspect_ratio", "resolution", "output_format")));


    public RevidSimulation(SimEngine engine) {
        super(RevidProvider.ID, engine, SimIds::hex32);
    }

    private record ModelRules(int promptLimit, String imageField, int imageLimit, String aspectField,
            Set<String> formats, Set<String> fields) {
    }

    @Override
    public SimResponse handle(SimExchange ex) {
        if (!ProviderEndpoint.simulatorKey(RevidProvider.ID).equals(ex.header("x-api-key"))) {
            int status = engine.settings(RevidProvider.ID).authFailureStatus();
            return SimResponse.json(status, envelope(401, "Authentication failed, please check API Key"));
        }
        boolean create = ex.path().equals("/paid/nano/banana/create") || ex.path().equals("/paid/banana/pro/create");
        if (create && ex.isPost()) {
            return create(ex.json());
        }
        if (ex.path().equals("/paid/get/taskid") && (ex.isPost() || ex.isGet())) {
            return engine.settings(RevidProvider.ID).allowsStatusMethod(ex.method()) ? status(ex.query("taskId"))
                    : error(405, "Method Not Allowed");
        }
        return error(404, "Resource not found");
    }

    private SimResponse create(JsonNode body) {
        String model = Json.text(body, "model");
        ModelRules rules = model == null ? null : MODELS.get(model);
        JsonNode input = body.path("input");
        if (rules == null) {
            return error(422, "model must be one of " + MODELS.keySet());
        }
        String problem = validate(rules, input);
        if (problem != null) {
            return error(422, problem);
        }
        String format = input.path("output_format").asText("png");
        SimTaskSpec spec = new SimTaskSpec(model, input.path("prompt").asText(), body,
                Json.text(body, "callBackUrl"), 1, format.startsWith("jp") ? "jpg" : "png",
                rules.imageField() == null ? List.of() : Json.strings(input.path(rules.imageField())));
        return engine.create(this, spec, task -> SimResponse.json(200,
                envelope(200, "success").set("data", Json.object().put("taskId", task.id))));
    }

    private static String validate(ModelRules rules, JsonNode input) {
        if (!input.isObject()) {
            return "input is required";
        }
        String prompt = Json.text(input, "prompt");
        if (prompt == null || prompt.isBlank() || prompt.length() > rules.promptLimit()) {
            return "input.prompt is required, at most " + rules.promptLimit() + " characters";
        }
        // each model has its own schema: image_input/aspect_ratio/resolution on Pro, image_urls/image_size on google/*
        Iterator<String> names = input.fieldNames();
        while (names.hasNext()) {
            String field = names.next();
            if (!rules.fields().contains(field)) {
                return "input." + field + " is not a parameter of this model";
            }
        }
        if (rules.imageField() != null) {
            int count = input.path(rules.imageField()).size();
            if (count > Math.abs(rules.imageLimit()) || (rules.imageLimit() < 0 && count == 0)) {
                return "input." + rules.imageField() + " takes " + (rules.imageLimit() < 0 ? "1 to " : "at most ")
                        + Math.abs(rules.imageLimit()) + " images";
            }
        }
        String aspect = Json.text(input, rules.aspectField());
        if (aspect != null && !ASPECTS.contains(aspect)) {
            return "aspect ratio " + aspect + " is not supported";
        }
        if (input.has("resolution") && !Set.of("1K", "2K", "4K").contains(input.path("resolution").asText())) {
            return "input.resolution must be 1K, 2K or 4K";
        }
        if (input.has("output_format") && !rules.formats().contains(input.path("output_format").asText())) {
            return "input.output_format must be one of " + rules.formats();
        }
        return null;
    }

    /**
     * The query answer: {@code code} 200 and "success" as in seed 000's example, except for a failed task,
     * which is answered exactly as its callback (seed 000: the callback "is identical to the Query Task API
     * response"), with code 501.
     */
    private SimResponse status(String taskId) {
        return statusOf(taskId, 400, "taskId is required", "Resource not found",
                t -> SimResponse.json(200, t.state() == SimState.FAILED ? callbackBody(t)
                        : envelope(200, "success").set("data", data(t))));
    }

    /** The query answer's data: param and resultJson are JSON strings, times in epoch milliseconds. */
    private ObjectNode data(SimTask task) {
        SimState state = task.state();
        ObjectNode data = Json.object().put("taskId", task.id).put("model", task.model)
                .put("state", switch (state) {
                    case QUEUED -> "waiting";
                    case RUNNING -> "generating";
                    case SUCCEEDED -> "success";
                    case FAILED -> "fail";
                })
                .put("param", Json.write(task.params));
        if (state == SimState.SUCCEEDED) {
            data.put("resultJson", Json.write(Json.object().set("resultUrls", Json.array(task.resultUrls()))));
        } else {
            data.putNull("resultJson");
        }
        data.put("failCode", state == SimState.FAILED ? "500" : null)
                .put("failMsg", state == SimState.FAILED ? "Internal server error" : null);
        long created = task.createdAt.toEpochMilli();
        if (state.terminal()) {
            long completed = task.completedAt().toEpochMilli();
            data.put("costTime", completed - created).put("completeTime", completed);
        } else {
            data.putNull("costTime").putNull("completeTime");
        }
        return data.put("createTime", created);
    }

    /** The callback body: the query answer's {@code data}, with code 501 for a failed task, 200 otherwise. */
    @Override
    public JsonNode callbackBody(SimTask task) {
        boolean failed = task.state() == SimState.FAILED;
        String message = switch (task.state()) {
            case SUCCEEDED -> "Playground task completed successfully.";
            case FAILED -> "Playground task failed.";
            default -> "Playground task is generating.";
        };
        return envelope(failed ? 501 : 200, message).set("data", data(task));
    }

    @Override
    public SimResponse error(int status, String message) {
        return SimResponse.json(status, envelope(status, message));
    }

    @Override
    public SimResponse bodyError(int code, String message) {
        return SimResponse.json(200, envelope(code, message));
    }

    private static ObjectNode envelope(int code, String message) {
        return Json.object().put("code", code).put("msg", message);
    }
}
