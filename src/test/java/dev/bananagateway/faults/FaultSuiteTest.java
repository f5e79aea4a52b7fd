package dev.bananagateway.faults;

import java.util.TreeMap;
import dev.bananagateway.testing.RegisteredProviders;
import dev.bananagateway.local.simulator.ProviderCatalog;
import dev.bananagateway.provider.crun.CrunProvider;
import dev.bananagateway.provider.revid.RevidProvider;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bananagateway.functions.CallbackFunction;
import dev.bananagateway.functions.SweeperFunction;
import dev.bananagateway.lifecycle.CallbackTokens;
import dev.bananagateway.lifecycle.SweeperService;
import dev.bananagateway.task.Task;
import dev.bananagateway.task.TaskState;
import dev.bananagateway.testing.Api;
import dev.bananagateway.testing.LocalStackTestResource;
import dev.bananagateway.testing.LogCapture;
import dev.bananagateway.testing.MediaFiles;
import dev.bananagateway.testing.OpenApiContract;
import dev.bananagateway.testing.SecretScan;
import dev.bananagateway.testing.SimulatorControl;
import dev.bananagateway.provider.ProviderId;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import dev.bananagateway.media.MediaBucket;

/**
 * Hundreds of tasks through the real entry points (the API Gateway bridge for submit, status and
 * provider callbacks; the sweeper function as the schedule invokes it, two at once) on DynamoDB Local,
 * the embedded S3 server and the provider simulator, with faults on every path, storage included
 * (provider files that are gone, not media, stall, exceed the cap or break off, for good or for a
 * while; a crash between the upload and the state write; the media bucket unreachable for a while).
 * At the end: every task is terminal with the outcome its faults call for, no provider got a task
 * twice, no task's state ever went backwards (in any view a caller read, or in any write the store
 * applied), succeeded tasks hold exactly what the provider produced, stored once in the bucket and
 * downloadable through their presigned links, and every caller webhook arrived with those links.
 */
@QuarkusTest
@TestProfile(FaultSuiteProfile.class)
@QuarkusTestResource(LocalStackTestResource.class)
public class FaultSuiteTest {

    /**
     * How long the test waits for its queued submits: a guard against a hung run, not a time limit.
     * About 320 submits queue behind 12 callers; on two cores shared with other builds they took more
     * than a minute, which failed the suite with nothing wrong.
     */
    private static final Duration SUBMITS_GUARD = Duration.ofMinutes(10);

    private static final Duration FINISH_WITHIN = Duration.ofSeconds(120);
    /** What submit answers, by status, when it does not answer 202. */
    private static final Map<Integer, String> PROBLEM_CODES = Map.of(500, "INTERNAL_ERROR",
            502, "SUBMISSION_UNCERTAIN", 503, "ALL_PROVIDERS_FAILED");
    /** Tasks of this case get their deadline moved into the past once submitted. */
    private static final String DEADLINE_PASSES = "create answer and callback lost";
    /** Every registered provider's sample task (its test folder), by provider id. */
    private static final Map<String, RegisteredProviders.Sample> SAMPLES = RegisteredProviders.samples().stream()
            .collect(Collectors.toMap(sample -> sample.provider().key(), sample -> sample, (a, b) -> a, TreeMap::new));
    /** Cases whose copy fails for good: once tried this often, the suite moves their deadline into the past. */
    private static final int COPY_TRIES_BEFORE_DEADLINE = 2;
    private static final String STORE_CRASH = "crash between upload and state write";
    private static final String BUCKET_OUTAGE = "media bucket unreachable";
    private static final long STALL_MS = FaultSuiteProfile.MEDIA_READ_TIMEOUT.multipliedBy(5).dividedBy(2).toMillis();

    /**
     * A fault of the provider's file host. Permanent ({@code reason} set, what the task's error
     * names): the task ends {@code OUTPUT_STORE_FAILED} at its deadline. Transient: the first
     * {@code failures} downloads of each file fail, a later copy succeeds.
     */
    record StorageFault(String label, String directives, int failures, String reason) {
        boolean permanent() {
            return reason != null;
        }
    }

    static final List<StorageFault> STORAGE_FAULTS = List.of(
            new StorageFault("output gone (404)", "[sim:file=404]", COPY_TRIES_BEFORE_DEADLINE, "HTTP 404"),
            new StorageFault("output is an HTML page", "[sim:file=html]", COPY_TRIES_BEFORE_DEADLINE,
                    "not an image or a video"),
            new StorageFault("output is a JSON body", "[sim:file=json]", COPY_TRIES_BEFORE_DEADLINE,
                    "not an image or a video"),
            new StorageFault("output host stalls past the read timeout", "[sim:file-ms=" + STALL_MS + "]",
                    COPY_TRIES_BEFORE_DEADLINE, "timed out"),
            new StorageFault("output over the size cap", "[sim:file-bytes=" + FaultSuiteProfile.IMAGE_CAP * 3 / 2 + "]",
                    COPY_TRIES_BEFORE_DEADLINE, "larger than the cap"),
            new StorageFault("output download breaks off", "[sim:file=truncate]", COPY_TRIES_BEFORE_DEADLINE,
                    "broke off"),
            new StorageFault("output host busy twice", "[sim:file-fails=2]", 2, null),
            new StorageFault("output gone once", "[sim:file=404] [sim:file-fails=1]", 1, null),
            new StorageFault("output is an HTML page once", "[sim:file=html] [sim:file-fails=1]", 1, null),
            new StorageFault("output host stalls once", "[sim:file-ms=" + STALL_MS + "] [sim:file-fails=1]", 1, null),
            new StorageFault("output download breaks off twice", "[sim:file=truncate] [sim:file-fails=2]", 2, null));
    private static final Map<String, StorageFault> STORAGE_FAULTS_BY_LABEL = STORAGE_FAULTS.stream()
            .collect(Collectors.toMap(StorageFault::label, f -> f));

