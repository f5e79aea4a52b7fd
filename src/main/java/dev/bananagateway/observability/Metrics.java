package dev.bananagateway.observability;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bananagateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The gateway's CloudWatch metrics, written as Embedded Metric Format lines on stdout: CloudWatch
 * Logs turns each line into metric data points, with no API call and no client in the function.
 * (No EMF library is known to work in a native image; the format is one JSON object per line.)
 * Dimension names and values, metric names and units are the ones the templates' alarms and
 * dashboard read.
 */
@ApplicationScoped
public class Metrics {

    public static final String TASKS_SUBMITTED = "TasksSubmitted";
    public static final String TASKS_SUCCEEDED = "TasksSucceeded";
    public static final String TASKS_FAILED = "TasksFailed";
    public static final String TASK_DURATION = "TaskDuration";
    public static final String PROVIDER_CALL_LATENCY = "ProviderCallLatency";
    public static final String PROVIDER_ERRORS = "ProviderErrors";
    public static final String SWEEP_LAG = "SweepLag";
    public static final String SWEEP_DURATION = "SweepDuration";
    public static final String WEBHOOK_DELIVERIES = "WebhookDeliveries";
    public static final String WEBHOOK_FAILURES = "WebhookFailures";
    public static final String COST_USD = "CostUsd";

    public static final String PROVIDER = "Provider";
    public static final String ERROR_CODE = "ErrorCode";
    public static final String ERROR_CLASS = "ErrorClass";
    public static final String CALL = "Call";

    static final String COUNT = "Count";
    static final String MILLISECONDS = "Milliseconds";
    /** CloudWatch has no currency unit. */
    static final String NONE = "None";
    /** A task that never reached a provider. */
    static final String NO_PROVIDER = "none";

    private final boolean enabled;
    private final String namespace;
    private final Clock clock;
    private final ObjectMapper json;
    private final Consumer<String> out;

    @Inject
    public Metrics(GatewayConfig config, Clock clock, ObjectMapper json) {
        // System.out looked up per line: one JSON object per println, as CloudWatch Logs needs
        this(config.metrics().enabled(), config.metrics().namespace(), clock, json, line -> System.out.println(line));
    }

    Metrics(boolean enabled, String namespace, Clock clock, ObjectMapper json, Consumer<String> out) {
        this.enabled = enabled;
        this.namespace = namespace;
        this.clock = clock;
        this.json = json;
        this.out = out;
    }

    /** Metrics that write nothing: for services built by hand, outside the application. */
    public static Metrics disabled() {
        return new Metrics(false, "", Clock.systemUTC(), new ObjectMapper(), line -> {
        });
    }

    /** A provider accepted a new task. */
    public void taskSubmitted(String provider) {
        line().dimensions(List.of(List.of(PROVIDER)), metric(TASKS_SUBMITTED, COUNT, 1))
                .property(PROVIDER, orNone(provider)).write();
    }

    /**
     * A task reached a terminal state: counted as succeeded or failed (all, by provider, failures by
     * error code too), with its duration from creation and its cost by provider.
     *
     * @param state the terminal state's name ({@code SUCCEEDED}, {@code FAILED}, {@code CANCELED})
     * @param costUsd null when no provider accepted the task
     */
    public void taskEnded(String taskId, String provider, String state, String errorCode, long durationMillis,
            Double costUsd) {
        Line line = line().property(PROVIDER, orNone(provider)).property("taskId", taskId).property("state", state);
        if ("SUCCEEDED".equals(state)) {
            line.dimensions(List.of(List.of(), List.of(PROVIDER)), metric(TASKS_SUCCEEDED, COUNT, 1));
        } else if ("FAILED".equals(state)) {
            line.property(ERROR_CODE, errorCode == null ? "UNKNOWN" : errorCode)
                    .dimensions(List.of(List.of(), List.of(PROVIDER), List.of(PROVIDER, ERROR_CODE)),
                            metric(TASKS_FAILED, COUNT, 1));
        }
        List<Metric> byProvider = new ArrayList<>(List.of(metric(TASK_DURATION, MILLISECONDS, durationMillis)));
        if (costUsd != null) {
            byProvider.add(metric(COST_USD, NONE, costUsd));
        }
        line.dimensions(List.of(List.of(PROVIDER)), byProvider.toArray(Metric[]::new)).write();
    }

    /**
     * One call to a provider ({@code create} or {@code poll}) and how long it took; with an error
     * class when it failed.
     */
    public void providerCall(String provider, String call, long millis, String errorClass) {
        Line line = line().property(PROVIDER, orNone(provider)).property(CALL, call)
                .dimensions(List.of(List.of(PROVIDER, CALL)), metric(PROVIDER_CALL_LATENCY, MILLISECONDS, millis));
        if (errorClass != null) {
            line.property(ERROR_CLASS, errorClass)
                    .dimensions(List.of(List.of(PROVIDER), List.of(PROVIDER, ERROR_CLASS)),
                            metric(PROVIDER_ERRORS, COUNT, 1));
        }
        line.write();
    }

    /**
     * One sweeper run: how long it took, and how late its most overdue task was (now minus the
     * oldest due check it found; 0 when nothing was due).
     */
    public void sweep(long durationMillis, long lagMillis) {
        line().dimensions(List.of(List.of()), metric(SWEEP_DURATION, MILLISECONDS, durationMillis),
                metric(SWEEP_LAG, MILLISECONDS, Math.max(0, lagMillis))).write();
    }

    /** One caller webhook delivery attempt; a failure is any attempt that got no 2xx answer. */
    public void webhookDelivery(boolean delivered) {
        line().dimensions(List.of(List.of()), metric(WEBHOOK_DELIVERIES, COUNT, 1),
                metric(WEBHOOK_FAILURES, COUNT, delivered ? 0 : 1)).write();
    }

    private static String orNone(String provider) {
        return provider == null || provider.isEmpty() ? NO_PROVIDER : provider;
    }

    private static Metric metric(String name, String unit, Number value) {
        return new Metric(name, unit, value);
    }

    private Line line() {
        return new Line();
    }

    private record Metric(String name, String unit, Number value) {
    }

    /** One EMF document: the {@code _aws} metadata, then dimensions, metric values and properties at the root. */
    private final class Line {
        private final List<Map<String, Object>> directives = new ArrayList<>();
        private final Map<String, Object> root = new LinkedHashMap<>();

        Line dimensions(List<List<String>> dimensionSets, Metric... metrics) {
            List<Map<String, Object>> definitions = new ArrayList<>();
            for (Metric m : metrics) {
                definitions.add(Map.of("Name", m.name(), "Unit", m.unit()));
                root.put(m.name(), m.value());
            }
            Map<String, Object> directive = new LinkedHashMap<>();
            directive.put("Namespace", namespace);
            directive.put("Dimensions", dimensionSets);
            directive.put("Metrics", definitions);
            directives.add(directive);
            return this;
        }

        Line property(String name, Object value) {
            if (value != null) {
                root.put(name, value);
            }
            return this;
        }

        void write() {
            if (!enabled) {
                return;
            }
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("_aws", Map.of("Timestamp", clock.millis(), "CloudWatchMetrics", directives));
            document.putAll(root);
            try {
                out.accept(json.writeValueAsString(document));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write a metric line", e);
            }
        }
    }
}
