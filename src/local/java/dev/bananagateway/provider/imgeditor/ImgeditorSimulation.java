package dev.bananagateway.provider.imgeditor;

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
import dev.bananagateway.provider.SlidingWindowRateLimiter;
import dev.bananagateway.provider.ProviderEndpoint;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** imgeditor.co (docs/providers.md 7.12): {success, data | error} envelopes, per-model tables, 60 requests a minute. */
public final class ImgeditorSimulation extends SimProtocol {

    /** Seed 004's image table: model | resolutions | aspect ratios | credits per image | subscription. */
    private static final String IMAGE_TABLE = """
            nano-banana     | -        | 1:1 3:4 4:3 9:16 16:9                      | 1 | no
            nano-banana-pro | 1K 2K 4K | 1:1 3:2 2:3 3:4 4:3 4:5 5:4 9:16 16:9 21:9 | 6 | no
            nano-banana-2   | 1K 2K 4K | 1:1 3:2 2:3 3:4 4:3 4:5 5:4 9:16 16:9 21:9 | 4 | yes
            seedream4       | -        | 1:1 3:4 4:3 9:16 16:9                      | 4 | yes
            """;
    /** Seed 004's video table: model_id | resolutions | aspect ratios | durations | audio (yes, no, always). */
    private static final String VIDEO_TABLE = """
            veo-3.1-fast      | 720p 1080p      | 16:9 9:16         | 4 6 8    | yes
            veo-3.1           | 720p 1080p      | 16:9 9:16         | 4 6 8    | yes
            seedance-1.5-fast | 720p 1080p      | 16:9 9:16 1:1     | 4 8 12   | yes
            seedance-1.5      | 720p 1080p      | 16:9 9:16 1:1     | 4 8 12   | yes
            seedance-2.0      | 480p 720p       | 16:9 9:16 1:1 4:3 | 5 10 15  | yes
            wan-2.5           | 480p 720p 1080p | 16:9 9:16         | 5 10     | no
            sora-2            | 720p            | 16:9 9:16         | 4 8 12   | always
            sora-2-pro        | 720p 1080p      | 16:9 9:16         | 4 8 12   | always
            kling-o3-std      | 720p            | 16:9 9:16 1:1     | 5 10     | yes
            kling-o3-pro      | 720p            | 16:9 9:16 1:1     | 5 10     | yes
            grok-video        | 480p 720p       | 16:9 9:16 1:1     | 6 10     | no
            """;
    private static final Map<String, List<Set<String>>> IMAGE_MODELS = table(IMAGE_TABLE);
    private static final Map<String, List<Set<String>>> VIDEO_MODELS = table(VIDEO_TABLE);
    private static final int START_CREDITS = 10_000;

    private final AtomicInteger credits = new AtomicInteger(START_CREDITS);
    private SlidingWindowRateLimiter limiter;
    private int limiterRate;

    public ImgeditorSimulation(SimEngine engine) {
        super(ImgeditorProvider.ID, engine, SimIds::cuid);
    }

    @Override
    public SimResponse handle(SimExchange ex) {
        if (!("Bearer " + ProviderEndpoint.simulatorKey(ImgeditorProvider.ID, ImgeditorProvider.KEY_PREFIX)).equals(ex.header("Authorization"))) {
            return error(401, "Missing or invalid API key");
        }
        Optional<Duration> wait = acquire();
        if (wait.isPresent()) {
            return error(429, "Too many requests per minute")
                    .withRetryAfter((int) Math.max(1, Math.ceil(wait.get().toMillis() / 1000.0)));
        }
        String path = ex.path();
        if (ex.isPost() && path.equals("/api/v1/images/generate")) {
            return createImage(ex.json());
        }
        if (ex.isPost() && path.equals("/api/v1/videos/generate")) {
            return createVideo(ex.json());
        }
        if (ex.isGet() && (path.equals("/api/v1/images/status") || path.equals("/api/v1/videos/status"))) {
            return status(ex.query("task_id"), path.contains("/videos/"));
        }
        return envelopeError(404, "NOT_FOUND", "Unknown endpoint");
    }