    private static final Map<String, Integer> RANK = Map.of("QUEUED", 0, "SUBMITTED", 1, "RUNNING", 2,
            "SUCCEEDED", 3, "FAILED", 3, "CANCELED", 3);

    /**
     * One kind of task: where it goes, the simulator directives in its prompt, and the outcome they
     * call for. {@code provider} null: routed by the gateway; {@code refused}: providers that must not
     * end up serving it.
     */
    public record Case(String label, String provider, String model, String directives, int expectHttp,
            String expectStatus, String expectCode, Set<String> refused) {

        static Case succeeds(String label, RegisteredProviders.Sample sample, String directives) {
            return new Case(label, sample.provider().key(), sample.model(), directives, 202, "SUCCEEDED", null,
                    Set.of());
        }

        static Case fails(String label, RegisteredProviders.Sample sample, String directives, int http, String code) {
            return new Case(label, sample.provider().key(), sample.model(), directives, http, "FAILED", code,
                    Set.of());
        }

        boolean crashes() {
            return directives.contains(RecordingTaskStore.CRASH_MARKER);
        }
    }

    /** A submitted task: its case, prompt, what submit answered, and its id. */
    record Run(Case kase, String prompt, boolean webhook, int http, JsonNode answer, String taskId) {
    }

    @Inject
    RecordingTaskStore store;
    @Inject
    SweeperFunction sweeperFunction;
    @Inject
    CallbackTokens tokens;
    @Inject
    DynamoDbClient dynamo;
    @ConfigProperty(name = "gateway.callback-secret")
    String callbackSecret;
    @ConfigProperty(name = "gateway.webhook-secret")
    String webhookSecret;
    @ConfigProperty(name = "gateway.simulator.url")
    String simulatorUrl;
    @Inject
    S3Client s3;
    @Inject
    MediaBucket bucket;
    /** Takes the embedded S3 server down and back (set by {@link LocalStackTestResource#inject}). */
    java.util.function.Consumer<Boolean> mediaBucketReachable;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    public static List<Case> cases() {
        return cases(SAMPLES);
    }

    /** The cases for these providers: each registered provider gets its clean, failing and fault cases. */
    public static List<Case> cases(Map<String, RegisteredProviders.Sample> samples) {
        List<String> callbackProviders = samples.values().stream().filter(RegisteredProviders.Sample::callbacks)
                .map(sample -> sample.provider().key()).toList();
        List<String> pollingProviders = samples.values().stream().filter(sample -> !sample.callbacks())
                .map(sample -> sample.provider().key()).toList();
        List<Case> cases = new ArrayList<>();
        for (String v : samples.keySet()) {
            cases.addAll(Collections.nCopies(14, Case.succeeds("clean", samples.get(v), "")));
            cases.addAll(Collections.nCopies(3, Case.fails("generation fails", samples.get(v), "[sim:fail]", 202,
                    "GENERATION_FAILED")));
        }
        Case routed = new Case("routed", null, "nano-banana-pro", "", 202, "SUCCEEDED", null, Set.of());
        cases.addAll(Collections.nCopies(10, routed));
        // failover: the first providers refuse with 429 / 455 / 503, a later one serves the task (by price, revid's
        // documented price first, then imgeditor's and nbpcloud's, which rest on an assumed credit price)
        cases.addAll(Collections.nCopies(6, new Case("failover 429", null, "nano-banana-pro", "[sim:revid:create=429]",
                202, "SUCCEEDED", null, Set.of("revid"))));
        cases.addAll(Collections.nCopies(6, new Case("failover 455+503", null, "nano-banana-pro",
                "[sim:revid:create=455] [sim:imgeditor:create=503]", 202, "SUCCEEDED", null,
                Set.of("revid", "imgeditor"))));
        cases.addAll(Collections.nCopies(6, new Case("failover 503+429", null, "nano-banana-pro",
                "[sim:imgeditor:create=503] [sim:revid:create=429] [sim:retry-after=1]", 202, "SUCCEEDED", null,
                Set.of("imgeditor", "revid"))));
        cases.addAll(Collections.nCopies(4, new Case("every provider refuses", null, "nano-banana-pro", "[sim:create=455]",
                503, "FAILED", "PROVIDER_UNAVAILABLE", Set.of("imgeditor", "nbpcloud", "revid"))));
        for (String v : callbackProviders) {
            cases.addAll(Collections.nCopies(5, Case.succeeds("dropped callback", samples.get(v), "[sim:no-callback]")));
            cases.addAll(Collections.nCopies(5, Case.succeeds("duplicated callback", samples.get(v), "[sim:duplicate-callback]")));
            cases.addAll(Collections.nCopies(5, Case.succeeds("reordered callback", samples.get(v), "[sim:stale-callback]")));
            cases.addAll(Collections.nCopies(5, Case.succeeds("delayed callback", samples.get(v), "[sim:delay-callback=2500]")));
            cases.addAll(Collections.nCopies(5, Case.succeeds("callback before the create answer", samples.get(v),
                    "[sim:slow-ms=0] [sim:answer-delay=300]")));
            cases.addAll(Collections.nCopies(5, Case.succeeds("forged callbacks", samples.get(v), "[sim:delay-callback=2000]")));
            cases.addAll(Collections.nCopies(2, Case.succeeds("poll answers HTTP 200 with an error code", samples.get(v),
                    "[sim:no-callback] [sim:poll=body-error]")));
            // the create's answer is lost but the provider made the task: its callback still completes it
            for (String lost : List.of("[sim:create=500]", "[sim:create=522]", "[sim:create=body-error]",
                    "[sim:latency=2500]")) {
                cases.addAll(Collections.nCopies(2, Case.succeeds("create answer lost " + lost, samples.get(v), lost)));
            }
            // the caller got a 500, but the provider's callback names our task: it still completes
            // ... unless the callback is lost too: then only the deadline ends it, and nothing is resubmitted
            cases.addAll(Collections.nCopies(2, new Case(DEADLINE_PASSES, v, samples.get(v).model(),
                    "[sim:create=500] [sim:no-callback]", 202, "FAILED", "SUBMISSION_UNCERTAIN", Set.of())));
            cases.addAll(Collections.nCopies(4, new Case("crash after accept", v, samples.get(v).model(),
                    RecordingTaskStore.CRASH_MARKER, 500, "SUCCEEDED", null, Set.of())));
        }
        for (String v : pollingProviders) {
            for (String first : List.of("[sim:poll=500]", "[sim:poll=522]", "[sim:poll=429] [sim:retry-after=1]",
                    "[sim:poll=404]")) {
                cases.addAll(Collections.nCopies(2, Case.succeeds("first poll " + first, samples.get(v), first)));
            }
            // nobody can report a task whose create answer was lost: it fails, never resubmitted
            for (String lost : List.of("[sim:create=500]", "[sim:create=522]", "[sim:latency=2500]")) {
                cases.addAll(Collections.nCopies(2, Case.fails("create answer lost " + lost, samples.get(v), lost, 502,
                        "SUBMISSION_UNCERTAIN")));
            }
            cases.addAll(Collections.nCopies(3, Case.fails("crash after accept", samples.get(v), RecordingTaskStore.CRASH_MARKER,
                    500, "SUBMISSION_UNCERTAIN")));
        }
        // storage faults, two tasks each, the providers taking turns
        List<String> providers = new ArrayList<>(samples.keySet());
        int turn = 0;
        for (StorageFault fault : STORAGE_FAULTS) {
            for (int i = 0; i < 2; i++) {
                RegisteredProviders.Sample sample = samples.get(providers.get(turn++ % providers.size()));
                cases.add(fault.permanent()
                        ? Case.fails(fault.label(), sample, fault.directives(), 202, "OUTPUT_STORE_FAILED")
                        : Case.succeeds(fault.label(), sample, fault.directives()));
            }
        }
        for (String v : samples.keySet()) {
            cases.add(Case.succeeds(STORE_CRASH, samples.get(v), RecordingTaskStore.STORE_CRASH_MARKER));
        }
        return cases;
    }

