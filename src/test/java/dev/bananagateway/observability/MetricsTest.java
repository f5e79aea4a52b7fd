package dev.bananagateway.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.HashSet;
import org.junit.jupiter.api.Test;

/** Every metric the gateway writes, parsed by the EMF rules: names, dimension sets, units, values. */
public class MetricsTest {

    private static final String NAMESPACE = "BananaGateway/test-stack";
    private static final Instant NOW = Instant.parse("2026-12-03T08:00:00Z");

    /** Metric name -> unit and the dimension sets it is published under (what alarms and the dashboard read). */
    public static final Map<String, Map.Entry<String, Set<List<String>>>> CATALOG = Map.ofEntries(
            Map.entry("TasksSubmitted", Map.entry("Count", Set.of(List.of("Provider")))),
            Map.entry("TasksSucceeded", Map.entry("Count", Set.of(List.of(), List.of("Provider")))),
            Map.entry("TasksFailed", Map.entry("Count",
                    Set.of(List.of(), List.of("Provider"), List.of("Provider", "ErrorCode")))),
            Map.entry("TaskDuration", Map.entry("Milliseconds", Set.of(List.of("Provider")))),
            Map.entry("CostUsd", Map.entry("None", Set.of(List.of("Provider")))),
            Map.entry("ProviderCallLatency", Map.entry("Milliseconds", Set.of(List.of("Provider", "Call")))),
            Map.entry("ProviderErrors", Map.entry("Count", Set.of(List.of("Provider"), List.of("Provider", "ErrorClass")))),
            Map.entry("SweepLag", Map.entry("Milliseconds", Set.of(List.of()))),
            Map.entry("SweepDuration", Map.entry("Milliseconds", Set.of(List.of()))),
            Map.entry("WebhookDeliveries", Map.entry("Count", Set.of(List.of()))),
            Map.entry("WebhookFailures", Map.entry("Count", Set.of(List.of()))));

    private final List<String> lines = new ArrayList<>();
    private final Metrics metrics = new Metrics(true, NAMESPACE, Clock.fixed(NOW, ZoneOffset.UTC), new ObjectMapper(),
            lines::add);

    @Test
    void everyMetricFollowsTheFormatWithItsUnitAndDimensions() throws IOException {
        metrics.taskSubmitted("revid");
        metrics.taskEnded("tsk_a", "revid", "SUCCEEDED", null, 41_000, 0.09);
        metrics.taskEnded("tsk_b", "nbpcloud", "FAILED", "GENERATION_FAILED", 12_000, 0.0);
        metrics.taskEnded("tsk_c", null, "FAILED", "PROVIDER_UNAVAILABLE", 3_000, null);
        metrics.providerCall("crun", "create", 850, null);
        metrics.providerCall("crun", "poll", 120, "RATE_LIMITED");
        metrics.sweep(1_500, 65_000);
        metrics.webhookDelivery(true);
        metrics.webhookDelivery(false);

        Map<String, String> units = new TreeMap<>();
        Map<String, Set<List<String>>> dimensions = new TreeMap<>();
        for (String line : lines) {
            JsonNode root = new ObjectMapper().readTree(line);
            assertEquals(NOW.toEpochMilli(), root.get("_aws").get("Timestamp").asLong(), "timestamp from the clock");
            for (EmfRules.Datum d : EmfRules.check(line)) {
                assertEquals(NAMESPACE, d.namespace());
                units.put(d.name(), d.unit());
                dimensions.computeIfAbsent(d.name(), n -> new HashSet<>()).add(d.dimensions());
            }
        }
        assertEquals(CATALOG.keySet(), units.keySet(), "every metric the issue names, and no other");
        CATALOG.forEach((name, spec) -> {
            assertEquals(spec.getKey(), units.get(name), name + " unit");
            assertEquals(spec.getValue(), dimensions.get(name), name + " dimension sets");
        });
    }

    @Test
    void valuesAndDimensionValuesAreWhatHappened() throws IOException {
        metrics.taskEnded("tsk_b", "nbpcloud", "FAILED", "GENERATION_FAILED", 12_000, 0.0);
        metrics.taskEnded("tsk_c", null, "FAILED", null, 3_000, null);
        metrics.sweep(1_500, -20);
        metrics.webhookDelivery(false);

        JsonNode failed = new ObjectMapper().readTree(lines.get(0));
        assertEquals("nbpcloud", failed.get("Provider").asText());
        assertEquals("GENERATION_FAILED", failed.get("ErrorCode").asText());
        assertEquals(1, failed.get("TasksFailed").asInt());
        assertEquals(12_000, failed.get("TaskDuration").asLong());
        assertEquals(0.0, failed.get("CostUsd").asDouble());
        assertEquals("tsk_b", failed.get("taskId").asText(), "the task id rides along as a property, not a dimension");

        JsonNode unrouted = new ObjectMapper().readTree(lines.get(1));
        assertEquals("none", unrouted.get("Provider").asText(), "a task no provider took still has a Provider value");
        assertTrue(!unrouted.has("CostUsd"), "no cost without a provider");
        EmfRules.check(lines.get(1));

        assertEquals(0, new ObjectMapper().readTree(lines.get(2)).get("SweepLag").asLong(), "nothing overdue: no lag");
        JsonNode webhook = new ObjectMapper().readTree(lines.get(3));
        assertEquals(1, webhook.get("WebhookDeliveries").asInt());
        assertEquals(1, webhook.get("WebhookFailures").asInt());
    }

    @Test
    void disabledMetricsWriteNothing() {
        Metrics off = new Metrics(false, NAMESPACE, Clock.systemUTC(), new ObjectMapper(), lines::add);
        off.taskSubmitted("revid");
        off.sweep(1, 1);
        assertTrue(lines.isEmpty());
    }

    @Test
    void theTraceRootIsTakenFromTheXRayHeader() {
        assertEquals("1-5759e988-bd862e3fe1be46a994272793",
                LogContext.traceRoot("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"));
        assertEquals(null, LogContext.traceRoot(null));
        assertEquals(null, LogContext.traceRoot("Parent=53995c3f42cd8ad8"));
    }
}
