package dev.bananagateway.local.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bananagateway.vendor.Json;
import dev.bananagateway.vendor.VendorId;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What all simulated vendors share: the task store, progression over time, injected faults
 * (prompt directives and global rules), latency, and callback delivery.
 */
final class SimEngine {

    private static final Logger LOG = Logger.getLogger(SimEngine.class.getName());
    /** Injected answers after which the task exists anyway (the answer was lost, not the task). */
    private static final Set<String> CREATED_ANYWAY = Set.of("500", "502", "504", "522", "body-error");
    private static final Set<Integer> RETRY_AFTER_CODES = Set.of(429, 455, 503);

    private final URI filesBase;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final HttpClient callbackClient;
    private final SimFaults faults = new SimFaults();
    private final Map<String, SimTask> tasks = new ConcurrentHashMap<>();
    private final Map<String, Integer> createCounts = new ConcurrentHashMap<>();
    private final Map<VendorId, SimSettings> settings = new EnumMap<>(VendorId.class);

    SimEngine(URI baseUri, Clock clock, ScheduledExecutorService scheduler, HttpClient callbackClient) {
        this.filesBase = baseUri;
        this.clock = clock;
        this.scheduler = scheduler;
        this.callbackClient = callbackClient;
    }

    Instant now() {
        return clock.instant();
    }

    // ---- create and poll, with faults ----

    /**
     * Runs a valid create: counts it, applies latency and the create fault (directive first, then
     * global rules), stores the task unless the fault rejects it, and answers.
     */
    SimResponse create(SimProtocol protocol, SimTaskSpec spec, Function<SimTask, SimResponse> accepted) {
        VendorId vendor = protocol.vendor();
        createCounts.merge(countKey(vendor, spec.prompt()), 1, Integer::sum);
        Directives directives = Directives.parse(spec.prompt(), vendor);
        List<SimFault> fired = faults.take(vendor, SimFault.CREATE);
        pause(directives.latencyMs() + latency(fired));
        String fault = directives.has("create") ? directives.value("create") : answerFault(fired);
        Integer retryAfter = directives.has("retry-after") ? directives.number("retry-after") : retryAfter(fired);
        if (fault != null && !CREATED_ANYWAY.contains(fault)) {
            return faultAnswer(protocol, fault, retryAfter);
        }
        SimTask task = store(protocol, spec);
        pause(directives.number("answer-delay") == null ? 0 : directives.number("answer-delay"));
        return fault == null ? accepted.apply(task) : faultAnswer(protocol, fault, retryAfter);
    }

    /**
     * Runs a poll of a known task: latency, the first-poll directive, global poll faults, then one
     * step of progression; {@code render} answers with the task's current state.
     */
    SimResponse poll(SimProtocol protocol, SimTask task, Function<SimTask, SimResponse> render) {
        List<SimFault> fired = faults.take(protocol.vendor(), SimFault.POLL);
        pause(task.directives.latencyMs() + latency(fired));
        Integer retryAfter = task.directives.has("retry-after") ? task.directives.number("retry-after")
                : retryAfter(fired);
        if (task.takeFirstPollFault()) {
            return faultAnswer(protocol, task.directives.value("poll"), retryAfter);
        }
        String fault = answerFault(fired);
        if (fault != null) {
            return faultAnswer(protocol, fault, retryAfter);
        }
        if (task.poll(now())) {
            finished(protocol, task);
        }
        return render.apply(task);
    }

    SimTask find(VendorId vendor, String taskId) {
        return taskId == null ? null : tasks.get(vendor.key() + "/" + taskId);
    }

    /** The file a result URL names, or null. */
    SimResponse file(String vendorKey, String taskId, String name) {
        SimTask task = tasks.get(vendorKey + "/" + taskId);
        if (task == null || task.state() != SimState.SUCCEEDED) {
            return null;
        }
        String url = filesBase + "/files/" + vendorKey + "/" + taskId + "/" + name;
        int dot = name.lastIndexOf('.');
        return task.plannedUrls.contains(url) && dot > 0 ? SimFiles.file(name.substring(dot + 1)) : null;
    }

    // ---- control ----

    synchronized SimSettings settings(VendorId vendor) {
        return settings.getOrDefault(vendor, SimSettings.defaults());
    }

    synchronized void settings(VendorId vendor, SimSettings value) {
        settings.put(vendor, value);
    }

    SimFaults faults() {
        return faults;
    }