    @Test
    void everyTaskEndsRightThroughFaultsRacesAndCrashes() throws Exception {
        SimulatorControl sim = new SimulatorControl(simulatorUrl);
        sim.reset();
        sim.settings("{\"provider\":\"imgeditor\",\"requestsPerMinute\":100000}");
        injectBackgroundFaults(sim);

        Instant started = Instant.now();
        List<Case> cases = cases();
        Collections.shuffle(cases, new Random(20261125));
        ConcurrentLinkedQueue<SweeperService.SweepReport> sweeps = new ConcurrentLinkedQueue<>();
        AtomicBoolean sweeping = new AtomicBoolean(true);
        ExecutorService sweepers = Executors.newFixedThreadPool(2);
        for (int i = 0; i < 2; i++) {
            sweepers.submit(() -> {
                while (sweeping.get()) {
                    // a dispatch that finds nothing due ends at once: the schedule's minute, compressed
                    sweeps.add(sweeperFunction.sweep(new SweeperFunction.SweepTrigger("schedule")));
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }
        List<Run> runs;
        List<List<Run>> idempotentGroups;
        try (LogCapture logs = LogCapture.install(); StatusObserver observer = new StatusObserver(Api.baseUrl());
                WebhookSink hooks = new WebhookSink()) {
            ExecutorService callers = Executors.newFixedThreadPool(12);
            try {
                List<Future<Run>> submitted = new ArrayList<>();
                for (int i = 0; i < cases.size(); i++) {
                    Case kase = cases.get(i);
                    String prompt = kase.label() + " #" + i + " " + UUID.randomUUID() + " " + kase.directives();
                    boolean webhook = i % 3 == 0;
                    submitted.add(callers.submit(() -> submit(kase, prompt, webhook ? hooks.url() : null, null)));
                }
                idempotentGroups = submitIdempotentGroups(hooks.url());
                runs = new ArrayList<>();
                for (Future<Run> f : submitted) {
                    runs.add(f.get(SUBMITS_GUARD.toSeconds(), TimeUnit.SECONDS));
                }
            } finally {
                callers.shutdown();
            }
            idempotentGroups.forEach(g -> runs.add(g.get(0)));
            for (Run run : runs) {
                assertEquals(run.kase().expectHttp(), run.http(), () -> run.kase().label() + ": " + run.answer());
                if (run.http() != 202) {
                    assertEquals(PROBLEM_CODES.get(run.http()), run.answer().path("code").asText(),
                            () -> run.kase().label() + ": " + run.answer());
                }
                assertNotNull(run.taskId(), () -> run.kase().label() + " left no task: " + run.answer());
                observer.watch(run.taskId());
            }
            Instant submitted = Instant.now();
            forgeCallbacks(runs);
            runs.stream().filter(r -> r.kase().label().equals(DEADLINE_PASSES)).forEach(r -> passDeadline(r.taskId()));
            List<Run> failingCopies = runs.stream()
                    .filter(r -> "OUTPUT_STORE_FAILED".equals(r.kase().expectCode())).toList();
            Set<String> deadlinePassed = new java.util.HashSet<>();

            awaitAllTerminal(observer, runs, () -> endFailingCopiesAtTheirDeadline(failingCopies, deadlinePassed));
            awaitWebhooks(hooks, runs);
            Instant outageStarted = Instant.now();
            runs.addAll(bucketOutage(observer, hooks.url()));
            awaitAllTerminal(observer, runs, () -> { });
            awaitWebhooks(hooks, runs);
            Instant settled = Instant.now();
            observer.close();
            sweeping.set(false);
            sweepers.shutdown();
            assertTrue(sweepers.awaitTermination(30, TimeUnit.SECONDS), "the sweepers stopped");

            Map<String, List<JsonNode>> simulated = simulatorTasksByPrompt(sim);
            // before any check fetches a provider file itself
            Map<String, JsonNode> downloads = sim.downloads().stream()
                    .collect(Collectors.toMap(d -> d.path("url").asText(), d -> d));
            // the embedded server's file store lists a folder as "outputs/<id>/": the gateway writes no such key
            Map<String, List<S3Object>> stored = s3.listObjectsV2Paginator(b -> b.bucket(bucket.bucket())
                    .prefix("outputs/")).contents().stream().filter(o -> !o.key().endsWith("/"))
                    .collect(Collectors.groupingBy(o -> o.key().split("/")[1]));
            for (Run run : runs) {
                JsonNode last = observer.read(run.taskId());
                checkStorage(run, last, stored.getOrDefault(run.taskId(), List.of()), downloads,
                        store.storeCrashedAt(run.taskId()));
                checkOutcome(run, last, simulated.getOrDefault(run.prompt(), List.of()));
                checkReadViewsNeverRegressed(run, observer.views(run.taskId()));
                checkAppliedWritesNeverRegressed(run, store.history(run.taskId()));
                if (run.webhook()) {
                    checkWebhook(run, last, hooks.deliveries(run.taskId()));
                }
            }
            for (List<Run> group : idempotentGroups) {
                assertEquals(1, group.stream().map(Run::taskId).distinct().count(),
                        "identical concurrent submits with one Idempotency-Key made one task");
            }
            System.out.printf("fault suite: %d tasks from %d submits; submitted in %d ms, all terminal with webhooks"
                    + " delivered %d ms later, the bucket outage took %d ms more; checks took %d ms%n", runs.size(),
                    cases.size() + idempotentGroups.size() * 4, Duration.between(started, submitted).toMillis(),
                    Duration.between(submitted, outageStarted).toMillis(),
                    Duration.between(outageStarted, settled).toMillis(),
                    Duration.between(settled, Instant.now()).toMillis());
            simulated.forEach((prompt, tasks) -> assertTrue(runs.stream().anyMatch(r -> r.prompt().equals(prompt)),
                    "the provider holds a task nobody submitted: " + prompt));
            checkNoSecretLeaked(runs, logs.lines(), observer, hooks);
            // a storage fault is a failed copy, retried: it never fails the provider's callback itself
            List<String> failedCallbacks = logs.lines().stream()
                    .filter(line -> line.startsWith("ERROR " + CallbackFunction.class.getName()))
                    .filter(line -> !line.contains(RecordingTaskStore.SimulatedCrash.class.getName())).toList();
            assertEquals(List.of(), failedCallbacks, "no provider callback failed but for a simulated crash");
        } finally {
            sweeping.set(false);
            sweepers.shutdownNow();
            sim.reset();
        }
        int sweepErrors = sweeps.stream().mapToInt(SweeperService.SweepReport::errors).sum();
        assertEquals(SAMPLES.size(), store.storeCrashes(), "every " + STORE_CRASH + " case crashed once");
        assertTrue(sweepErrors <= store.storeCrashes(),
                "no task failed to sweep but for a simulated crash: " + sweepErrors + " errors");
        assertTrue(sweeps.stream().mapToInt(SweeperService.SweepReport::polled).sum() > 0, "the sweepers polled");
    }

    /**
     * Faults that hit tasks at random, on top of each task's own: polls and callbacks of every provider.
     * Callbacks are dropped only where a task asks for it: a lost create answer plus a lost callback
     * is a case of its own (nothing can report that task until its deadline).
     */
    private static void injectBackgroundFaults(SimulatorControl sim) {
        // each polling provider meets one kind of failed poll at random, and some slow ones
        List<String> pollFaults = List.of("\"fault\":\"503\",\"probability\":0.15",
                "\"fault\":\"522\",\"probability\":0.15", "\"fault\":\"429\",\"retryAfterSeconds\":1,\"probability\":0.1");
        List<String> pollingProviders = SAMPLES.values().stream().filter(sample -> !sample.callbacks())
                .map(sample -> sample.provider().key()).toList();
        for (int i = 0; i < pollingProviders.size(); i++) {
            String v = pollingProviders.get(i);
            sim.fault("{\"provider\":\"" + v + "\",\"operation\":\"poll\"," + pollFaults.get(i % pollFaults.size()) + "}");
            sim.fault("{\"provider\":\"" + v + "\",\"operation\":\"poll\",\"fault\":\"latency\",\"latencyMs\":2500,"
                    + "\"probability\":0.02}");
        }
        List<String> callbackProviders = SAMPLES.values().stream().filter(RegisteredProviders.Sample::callbacks)
                .map(sample -> sample.provider().key()).toList();
        for (String v : callbackProviders) {
            sim.fault("{\"provider\":\"" + v + "\",\"operation\":\"poll\",\"fault\":\"body-error\",\"probability\":0.2}");
            sim.fault("{\"provider\":\"" + v + "\",\"operation\":\"callback\",\"fault\":\"duplicate\","
                    + "\"probability\":0.15}");
            sim.fault("{\"provider\":\"" + v + "\",\"operation\":\"callback\",\"fault\":\"stale\",\"probability\":0.15}");
            sim.fault("{\"provider\":\"" + v + "\",\"operation\":\"callback\",\"fault\":\"latency\",\"latencyMs\":1500,"
                    + "\"probability\":0.15}");
        }
    }

    /**
     * Groups of four identical submits sent at once with one Idempotency-Key, a group at a time on
     * four callers of their own: the four race each other (and the other cases) rather than waiting
     * behind the other cases' queue, and the racers that get a 409 wait out its Retry-After without
     * holding a thread the other cases need.
     */
    private List<List<Run>> submitIdempotentGroups(String webhookUrl) throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            return submitIdempotentGroups(callers, webhookUrl);
        } finally {
            callers.shutdown();
        }
    }

    private List<List<Run>> submitIdempotentGroups(ExecutorService callers, String webhookUrl) throws Exception {
        List<List<Future<Run>>> pending = new ArrayList<>();
        for (int g = 0; g < 12; g++) {
            String provider = g % 2 == 0 ? "revid" : "nbpcloud";
            Case kase = Case.succeeds("idempotent", SAMPLES.get(provider), "");
            String prompt = "idempotent #" + g + " " + UUID.randomUUID();
            String key = "key-" + UUID.randomUUID();
            String hook = g % 3 == 0 ? webhookUrl : null;
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Run>> group = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                group.add(callers.submit(() -> {
                    go.await();
                    return submit(kase, prompt, hook, key);
                }));
            }
            go.countDown();
            pending.add(group);
        }
        List<List<Run>> groups = new ArrayList<>();
        for (List<Future<Run>> group : pending) {
            List<Run> runs = new ArrayList<>();
            for (Future<Run> f : group) {
                Run run = f.get(SUBMITS_GUARD.toSeconds(), TimeUnit.SECONDS);
                assertEquals(202, run.http(), () -> "idempotent submit: " + run.answer());
                runs.add(run);
            }
            groups.add(runs);
        }
        return groups;
    }

