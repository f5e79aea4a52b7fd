package dev.bananagateway.local.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bananagateway.provider.Json;
import dev.bananagateway.provider.ProviderId;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
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
 * What all simulated providers share: the task store, progression over time, injected faults
 * (prompt directives and global rules), latency, and callback delivery.
 */
public final class SimEngine {

    private static final Logger LOG = Logger.getLogger(SimEngine.class.getName());
    /** Injected answers after which the task exists anyway (the answer was lost, not the task). */
    private static final Set<String> CREATED_ANYWAY = Set.of("500", "502", "504", "522", "body-error");
    private static final Set<Integer> RETRY_AFTER_CODES = Set.of(429, 455, 503);

    private final URI filesBase;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final HttpClient callbackClient;
    private final java.util.concurrent.ExecutorService senders = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "provider-simulator-callbacks");
        thread.setDaemon(true);
        return thread;
    });
    private final SimFaults faults = new SimFaults();
    private final Map<String, SimTask> tasks = new ConcurrentHashMap<>();
    private final Map<String, Integer> createCounts = new ConcurrentHashMap<>();
    private final Map<ProviderId, SimSettings> settings = new HashMap<>();
    /** The local media bucket's origin ({@code http://127.0.0.1:<port>/}), where AWS's would be https. */
    private volatile String localMediaOrigin;

    public SimEngine(URI baseUri, Clock clock, ScheduledExecutorService scheduler, HttpClient callbackClient) {
        this.filesBase = baseUri;
        this.clock = clock;
        this.scheduler = scheduler;
        this.callbackClient = callbackClient;
    }

    public Instant now() {
        return clock.instant();
    }

    // ---- create and poll, with faults ----

    /**
     * Runs a valid create: counts it, applies latency and the create fault (directive first, then
     * global rules), stores the task unless the fault rejects it, and answers.
     */
    public SimResponse create(SimProtocol protocol, SimTaskSpec spec, Function<SimTask, SimResponse> accepted) {
        ProviderId provider = protocol.provider();
        createCounts.merge(countKey(provider, spec.prompt()), 1, Integer::sum);
        Directives directives = Directives.parse(spec.prompt(), provider);
        List<SimFault> fired = faults.take(provider, SimFault.CREATE);
        pause(directives.latencyMs() + latency(fired));
        String fault = directives.has("create") ? directives.value("create") : answerFault(fired);
        Integer retryAfter = directives.has("retry-after") ? directives.number("retry-after") : retryAfter(fired);
        if (fault != null && !CREATED_ANYWAY.contains(fault)) {
            return faultAnswer(protocol, fault, retryAfter);
        }
        SimTask task = store(protocol, spec, directives.has("no-outputs") ? 0 : spec.outputs());
        pause(directives.number("answer-delay") == null ? 0 : directives.number("answer-delay"));
        return fault == null ? accepted.apply(task) : lostAnswer(protocol, fault);
    }

    /**
     * Runs a poll of a known task: latency, the first-poll directive, global poll faults, then one
     * step of progression; {@code render} answers with the task's current state.
     */
    public SimResponse poll(SimProtocol protocol, SimTask task, Function<SimTask, SimResponse> render) {
        List<SimFault> fired = faults.take(protocol.provider(), SimFault.POLL);
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

    public SimTask find(ProviderId provider, String taskId) {
        return taskId == null ? null : tasks.get(provider.key() + "/" + taskId);
    }

    /**
     * The file a result URL names, or null: its size from {@code [sim:file-bytes=N]}, else the
     * default for its type.
     */
    public SimFiles.SimFile file(String providerKey, String taskId, String name) {
        SimTask task = fileTask(providerKey, taskId, name);
        if (task == null) {
            return null;
        }
        Integer bytes = task.directives.number("file-bytes");
        return SimFiles.file(name.substring(name.lastIndexOf('.') + 1), providerKey + "/" + taskId + "/" + name,
                bytes == null ? null : bytes.longValue());
    }

    /** The finished task whose result URL this is, or null. */
    public SimTask fileTask(String providerKey, String taskId, String name) {
        SimTask task = tasks.get(providerKey + "/" + taskId);
        if (task == null || task.state() != SimState.SUCCEEDED) {
            return null;
        }
        String url = filesBase + "/files/" + providerKey + "/" + taskId + "/" + name;
        return task.plannedUrls.contains(url) && name.lastIndexOf('.') > 0 ? task : null;
    }

    // ---- control ----

    /**
     * Trusts the local stack's S3 server as a reference image host: the deployed bucket's presigned
     * URLs are https, the embedded server's plain http on loopback, and a provider that takes only
     * https URLs (Pixazo) would otherwise refuse every upload locally.
     */
    public void trustLocalMedia(URI origin) {
        String text = origin.toString();
        localMediaOrigin = text.endsWith("/") ? text : text + "/";
    }

    /** Whether {@code url} is on the trusted local media server. */
    public boolean isLocalMedia(String url) {
        String origin = localMediaOrigin;
        return origin != null && url.startsWith(origin);
    }

    public synchronized SimSettings settings(ProviderId provider) {
        return settings.getOrDefault(provider, SimSettings.defaults());
    }

    public synchronized void settings(ProviderId provider, SimSettings value) {
        settings.put(provider, value);
    }

    public SimFaults faults() {
        return faults;
    }

    public List<SimulatedTask> tasks(ProviderId providerOrNull) {
        return tasks.values().stream()
                .filter(t -> providerOrNull == null || t.provider.equals(providerOrNull))
                .sorted(Comparator.comparing((SimTask t) -> t.createdAt).thenComparing(t -> t.id))
                .map(t -> t.view(createCounts.getOrDefault(countKey(t.provider, t.prompt), 0)))
                .toList();
    }

    public synchronized void reset() {
        tasks.clear();
        createCounts.clear();
        faults.clear();
        settings.clear();
    }

    // ---- internals ----

    /** Stores a new task that will produce {@code outputs} files (none for {@code no-outputs}). */
    private SimTask store(SimProtocol protocol, SimTaskSpec spec, int outputs) {
        ProviderId provider = protocol.provider();
        String id = protocol.newTaskId();
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < outputs; i++) {
            urls.add(filesBase + "/files/" + provider.key() + "/" + id + "/" + i + "." + spec.extension());
        }
        SimTask task = new SimTask(provider, id, spec, settings(provider), protocol.progressesOnlyByPolls(), now(), urls);
        tasks.put(provider.key() + "/" + id, task);
        Duration finishesIn = task.finishesIn();
        if (finishesIn != null) {
            scheduler.schedule(() -> tick(protocol, task), finishesIn.toMillis() + 1, TimeUnit.MILLISECONDS);
        }
        return task;
    }

    private void tick(SimProtocol protocol, SimTask task) {
        if (tasks.get(task.provider.key() + "/" + task.id) == task && task.advance(now())) {
            finished(protocol, task);
        }
    }

    /** Sends the provider's callback for a task that has just finished, as directives and faults allow. */
    private void finished(SimProtocol protocol, SimTask task) {
        JsonNode body = protocol.callbackBody(task);
        if (body == null || task.callbackUrl == null || task.directives.has("no-callback")) {
            return;
        }
        List<SimFault> fired = faults.take(protocol.provider(), SimFault.CALLBACK);
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
        // sent from a thread of their own: the receiver may take a while (it copies the outputs), and
        // the two timer threads must stay free to finish other tasks meanwhile
        scheduler.schedule(() -> senders.execute(() -> deliver(task, deliveries)), delayMs, TimeUnit.MILLISECONDS);
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
                LOG.log(Level.FINE, "simulated callback for " + task.provider.key() + " task " + task.id + " failed", e);
            }
        }
    }

    /** The answer to a create whose task was made, though its answer is a {@link #CREATED_ANYWAY} fault. */
    private static SimResponse lostAnswer(SimProtocol protocol, String fault) {
        return switch (fault) {
            case "522" -> SimResponse.cloudflare522();
            case "body-error" -> protocol.bodyError(500, "Internal server error");
            default -> protocol.lostAnswer(Integer.parseInt(fault));
        };
    }

    private static SimResponse faultAnswer(SimProtocol protocol, String fault, Integer retryAfter) {
        SimResponse documented = protocol.documentedFault(fault);
        if (documented != null) {
            return documented;
        }
        if ("522".equals(fault)) {
            return SimResponse.cloudflare522();
        }
        if ("408".equals(fault)) {
            return SimResponse.requestTimeout408();
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

    private static String countKey(ProviderId provider, String prompt) {
        return provider.key() + "\n" + prompt;
    }
}