    private SimResponse createImage(JsonNode body) {
        String prompt = Json.text(body, "prompt");
        String model = body.path("model").asText("nano-banana");
        List<Set<String>> row = IMAGE_MODELS.get(model);
        SimResponse invalid = promptAndModelProblem(prompt, row);
        if (invalid != null) {
            return invalid;
        }
        if (row.get(3).contains("yes") && !engine.settings(ImgeditorProvider.ID).subscription()) {
            return envelopeError(403, "FORBIDDEN", "This model requires a subscription");
        }
        String mode = body.path("mode").asText("text");
        int count = body.path("num_images").asInt(1);
        String problem = !Set.of("text", "image").contains(mode) ? "mode must be text or image"
                : mode.equals("image") && Json.text(body, "image_url") == null ? "mode image requires image_url"
                : !allowed(body, "aspect_ratio", row.get(1)) ? "aspect_ratio is not supported by " + model
                : !allowed(body, "resolution", row.get(0)) ? "resolution is not supported by " + model
                : count < 1 || count > 4 ? "num_images must be 1-4"
                : !allowed(body, "quality", Set.of("standard", "hd")) ? "quality must be standard or hd"
                : !allowed(body, "output_format", Set.of("png", "jpeg")) ? "output_format must be png or jpeg"
                : null;
        if (problem != null) {
            return envelopeError(400, "INVALID_REQUEST", problem);
        }
        int used = (Integer.parseInt(row.get(2).iterator().next()) + ("hd".equals(Json.text(body, "quality")) ? 2 : 0))
                * count;
        String extension = "jpeg".equals(Json.text(body, "output_format")) ? "jpg" : "png";
        // the documented status answer has one image_url whatever num_images: the task makes that one file
        String reference = Json.text(body, "image_url");
        SimTaskSpec spec = new SimTaskSpec(model, prompt, body, null, 1, extension,
                reference == null ? List.of() : List.of(reference));
        return engine.create(this, spec, task -> accepted(task, "pending", used));
    }

    private SimResponse createVideo(JsonNode body) {
        String prompt = Json.text(body, "prompt");
        String model = body.path("model_id").asText("veo-3.1-fast");
        List<Set<String>> row = VIDEO_MODELS.get(model);
        SimResponse invalid = promptAndModelProblem(prompt, row);
        if (invalid != null) {
            return invalid;
        }
        boolean audio = body.path("generate_audio").asBoolean(false);
        String problem = !allowed(body, "resolution", row.get(0)) ? "resolution is not supported by " + model
                : !allowed(body, "aspect_ratio", row.get(1)) ? "aspect_ratio is not supported by " + model
                : !allowed(body, "duration", row.get(2)) ? "duration is not supported by " + model
                : audio && row.get(3).contains("no") ? "generate_audio is not available for " + model
                : null;
        if (problem != null) {
            return envelopeError(400, "INVALID_REQUEST", problem);
        }
        int seconds = body.path("duration").asInt(8);
        SimTaskSpec spec = new SimTaskSpec(model, prompt, body, null, 1, "mp4");
        return engine.create(this, spec, task -> accepted(task, "processing", seconds * 2 + (audio ? 10 : 0)));
    }

    /** The documented 400s: an empty prompt, an unknown model; null when both are fine. */
    private static SimResponse promptAndModelProblem(String prompt, List<Set<String>> modelRow) {
        if (prompt == null || prompt.isBlank()) {
            return envelopeError(400, "INVALID_PROMPT", "Prompt is empty or invalid");
        }
        return modelRow == null ? envelopeError(400, "INVALID_MODEL", "Unknown model ID") : null;
    }