    private Run submit(Case kase, String prompt, String webhookUrl, String idempotencyKey) throws Exception {
        ObjectNode body = json.createObjectNode().put("prompt", prompt).put("model", kase.model());
        if (kase.provider() != null) {
            body.put("provider", kase.provider());
        }
        if ("pixazo".equals(kase.provider())) {
            body.putArray("reference_images").add("https://img.example.com/in.png");
        }
        if (webhookUrl != null) {
            body.put("webhook_url", webhookUrl);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(Api.baseUrl() + "/v1/tasks"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        if (idempotencyKey != null) {
            request.header("idempotency-key", idempotencyKey);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        // an identical submit racing the first with its key: retry when told, as a client would
        for (int i = 0; i < 30 && idempotencyKey != null && response.statusCode() == 409; i++) {
            Thread.sleep(Long.parseLong(response.headers().firstValue("retry-after").orElse("1")) * 1000);
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
        OpenApiContract.assertAllowed(response);
        JsonNode answer = json.readTree(response.body());
        String taskId = answer.hasNonNull("id") && response.statusCode() == 202 ? answer.get("id").asText()
                : answer.hasNonNull("task_id") ? answer.get("task_id").asText()
                : store.crashedTask(prompt).orElse(null);
        return new Run(kase, prompt, webhookUrl != null, response.statusCode(), answer, taskId);
    }

    /**
     * Callbacks that did not come from the provider, sent while the tasks are still open: a made-up
     * token, another task's valid token, and the task's own token at another provider's path. Each
     * claims the generation failed; each must be refused and change nothing.
     */
    private void forgeCallbacks(List<Run> runs) throws Exception {
        List<Run> targets = runs.stream().filter(r -> r.kase().label().equals("forged callbacks")).toList();
        assertFalse(targets.isEmpty());
        String failure = "{\"code\":501,\"msg\":\"Playground task failed.\",\"data\":{\"taskId\":\"x\","
                + "\"state\":\"fail\",\"failCode\":\"500\",\"failMsg\":\"forged\"},\"task_id\":\"x\","
                + "\"status\":\"failed\"}";
        for (int i = 0; i < targets.size(); i++) {
            Run target = targets.get(i);
            Run other = targets.get((i + 1) % targets.size());
            ProviderId provider = ProviderId.of(target.kase().provider());
            ProviderId otherProvider = provider.equals(RevidProvider.ID) ? CrunProvider.ID : RevidProvider.ID;
            String othersToken = token(tokens.callbackUrl("http://x", provider, other.taskId()));
            String ownToken = token(tokens.callbackUrl("http://x", provider, target.taskId()));
            for (String path : List.of(
                    "/v1/callbacks/" + provider.key() + "/" + target.taskId() + "?token=forged",
                    "/v1/callbacks/" + provider.key() + "/" + target.taskId() + "?token=" + othersToken,
                    "/v1/callbacks/" + otherProvider.key() + "/" + target.taskId() + "?token=" + ownToken)) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(Api.baseUrl() + path))
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(failure)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(401, response.statusCode(), () -> "forged callback " + path + ": " + response.body());
                OpenApiContract.assertAllowed(response);
            }
        }
    }

    /**
     * No provider key, signing secret or callback token appears in any log line, any answer a caller
     * got (submit, status, webhook), or any item in the table.
     */
    private void checkNoSecretLeaked(List<Run> runs, List<String> logLines, StatusObserver observer,
            WebhookSink hooks) {
        List<String> callbackTokens = new ArrayList<>();
        for (ProviderId provider : ProviderCatalog.ids()) {
            runs.forEach(r -> callbackTokens.add(tokens.tokenFor(provider, r.taskId())));
        }
        SecretScan scan = new SecretScan(SecretScan.configuredSecrets(callbackSecret, webhookSecret), callbackTokens);
        assertTrue(logLines.size() > runs.size(), "the log was captured: " + logLines.size() + " lines");
        for (String line : logLines) {
            scan.leakIn(line).ifPresent(leak -> fail(leak + " in a log line: " + scan.redact(line.lines().findFirst().orElse(""))));
        }
        for (Run run : runs) {
            List<String> seen = new ArrayList<>(List.of(run.answer().toString()));
            observer.views(run.taskId()).forEach(v -> seen.add(v.toString()));
            hooks.deliveries(run.taskId()).forEach(d -> seen.add(d.event().toString()));
            for (String text : seen) {
                scan.leakIn(text).ifPresent(leak -> fail(leak + " in what a caller got for " + run.taskId()));
            }
        }
        dynamo.scanPaginator(b -> b.tableName(LocalStackTestResource.TABLE)).items().forEach(item ->
                scan.leakIn(item.toString()).ifPresent(leak -> fail(leak + " in table item " + item.get("pk"))));
    }

    /** The deadline is fixed at submit; the suite moves it into the past directly on the item. */
    private void passDeadline(String taskId) {
        String past = Long.toString(Instant.now().minusSeconds(1).toEpochMilli());
        dynamo.updateItem(b -> b.tableName(LocalStackTestResource.TABLE)
                .key(Map.of("pk", AttributeValue.fromS("TASK#" + taskId)))
                .updateExpression("SET deadline = :past, nextCheckAt = :past")
                .expressionAttributeValues(Map.of(":past", AttributeValue.fromN(past))));
    }

    private static String token(String callbackUrl) {
        return callbackUrl.substring(callbackUrl.indexOf("token=") + "token=".length());
    }

    /** Waits until every task is terminal, running {@code tick} (the suite's own moves) at each look. */
    private static void awaitAllTerminal(StatusObserver observer, List<Run> runs, Runnable tick)
            throws InterruptedException {
        Instant until = Instant.now().plus(FINISH_WITHIN);
        while (Instant.now().isBefore(until)) {
            tick.run();
            List<Run> open = runs.stream().filter(r -> {
                List<JsonNode> views = observer.views(r.taskId());
                return views.isEmpty() || !StatusObserver.terminal(views.get(views.size() - 1));
            }).toList();
            if (open.isEmpty()) {
                return;
            }
            Thread.sleep(250);
        }
        List<String> open = runs.stream().filter(r -> !StatusObserver.terminal(observer.read(r.taskId())))
                .map(r -> r.kase().label() + " " + r.taskId() + " " + observer.read(r.taskId()).path("status"))
                .toList();
        assertTrue(open.isEmpty(), "tasks not terminal within " + FINISH_WITHIN + ": " + open);
    }

    private static void awaitWebhooks(WebhookSink hooks, List<Run> runs) throws InterruptedException {
        Instant until = Instant.now().plus(FINISH_WITHIN);
        while (Instant.now().isBefore(until)) {
            boolean all = runs.stream().filter(Run::webhook)
                    .allMatch(r -> hooks.deliveries(r.taskId()).stream().anyMatch(d -> d.answeredWith() == 204));
            if (all) {
                return;
            }
            Thread.sleep(250);
        }
        fail("caller webhooks not delivered within " + FINISH_WITHIN);
    }

    /**
     * A copy that keeps failing is retried until the task's deadline: once a task's copy has failed
     * {@value #COPY_TRIES_BEFORE_DEADLINE} times, the suite moves its deadline into the past.
     */
    private void endFailingCopiesAtTheirDeadline(List<Run> failing, Set<String> passed) {
        for (Run run : failing) {
            if (!passed.contains(run.taskId()) && store.get(run.taskId())
                    .filter(t -> t.storing() && t.storeFailures() >= COPY_TRIES_BEFORE_DEADLINE).isPresent()) {
                passDeadline(run.taskId());
                passed.add(run.taskId());
            }
        }
    }

    /**
     * The media bucket becomes unreachable (the embedded S3 server stops: its port refuses
     * connections) while a task per provider finishes there: each copy fails, the task stays RUNNING
     * and storing; once the bucket is back, the next copy stores it. It runs after the other tasks
     * have settled, so these tasks alone meet the outage and every other task's downloads stay exact.
     */
    private List<Run> bucketOutage(StatusObserver observer, String webhookUrl) throws Exception {
        assertNotNull(mediaBucketReachable, "the test resource hands over the media bucket's switch");
        List<Run> outage = new ArrayList<>();
        mediaBucketReachable.accept(false);
        try {
            for (RegisteredProviders.Sample sample : SAMPLES.values()) {
                Case kase = Case.succeeds(BUCKET_OUTAGE, sample, "");
                String prompt = kase.label() + " #" + outage.size() + " " + UUID.randomUUID();
                Run run = submit(kase, prompt, outage.size() % 2 == 0 ? webhookUrl : null, null);
                assertEquals(202, run.http(), () -> BUCKET_OUTAGE + ": " + run.answer());
                observer.watch(run.taskId());
                outage.add(run);
            }
            Instant until = Instant.now().plus(FINISH_WITHIN);
            for (Run run : outage) {
                while (store.get(run.taskId()).orElseThrow().storeFailures() == 0) {
                    assertTrue(Instant.now().isBefore(until), () -> run.taskId() + " never tried to store");
                    Thread.sleep(100);
                }
                JsonNode view = observer.read(run.taskId());
                String what = BUCKET_OUTAGE + " " + run.taskId() + ": " + view;
                assertEquals("RUNNING", view.path("status").asText(), what);
                assertEquals(100, view.path("progress").asInt(), what);
                assertTrue(view.path("storing").asBoolean(), what);
                view.path("outputs").forEach(o -> assertFalse(o.has("url"), what));
            }
        } finally {
            mediaBucketReachable.accept(true);
        }
        return outage;
    }

    /**
     * What the media bucket holds for a task and how its provider's files were fetched: a succeeded
     * task has exactly one object and one record per output, and no file of it was downloaded once
     * stored (after the task SUCCEEDED, or after the crash that followed its upload); a task that
     * ended OUTPUT_STORE_FAILED has nothing in the bucket and each of its files was tried more than
     * once; a transient fault's file was fetched again.
     */
    private static void checkStorage(Run run, JsonNode view, List<S3Object> objects, Map<String, JsonNode> downloads,
            Optional<Instant> storeCrashedAt) {
        String what = run.kase().label() + " " + run.taskId();
        List<String> keys = objects.stream().map(S3Object::key).sorted().toList();
        StorageFault fault = STORAGE_FAULTS_BY_LABEL.get(run.kase().label());
        if ("SUCCEEDED".equals(view.path("status").asText())) {
            Map<String, S3Object> byKey = objects.stream().collect(Collectors.toMap(S3Object::key, o -> o));
            Instant storedBy = storeCrashedAt.orElse(Instant.parse(view.path("completed_at").asText()));
            List<String> expected = new ArrayList<>();
            for (JsonNode output : view.path("outputs")) {
                String key = URI.create(output.path("url").asText()).getPath().replaceFirst("^/[^/]+/", "");
                expected.add(key);
                expected.add(key + ".stored.json");
                assertTrue(byKey.containsKey(key), () -> what + ": " + key + " is not in the bucket: " + keys);
                assertEquals(output.path("size_bytes").asLong(), byKey.get(key).size(), what);
                S3Object record = byKey.get(key + ".stored.json");
                assertNotNull(record, () -> what + ": " + key + " has no record: " + keys);
                JsonNode fetched = downloads.get(output.path("source_url").asText());
                assertNotNull(fetched, () -> what + ": the provider's file was never downloaded");
                assertTrue(fetched.path("completed").asInt() >= 1, what);
                fetched.path("started").forEach(at -> assertTrue(Instant.ofEpochMilli(at.asLong()).isBefore(storedBy),
                        () -> what + ": " + key + " was downloaded again after it was stored by " + storedBy + ": "
                                + fetched));
                if (fault != null) {
                    assertTrue(fetched.path("started").size() > fault.failures(),
                            () -> what + ": not fetched again after the fault: " + fetched);
                }
            }
            assertEquals(expected.stream().sorted().toList(), keys, what + ": one object and one record per output");
        } else {
            assertEquals(List.of(), keys, what + ": nothing stored for a task that did not succeed");
        }
        if (fault != null && fault.permanent()) {
            for (JsonNode output : view.path("outputs")) {
                JsonNode fetched = downloads.get(output.path("source_url").asText());
                assertNotNull(fetched, what);
                assertTrue(fetched.path("started").size() >= COPY_TRIES_BEFORE_DEADLINE,
                        () -> what + ": the copy was not tried again: " + fetched);
            }
        }
    }

    private Map<String, List<JsonNode>> simulatorTasksByPrompt(SimulatorControl sim) {
        Map<String, List<JsonNode>> byPrompt = new HashMap<>();
        for (String provider : SAMPLES.keySet()) {
            for (JsonNode task : sim.tasks(provider)) {
                byPrompt.computeIfAbsent(task.path("prompt").asText(), p -> new ArrayList<>()).add(task);
            }
        }
        return byPrompt;
    }

    /** The task ended as its faults call for, and matches what the provider did. */
    private static void checkOutcome(Run run, JsonNode view, List<JsonNode> atProviders) {
        Case kase = run.kase();
        String what = kase.label() + " " + run.taskId();
        assertEquals(kase.expectStatus(), view.path("status").asText(), () -> what + ": " + view);
        if (kase.expectCode() != null) {
            assertEquals(kase.expectCode(), view.path("error").path("code").asText(), () -> what + ": " + view);
        }
        assertTrue(atProviders.size() <= 1, () -> what + " reached " + atProviders.size() + " providers: " + atProviders);
        for (JsonNode providerTask : atProviders) {
            assertEquals(1, providerTask.path("createCount").asInt(), () -> what + " was created twice: " + providerTask);
        }
        switch (kase.expectStatus()) {
            case "SUCCEEDED" -> {
                assertEquals(1, atProviders.size(), () -> what + ": succeeded without a provider task");
                JsonNode providerTask = atProviders.get(0);
                assertEquals(providerTask.path("provider").asText(), view.path("provider").asText(), what);
                assertFalse(kase.refused().contains(view.path("provider").asText()), () -> what + " served by a refuser");
                List<String> produced = strings(providerTask.path("resultUrls"));
                assertEquals(produced, strings(view.path("outputs"), "source_url"),
                        () -> what + ": the outputs are not what the provider produced");
                for (int n = 0; n < produced.size(); n++) {
                    // stored: the presigned copy holds exactly the provider's bytes
                    JsonNode output = view.path("outputs").get(n);
                    String url = output.path("url").asText();
                    assertTrue(url.contains("/outputs/" + run.taskId() + "/" + n + "."), () -> what + ": " + url);
                    MediaFiles.Fetched source = MediaFiles.fetch(produced.get(n));
                    MediaFiles.Fetched copy = MediaFiles.fetch(url);
                    assertEquals(source.sha256(), output.path("sha256").asText(), what);
                    assertEquals(source.sha256(), copy.sha256(), () -> what + ": the stored copy differs");
                    assertEquals(source.size(), output.path("size_bytes").asLong(), what);
                    assertEquals(source.size(), copy.size(), what);
                    assertEquals(source.contentType(), output.path("content_type").asText(), what);
                    assertEquals(source.contentType(), copy.contentType(), what);
                }
                assertEquals(100, view.path("progress").asInt(), what);
            }
            case "FAILED" -> {
                if ("OUTPUT_STORE_FAILED".equals(kase.expectCode())) {
                    // the provider's URLs are kept, no link to a stored copy, the error names the fault
                    assertEquals(strings(atProviders.get(0).path("resultUrls")), strings(view.path("outputs"), "source_url"),
                            what);
                    view.path("outputs").forEach(o -> assertFalse(o.has("url"), what));
                    String reason = STORAGE_FAULTS_BY_LABEL.get(kase.label()).reason();
                    assertTrue(view.path("error").path("message").asText().contains(reason), () -> what + ": " + view);
                    assertFalse(view.has("storing"), what);
                } else {
                    assertTrue(view.path("outputs").isEmpty(), what);
                }
                if ("GENERATION_FAILED".equals(kase.expectCode())) {
                    assertEquals("FAILED", atProviders.get(0).path("state").asText(), what);
                }
                if (run.http() == 503) {
                    assertTrue(atProviders.isEmpty(), what);
                    assertEquals(kase.refused(), strings(view.path("attempts"), "provider").stream()
                            .collect(Collectors.toSet()), what);
                }
            }
            default -> fail("unexpected " + kase.expectStatus());
        }
        for (JsonNode attempt : view.path("attempts")) {
            if (kase.refused().contains(attempt.path("provider").asText())) {
                assertEquals("REJECTED", attempt.path("outcome").asText(), () -> what + ": " + attempt);
            }
        }
    }

    /** What callers read: the state never goes back, progress never drops, a terminal view never changes. */
    private static void checkReadViewsNeverRegressed(Run run, List<JsonNode> views) {
        JsonNode previous = null;
        JsonNode terminal = null;
        for (JsonNode view : views) {
            if (terminal != null) {
                assertEquals(signedAtRead(terminal.path("outputs")), signedAtRead(view.path("outputs")),
                        run.kase().label() + " " + run.taskId() + ": terminal view changed outputs");
                for (String field : List.of("status", "progress", "error", "provider", "completed_at")) {
                    assertEquals(terminal.path(field), view.path(field),
                            run.kase().label() + " " + run.taskId() + ": terminal view changed " + field);
                }
            } else if (previous != null) {
                assertTrue(RANK.get(view.path("status").asText()) >= RANK.get(previous.path("status").asText()),
                        run.taskId() + " went from " + previous.path("status") + " to " + view.path("status"));
                assertTrue(view.path("progress").asInt() >= previous.path("progress").asInt(),
                        run.taskId() + " progress dropped");
            }
            if (terminal == null && StatusObserver.terminal(view)) {
                terminal = view;
            }
            previous = view;
        }
        assertNotNull(terminal, run.taskId() + " was never seen terminal");
    }

    /** Every write the store applied, in version order: one write per version, never backwards. */
    private static void checkAppliedWritesNeverRegressed(Run run, List<Task> writes) {
        String what = run.kase().label() + " " + run.taskId();
        assertFalse(writes.isEmpty(), what);
        List<Task> ordered = writes.stream().sorted((a, b) -> Long.compare(a.version(), b.version())).toList();
        Task terminal = null;
        for (int i = 1; i < ordered.size(); i++) {
            Task before = ordered.get(i - 1);
            Task after = ordered.get(i);
            assertTrue(after.version() > before.version(), what + ": two writes applied at version " + after.version());
            assertTrue(rank(after.state()) >= rank(before.state()),
                    what + ": a write moved " + before.state() + " to " + after.state());
            assertTrue(after.progress() >= before.progress(), what + ": a write lowered progress");
            if (before.terminal()) {
                terminal = terminal == null ? before : terminal;
                assertEquals(terminal.state(), after.state(), what);
                assertEquals(terminal.outputs(), after.outputs(), what);
                assertEquals(terminal.error(), after.error(), what);
            }
        }
        assertTrue(ordered.get(ordered.size() - 1).terminal(), what + ": the last write left it open");
    }

    /**
     * The webhook was refused once, retried with the same id until accepted, and reports the final
     * task. Delivery is at least once (two sweepers may both send a just-owed webhook); receivers
     * deduplicate by webhook id, which is why every delivery must carry the same one.
     */
    private static void checkWebhook(Run run, JsonNode finalView, List<WebhookSink.Delivery> deliveries) {
        String what = run.kase().label() + " " + run.taskId();
        assertTrue(deliveries.size() >= 2, what + ": the refused webhook was not retried");
        assertEquals(500, deliveries.get(0).answeredWith(), what);
        String status = finalView.path("status").asText();
        for (WebhookSink.Delivery d : deliveries) {
            assertEquals(deliveries.get(0).webhookId(), d.webhookId(), what + ": retries keep the webhook id");
            assertEquals("task." + status.toLowerCase(java.util.Locale.ROOT), d.event().path("type").asText(), what);
            assertEquals(status, d.event().path("data").path("status").asText(), what);
            assertEquals(signedAtRead(finalView.path("outputs")), signedAtRead(d.event().path("data").path("outputs")),
                    what);
        }
        // the accepted delivery links to the stored copies: its presigned URLs download the stored bytes
        JsonNode delivered = deliveries.get(deliveries.size() - 1).event().path("data").path("outputs");
        for (int n = 0; n < delivered.size(); n++) {
            JsonNode output = delivered.get(n);
            if ("SUCCEEDED".equals(status)) {
                String url = output.path("url").asText();
                assertTrue(url.contains("/outputs/" + run.taskId() + "/" + n + "."), () -> what + ": " + url);
                assertEquals(output.path("sha256").asText(), MediaFiles.fetch(url).sha256(), what);
            } else {
                assertFalse(output.has("url"), what + ": a link to nothing stored");
            }
        }
    }

    private static int rank(TaskState state) {
        return RANK.get(state.name());
    }

    /** The outputs without what is signed afresh at every read (the presigned URL and its expiry). */
    private static JsonNode signedAtRead(JsonNode outputs) {
        JsonNode copy = outputs.deepCopy();
        copy.forEach(o -> {
            if (o instanceof com.fasterxml.jackson.databind.node.ObjectNode object) {
                object.remove(List.of("url", "expires_at"));
            }
        });
        return copy;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<String> strings(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.path(field).asText()));
        return out;
    }
}
