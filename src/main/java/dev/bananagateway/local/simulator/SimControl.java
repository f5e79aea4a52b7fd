package dev.bananagateway.local.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bananagateway.vendor.Json;
import dev.bananagateway.vendor.VendorId;
import java.util.List;
import java.util.Optional;

/**
 * The HTTP control API under {@code /_sim}, for tests in other class loaders and for people with curl:
 *
 * <pre>
 * POST   /_sim/faults    {"vendor":"revid","operation":"create|poll|callback","fault":"429|455|500|503|522|body-error|latency|drop|duplicate|stale",
 *                         "count":3,"retryAfterSeconds":2,"latencyMs":500,"probability":1.0}   (count absent: until cleared)
 * GET    /_sim/faults    the active faults
 * DELETE /_sim/faults    clears them
 * POST   /_sim/settings  {"vendor":"revid","queuedMillis":200,"runningMillis":800,"pollsToFinish":3,
 *                         "authFailureStatus":401,"subscription":true,"requestsPerMinute":60,"requireCacheControl":true,
 *                         "statusMethod":"ANY|GET|POST"}
 *                        (fields absent keep their value; without "vendor": every vendor)
 * GET    /_sim/settings  every vendor's settings
 * GET    /_sim/tasks?vendor=revid   every accepted task (all vendors without the parameter)
 * POST   /_sim/reset     forgets tasks, faults and settings
 * </pre>
 */
final class SimControl {

    private final VendorSimulator simulator;

    SimControl(VendorSimulator simulator) {
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
                case "GET /tasks" -> tasks(ex.query("vendor"));
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
        VendorId vendor = vendor(Json.text(body, "vendor"))
                .orElseThrow(() -> new IllegalArgumentException("vendor is required"));
        String operation = Json.text(body, "operation");
        String fault = Json.text(body, "fault");
        if (!List.of(SimFault.CREATE, SimFault.POLL, SimFault.CALLBACK).contains(operation) || fault == null) {
            throw new IllegalArgumentException("operation (create, poll, callback) and fault are required");
        }
        Integer retryAfter = body.hasNonNull("retryAfterSeconds") ? body.path("retryAfterSeconds").asInt() : null;
        SimFault added = new SimFault(vendor, operation, fault, body.path("count").asInt(-1), retryAfter,
                body.path("latencyMs").asInt(0), body.path("probability").asDouble(1.0));
        simulator.addFault(added);
        return SimResponse.json(200, faultJson(added));
    }

    private SimResponse changeSettings(JsonNode body) {
        String key = Json.text(body, "vendor");
        List<VendorId> vendors = key == null ? List.of(VendorId.values())
                : List.of(vendor(key).orElseThrow(() -> new IllegalArgumentException("unknown vendor " + key)));
        vendors.forEach(v -> simulator.settings(v, simulator.settings(v).merge(body)));
        return SimResponse.json(200, settings());
    }

    private SimResponse tasks(String vendorKey) {
        VendorId vendor = null;
        if (vendorKey != null && !vendorKey.isBlank()) {
            vendor = vendor(vendorKey).orElseThrow(() -> new IllegalArgumentException("unknown vendor " + vendorKey));
        }
        ArrayNode out = Json.array(List.of());
        for (SimulatedTask task : simulator.tasks(vendor)) {
            ObjectNode item = Json.object().put("vendor", task.vendor()).put("taskId", task.taskId())
                    .put("model", task.model()).put("prompt", task.prompt()).put("state", task.state().name())
                    .put("createCount", task.createCount()).put("polls", task.polls())
                    .put("callbacksSent", task.callbacksSent()).put("callbackUrl", task.callbackUrl());
            item.set("resultUrls", Json.array(task.resultUrls()));
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
        for (VendorId vendor : VendorId.values()) {
            out.add(simulator.settings(vendor).toJson(vendor));
        }
        return out;
    }

    private static ObjectNode faultJson(SimFault f) {
        ObjectNode node = Json.object().put("vendor", f.vendor().key()).put("operation", f.operation())
                .put("fault", f.fault()).put("count", f.count()).put("latencyMs", f.latencyMs())
                .put("probability", f.probability());
        return f.retryAfterSeconds() == null ? node : node.put("retryAfterSeconds", f.retryAfterSeconds());
    }

    private static Optional<VendorId> vendor(String key) {
        return key == null ? Optional.empty() : VendorId.fromKey(key);
    }
}
