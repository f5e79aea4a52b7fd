package dev.bananagateway.local.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bananagateway.provider.Json;
import dev.bananagateway.provider.ProviderId;
import java.util.List;
import java.util.Optional;

/**
 * The HTTP control API under {@code /_sim}, for tests in other class loaders and for people with curl:
 *
 * <pre>
 * POST   /_sim/faults    {"provider":"revid","operation":"create|poll|callback","fault":"429|455|500|503|522|body-error|latency|drop|duplicate|stale",
 *                         "count":3,"retryAfterSeconds":2,"latencyMs":500,"probability":1.0}   (count absent: until cleared)
 * GET    /_sim/faults    the active faults
 * DELETE /_sim/faults    clears them
 * POST   /_sim/settings  {"provider":"revid","queuedMillis":200,"runningMillis":800,"pollsToFinish":3,
 *                         "authFailureStatus":401,"subscription":true,"requestsPerMinute":60,"requireCacheControl":true,
 *                         "statusMethod":"ANY|GET|POST"}
 *                        (fields absent keep their value; without "provider": every provider)
 * GET    /_sim/settings  every provider's settings
 * GET    /_sim/tasks?provider=revid   every accepted task (all providers without the parameter)
 * GET    /_sim/downloads every download of a result file: [{"url","started":[epoch ms...],"completed":n}]
 * POST   /_sim/reset     forgets tasks, faults, settings and downloads
 * </pre>
 */
final class SimControl {

    private final ProviderSimulator simulator;

    SimControl(ProviderSimulator simulator) {
        this.simulator = simulator;
    }

    SimResponse handle(SimExchange ex) {
        String route = ex.method() + " " + ex.path();
        try {
            return switch (route) {
                case "POST /faults" -> addFault(ex.json());
                case "GET /faults" -> SimResponse.json(200, faults());
                case "DELETE /faults" -> {
                    simulator.clearFaults();
                    yield SimResponse.json(200, Json.object().put("cleared", true));
                }
                case "POST /settings" -> changeSettings(ex.json());
                case "GET /settings" -> SimResponse.json(200, settings());
                case "GET /tasks" -> tasks(ex.query("provider"));
                case "GET /downloads" -> SimResponse.json(200, simulator.downloads());
                case "POST /reset" -> {
                    simulator.reset();
                    yield SimResponse.json(200, Json.object().put("reset", true));
                }
                default -> SimResponse.json(404, Json.object().put("error", "unknown control route " + route));
            };
        } catch (IllegalArgumentException e) {
            return SimResponse.json(400, Json.object().put("error", e.getMessage()));
        }
    }

    private SimResponse addFault(JsonNode body) {
        ProviderId provider = provider(Json.text(body, "provider"))
                .orElseThrow(() -> new IllegalArgumentException("provider is required"));
        String operation = Json.text(body, "operation");
        String fault = Json.text(body, "fault");
        if (!List.of(SimFault.CREATE, SimFault.POLL, SimFault.CALLBACK).contains(operation) || fault == null) {
            throw new IllegalArgumentException("operation (create, poll, callback) and fault are required");
        }
        Integer retryAfter = body.hasNonNull("retryAfterSeconds") ? body.path("retryAfterSeconds").asInt() : null;
        SimFault added = new SimFault(provider, operation, fault, body.path("count").asInt(-1), retryAfter,
                body.path("latencyMs").asInt(0), body.path("probability").asDouble(1.0));
        simulator.addFault(added);
        return SimResponse.json(200, faultJson(added));
    }

    private SimResponse changeSettings(JsonNode body) {
        String key = Json.text(body, "provider");
        List<ProviderId> providers = key == null ? simulator.providers()
                : List.of(provider(key).orElseThrow(() -> new IllegalArgumentException("unknown provider " + key)));
        providers.forEach(v -> simulator.settings(v, simulator.settings(v).merge(body)));
        return SimResponse.json(200, settings());
    }

    private SimResponse tasks(String providerKey) {
        ProviderId provider = null;
        if (providerKey != null && !providerKey.isBlank()) {
            provider = provider(providerKey).orElseThrow(() -> new IllegalArgumentException("unknown provider " + providerKey));
        }
        ArrayNode out = Json.array(List.of());
        for (SimulatedTask task : simulator.tasks(provider)) {
            ObjectNode item = Json.object().put("provider", task.provider()).put("taskId", task.taskId())
                    .put("model", task.model()).put("prompt", task.prompt()).put("state", task.state().name())
                    .put("createCount", task.createCount()).put("polls", task.polls())
                    .put("callbacksSent", task.callbacksSent()).put("callbackUrl", task.callbackUrl());
            item.set("resultUrls", Json.array(task.resultUrls()));
            item.set("referenceUrls", Json.array(task.referenceUrls()));
            out.add(item);
        }
        return SimResponse.json(200, out);
    }

    private ArrayNode faults() {
        ArrayNode out = Json.array(List.of());
        simulator.faults().forEach(f -> out.add(faultJson(f)));
        return out;
    }

    private ArrayNode settings() {
        ArrayNode out = Json.array(List.of());
        for (ProviderId provider : simulator.providers()) {
            out.add(simulator.settings(provider).toJson(provider));
        }
        return out;
    }

    private static ObjectNode faultJson(SimFault f) {
        ObjectNode node = Json.object().put("provider", f.provider().key()).put("operation", f.operation())
                .put("fault", f.fault()).put("count", f.count()).put("latencyMs", f.latencyMs())
                .put("probability", f.probability());
        return f.retryAfterSeconds() == null ? node : node.put("retryAfterSeconds", f.retryAfterSeconds());
    }

    private Optional<ProviderId> provider(String key) {
        return ProviderId.parse(key).filter(simulator.providers()::contains);
    }
}