    List<SimulatedTask> tasks(VendorId vendorOrNull) {
        return tasks.values().stream()
                .filter(t -> vendorOrNull == null || t.vendor == vendorOrNull)
                .sorted(Comparator.comparing((SimTask t) -> t.createdAt).thenComparing(t -> t.id))
                .map(t -> t.view(createCounts.getOrDefault(countKey(t.vendor, t.prompt), 0)))
                .toList();
    }

    synchronized void reset() {
        tasks.clear();
        createCounts.clear();
        faults.clear();
        settings.clear();
    }

    // ---- internals ----

    private SimTask store(SimProtocol protocol, SimTaskSpec spec) {
        VendorId vendor = protocol.vendor();
        String id = protocol.newTaskId();
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < spec.outputs(); i++) {
            urls.add(filesBase + "/files/" + vendor.key() + "/" + id + "/" + i + "." + spec.extension());
        }
        SimTask task = new SimTask(vendor, id, spec, settings(vendor), protocol.progressesOnlyByPolls(), now(), urls);
        tasks.put(vendor.key() + "/" + id, task);
        Duration finishesIn = task.finishesIn();
        if (finishesIn != null) {
            scheduler.schedule(() -> tick(protocol, task), finishesIn.toMillis() + 1, TimeUnit.MILLISECONDS);
        }
        return task;
    }

    private void tick(SimProtocol protocol, SimTask task) {
        if (tasks.get(task.vendor.key() + "/" + task.id) == task && task.advance(now())) {
            finished(protocol, task);
        }
    }

    /** Sends the vendor's callback for a task that has just finished, as directives and faults allow. */
    private void finished(SimProtocol protocol, SimTask task) {
        JsonNode body = protocol.callbackBody(task);
        if (body == null || task.callbackUrl == null || task.directives.has("no-callback")) {
            return;
        }
        List<SimFault> fired = faults.take(protocol.vendor(), SimFault.CALLBACK);
        if (fired.stream().anyMatch(f -> "drop".equals(f.fault()))) {
            return;
        }
        boolean duplicate = task.directives.has("duplicate-callback")
                || fired.stream().anyMatch(f -> "duplicate".equals(f.fault()));
        Integer delay = task.directives.number("delay-callback");
        long delayMs = (delay == null ? 0 : delay) + latency(fired);
        List<String> deliveries = new ArrayList<>();
        deliveries.add(Json.write(body));
        if (duplicate) {
            deliveries.add(deliveries.get(0));
        }
        if (task.directives.has("stale-callback") || fired.stream().anyMatch(f -> "stale".equals(f.fault()))) {
            // a delivery from while the task ran, overtaken by the final one
            deliveries.add(Json.write(protocol.callbackBody(task.whileRunning())));
        }
        scheduler.schedule(() -> deliver(task, deliveries), delayMs, TimeUnit.MILLISECONDS);
    }

    private void deliver(SimTask task, List<String> deliveries) {
        for (String json : deliveries) {
            try {
                HttpRequest request = HttpRequest.newBuilder(URI.create(task.callbackUrl))
                        .timeout(Duration.ofSeconds(15))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build();
                callbackClient.send(request, HttpResponse.BodyHandlers.discarding());
                task.callbackSent();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                LOG.log(Level.FINE, "simulated callback for " + task.vendor.key() + " task " + task.id + " failed", e);
            }
        }
    }

    private static SimResponse faultAnswer(SimProtocol protocol, String fault, Integer retryAfter) {
        if ("522".equals(fault)) {
            return SimResponse.cloudflare522();
        }
        if ("body-error".equals(fault)) {
            return protocol.bodyError(500, "Internal server error");
        }
        int code;
        try {
            code = Integer.parseInt(fault);
        } catch (NumberFormatException e) {
            return SimResponse.text(400, "unknown simulator fault: " + fault);
        }
        SimResponse answer = protocol.error(code, "Injected fault " + code);
        return RETRY_AFTER_CODES.contains(code) ? answer.withRetryAfter(retryAfter) : answer;
    }

    private static String answerFault(List<SimFault> fired) {
        return fired.stream().filter(f -> !f.isLatency()).map(SimFault::fault).findFirst().orElse(null);
    }

    private static Integer retryAfter(List<SimFault> fired) {
        return fired.stream().map(SimFault::retryAfterSeconds).filter(s -> s != null).findFirst().orElse(null);
    }

    private static int latency(List<SimFault> fired) {
        return fired.stream().mapToInt(SimFault::latencyMs).sum();
    }

    private static void pause(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String countKey(VendorId vendor, String prompt) {
        return vendor.key() + "\n" + prompt;
    }
}
