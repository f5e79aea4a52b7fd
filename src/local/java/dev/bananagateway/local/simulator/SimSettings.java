package dev.bananagateway.local.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bananagateway.provider.Json;
import dev.bananagateway.provider.ProviderId;

/**
 * How one simulated provider behaves; changed through {@code POST /_sim/settings} or
 * {@link ProviderSimulator#settings(ProviderId, SimSettings)}.
 *
 * @param queuedMillis time a task stays queued (providers that progress by time)
 * @param runningMillis time it then runs before it finishes
 * @param pollsToFinish the poll that finds the task finished, whatever the time (nbpcloud progresses
 *     only by polls); the second poll already finds it running
 * @param authFailureStatus HTTP status of an auth failure where the provider's body code says 401
 *     (revid: 401 or 200)
 * @param subscription whether the imgeditor account may use nano-banana-2 and seedream4
 * @param requestsPerMinute imgeditor's per-key budget
 * @param requireCacheControl whether pixazo rejects a request without {@code Cache-Control: no-cache}
 * @param statusMethod the method revid's status call takes: {@code ANY} (the docs say POST, the kie
 *     original is GET, so both), {@code GET} or {@code POST}; the other one answers 405
 */
public record SimSettings(int queuedMillis, int runningMillis, int pollsToFinish, int authFailureStatus,
        boolean subscription, int requestsPerMinute, boolean requireCacheControl, String statusMethod) {

    public static SimSettings defaults() {
        return new SimSettings(200, 800, 3, 401, true, 60, true, "ANY");
    }

    /** Whether a status call with this HTTP method is allowed. */
    public boolean allowsStatusMethod(String method) {
        return "ANY".equals(statusMethod) || statusMethod.equals(method);
    }

    /** These settings with the fields present in {@code json} replaced. */
    public SimSettings merge(JsonNode json) {
        return new SimSettings(json.path("queuedMillis").asInt(queuedMillis),
                json.path("runningMillis").asInt(runningMillis),
                json.path("pollsToFinish").asInt(pollsToFinish),
                json.path("authFailureStatus").asInt(authFailureStatus),
                json.path("subscription").asBoolean(subscription),
                json.path("requestsPerMinute").asInt(requestsPerMinute),
                json.path("requireCacheControl").asBoolean(requireCacheControl),
                json.path("statusMethod").asText(statusMethod));
    }

    public ObjectNode toJson(ProviderId provider) {
        return Json.object().put("provider", provider.key()).put("queuedMillis", queuedMillis)
                .put("runningMillis", runningMillis).put("pollsToFinish", pollsToFinish)
                .put("authFailureStatus", authFailureStatus).put("subscription", subscription)
                .put("requestsPerMinute", requestsPerMinute).put("requireCacheControl", requireCacheControl)
                .put("statusMethod", statusMethod);
    }
}