    private SimResponse accepted(SimTask task, String status, int used) {
        ObjectNode data = Json.object().put("task_id", task.id).put("status", status).put("credits_used", used)
                .put("credits_remaining", credits.addAndGet(-used));
        if (VIDEO_MODELS.containsKey(task.model)) {
            data.put("provider", "wavespeed");
        }
        return ok(data);
    }

    private SimResponse status(String taskId, boolean video) {
        SimTask task = engine.find(ImgeditorProvider.ID, taskId);
        if (task == null || VIDEO_MODELS.containsKey(task.model) != video) {
            return envelopeError(404, "TASK_NOT_FOUND", "Generation task does not exist");
        }
        return engine.poll(this, task, t -> ok(data(t, video)));
    }

    /** Images go pending -> processing -> completed; videos processing -> succeeded. */
    private ObjectNode data(SimTask task, boolean video) {
        SimState state = task.state();
        ObjectNode data = Json.object().put("task_id", task.id)
                .put("status", switch (state) {
                    case QUEUED -> video ? "processing" : "pending";
                    case RUNNING -> "processing";
                    case SUCCEEDED -> video ? "succeeded" : "completed";
                    case FAILED -> "failed";
                })
                .put("progress", task.progress(engine.now()));
        if (state == SimState.SUCCEEDED && !task.resultUrls().isEmpty()) {
            // seed 004: a single image_url (or video_url), no list
            data.put(video ? "video_url" : "image_url", task.resultUrls().get(0));
        }
        if (state == SimState.FAILED) {
            data.put("error", "Generation failed");
        }
        if (state.terminal()) {
            data.put("completed_at", task.completedAt().truncatedTo(ChronoUnit.SECONDS).toString());
        }
        return data;
    }

    @Override
    public SimResponse error(int status, String message) {
        String code = switch (status) {
            case 400 -> "INVALID_PROMPT";
            case 401 -> "UNAUTHORIZED";
            case 402 -> "INSUFFICIENT_CREDITS";
            case 403 -> "FORBIDDEN";
            case 404 -> "TASK_NOT_FOUND";
            case 429 -> "RATE_LIMIT_EXCEEDED";
            case 451 -> "CONTENT_FILTERED";
            default -> "INTERNAL_ERROR";
        };
        return envelopeError(status, code, message);
    }

    private static SimResponse ok(ObjectNode data) {
        ObjectNode body = Json.object().put("success", true);
        body.set("data", data);
        return SimResponse.json(200, body);
    }

    private static SimResponse envelopeError(int status, String code, String message) {
        ObjectNode body = Json.object().put("success", false);
        body.set("error", Json.object().put("code", code).put("message", message));
        return SimResponse.json(status, body);
    }

    private synchronized Optional<Duration> acquire() {
        int rate = engine.settings(ImgeditorProvider.ID).requestsPerMinute();
        if (limiter == null || rate != limiterRate) {
            limiter = new SlidingWindowRateLimiter(rate, Duration.ofMinutes(1), Clock.systemUTC());
            limiterRate = rate;
        }
        return limiter.tryAcquire();
    }

    public synchronized void reset() {
        limiter = null;
        credits.set(START_CREDITS);
    }

    /** A field that is absent, or whose value is in the allowed set. */
    private static boolean allowed(JsonNode body, String field, Set<String> values) {
        return !body.hasNonNull(field) || values.contains(body.path(field).asText());
    }

    /** Parses a table of "name | a b | c d | ..." rows into name -> the columns' value sets. */
    private static Map<String, List<Set<String>>> table(String text) {
        Map<String, List<Set<String>>> rows = new LinkedHashMap<>();
        text.lines().filter(line -> !line.isBlank()).forEach(line -> {
            String[] cells = line.split("\\|");
            rows.put(cells[0].trim(), Arrays.stream(cells).skip(1)
                    .map(cell -> Set.of(cell.trim().split("\\s+")))
                    .toList());
        });
        return Map.copyOf(rows);
    }
}
