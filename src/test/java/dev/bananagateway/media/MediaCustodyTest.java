package dev.bananagateway.media;

import static dev.bananagateway.testing.Api.api;
import static dev.bananagateway.testing.Api.json;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bananagateway.config.TestConfigs;
import dev.bananagateway.lifecycle.CallbackTokens;
import dev.bananagateway.lifecycle.OutputCustody;
import dev.bananagateway.lifecycle.SweeperService;
import dev.bananagateway.provider.ProviderId;
import dev.bananagateway.task.Task;
import dev.bananagateway.task.TaskState;
import dev.bananagateway.task.TaskStore;
import dev.bananagateway.task.TaskUpdate;
import dev.bananagateway.task.TransitionResult;
import dev.bananagateway.testing.LocalStackTestResource;
import dev.bananagateway.testing.MediaFiles;
import dev.bananagateway.testing.SimulatorControl;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Outputs in the gateway's custody, end to end through the public API, the simulator's real files
 * and the embedded S3 server: copies that keep failing (gone, an error page, a JSON body, a stall
 * past the read timeout, over the size cap) until the deadline; a large file's callback answered at
 * once while the sweeper finishes the copy; a process killed between the upload and the state
 * write; a callback and a sweeper storing the same task at once.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
@TestProfile(MediaCustodyTest.Profile.class)
class MediaCustodyTest {

    static final Duration READ_TIMEOUT = Duration.ofSeconds(1);
    static final Duration CALLBACK_COPY_BUDGET = Duration.ofMillis(500);
    static final long VIDEO_CAP = 1024 * 1024;
    /** What the gateway promises a provider: its callback is answered within this, whatever the media size. */
    static final Duration CALLBACK_ANSWER_BOUND = Duration.ofSeconds(3);
    /** The deployed callback copy budget leaves at least this for the writes around the copy. */
    static final Duration CALLBACK_WRITES_MARGIN = Duration.ofMillis(500);

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "gateway.media.read-timeout", READ_TIMEOUT.toMillis() + "ms",
                    "gateway.media.callback-copy-budget", CALLBACK_COPY_BUDGET.toMillis() + "ms",
                    "gateway.media.max-video-bytes", Long.toString(VIDEO_CAP),
                    "gateway.media.max-image-bytes", Long.toString(256L * 1024 * 1024),
                    "gateway.media.backoff", "200ms",
                    "gateway.media.max-backoff", "400ms");
        }
    }

    @Inject
    SweeperService sweeper;
    @Inject
    TaskStore store;
    @Inject
    DynamoDbClient dynamo;
    @Inject
    CallbackTokens tokens;
    @Inject
    OutputCustody custody;
    @Inject
    MediaBucket bucket;
    @Inject
    S3Client s3;
    @ConfigProperty(name = "gateway.simulator.url")
    String simulatorUrl;

    SimulatorControl sim;

    @BeforeEach
    void reset() {
        sim = new SimulatorControl(simulatorUrl);
        sim.reset();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a gone file (404)|[sim:file=404]|\"model\":\"nano-banana-fast\",\"provider\":\"nbpcloud\"|HTTP 404",
            "an HTML error page|[sim:file=html]|\"model\":\"nano-banana-fast\",\"provider\":\"nbpcloud\"|not an image or a video",
            "a JSON body|[sim:file=json]|\"model\":\"nano-banana-fast\",\"provider\":\"nbpcloud\"|not an image or a video",
            "a server that stalls past the read timeout|[sim:file-ms=3000]|\"model\":\"nano-banana-fast\",\"provider\":\"nbpcloud\"|timed out",
            "a video over the cap|[sim:file-bytes=2000000]|\"model\":\"veo-3.1-fast\",\"video\":{\"duration_seconds\":4}|larger than the cap",
            "a download that breaks off|[sim:file=truncate]|\"model\":\"nano-banana-fast\",\"provider\":\"nbpcloud\"|broke off"})
    void aCopyThatKeepsFailingIsRetriedUntilTheDeadlineThenEndsWithTheProviderUrlsKept(String name, String fault,
            String fields, String reason) throws Exception {
        String prompt = unique(fault + " unlucky banana");
        String id = submit("{\"prompt\":\"" + prompt + "\"," + fields + "}");

        JsonPath storing = sweepUntil(id, v -> storeFailures(id) >= 2);
        assertEquals("RUNNING", storing.getString("status"), "never SUCCEEDED without its outputs");
        assertEquals(100, storing.getInt("progress"));
        assertEquals(Boolean.TRUE, storing.get("storing"));
        assertNull(storing.get("outputs[0].url"), "nothing to hand out yet");
        assertNotNull(storing.getString("outputs[0].source_url"));
        assertTrue(bucket.storedUnder("outputs/" + id + "/").isEmpty(), "nothing half-stored counts as stored");

        moveDeadlineIntoThePast(id);
        JsonPath failed = sweepUntil(id, v -> v.getString("status").equals("FAILED"));
        assertEquals("OUTPUT_STORE_FAILED", failed.getString("error.code"));
        assertTrue(failed.getString("error.message").contains(reason), failed.getString("error.message"));
        List<String> produced = resultUrls(failed.getString("provider"), prompt);
        assertEquals(produced, failed.getList("outputs.source_url"), "the provider's URLs are kept");
        assertNull(failed.get("storing"));
    }

    @Test
    void aLargeFilesCallbackIsAnsweredAtOnceAndTheSweeperFinishesTheCopy() throws Exception {
        String prompt = unique("[sim:no-callback] [sim:file-bytes=150000000] a very large banana");
        String id = submit("{\"prompt\":\"" + prompt + "\",\"model\":\"nano-banana-pro\",\"provider\":\"revid\"}");
        String revidTaskId = api().get("/v1/tasks/" + id).then().extract().path("attempts[0].provider_task_id");
        List<String> produced = awaitResultUrls("revid", prompt);

        Instant sent = Instant.now();
        json("{\"code\":200,\"msg\":\"success\",\"data\":{\"taskId\":\"" + revidTaskId + "\",\"state\":\"success\","
                + "\"resultJson\":\"{\\\"resultUrls\\\":[\\\"" + produced.get(0) + "\\\"]}\"}}")
                .post("/v1/callbacks/revid/" + id + "?token=" + tokens.tokenFor(ProviderId.of("revid"), id))
                .then().statusCode(200).body("applied", equalTo(true));
        Duration answeredIn = Duration.between(sent, Instant.now());
        // the answer did not wait for the copy: it began the download, gave it up at its budget (nothing
        // in the bucket, the file never served whole) and handed the task over; no stopwatch needed
        JsonNode download = downloadsOf(produced.get(0));
        assertEquals(1, download.path("started").size(), download.toString());
        assertEquals(0, download.path("completed").asInt(), "answered before the file was downloaded: " + download);
        assertTrue(bucket.storedUnder("outputs/" + id + "/").isEmpty(), "answered before anything was stored");
        System.out.println("the 150 MB callback was answered in " + answeredIn);

        JsonPath handedOver = api().get("/v1/tasks/" + id).then().extract().jsonPath();
        assertEquals("RUNNING", handedOver.getString("status"));
        assertEquals(100, handedOver.getInt("progress"));
        assertEquals(Boolean.TRUE, handedOver.get("storing"));

        Instant copying = Instant.now();
        JsonPath done = sweepUntil(id, v -> v.getString("status").equals("SUCCEEDED"));
        System.out.println("150 MB stored in " + Duration.between(copying, Instant.now()));
        assertEquals(1, downloadsOf(produced.get(0)).path("completed").asInt(), "the sweeper's copy, once");
        assertEquals(150_000_000L, done.getLong("outputs[0].size_bytes"));
        assertEquals(MediaFiles.fetch(produced.get(0)).sha256(), MediaFiles.fetch(done.getString("outputs[0].url"))
                .sha256());
        assertEquals(64, done.getInt("outputs[0].width"));
    }

    /**
     * The promise rests on the callback's copy budget, which bounds the copy inside a callback (the
     * test above shows the hand-over): as deployed, it leaves room below the promise for the writes
     * around the copy.
     */
    @Test
    void theDeployedCallbackCopyBudgetKeepsTheAnswerWithinThePromise() {
        Duration deployed = TestConfigs.gateway(Map.of()).media().callbackCopyBudget();
        assertTrue(deployed.plus(CALLBACK_WRITES_MARGIN).compareTo(CALLBACK_ANSWER_BOUND) <= 0,
                "gateway.media.callback-copy-budget defaults to " + deployed);
    }

    @Test
    void aProcessKilledBetweenTheUploadAndTheStateWriteLosesNothingAndNeverDownloadsAgain() throws Exception {
        Task task = storingTask("[sim:file-bytes=12000000] crash banana");
        String source = task.outputs().get(0).url();
        String sha256 = MediaFiles.fetch(source).sha256();
        // the dying writer: it took the lease, uploaded the file (and its record), and died before the state write
        Instant lease = Instant.now().plusSeconds(1);
        assertTrue(store.update(TaskUpdate.of(task.id()).claimStoreLease(lease, Instant.now())).applied());
        StoredFile uploaded = bucket.copy(source, OutputCustody.outputKeyBase(task.id(), 0),
                Instant.now().plusSeconds(30));
        sim.reset(); // the provider's file is gone from now on: only the stored copy can complete the task
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), lease).plusMillis(50).toMillis()));

        JsonPath done = sweepUntil(task.id(), v -> v.getString("status").equals("SUCCEEDED"));
        assertEquals(uploaded.key(), done.getString("outputs[0].url").replaceAll(".*/(outputs/[^?]+)\\?.*", "$1"));
        assertEquals(sha256, done.getString("outputs[0].sha256"));
        assertEquals(sha256, MediaFiles.fetch(done.getString("outputs[0].url")).sha256());
    }

    @Test
    void aCallbackAndASweeperStoringTheSameTaskAtOnceStoreItOnce() throws Exception {
        Task task = storingTask("[sim:file-bytes=30000000] contested banana");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<TransitionResult> copier = () -> custody.store(task, Duration.ofSeconds(30));
            List<Future<TransitionResult>> racing = List.of(pool.submit(copier), pool.submit(copier));
            List<TransitionResult> results = new ArrayList<>();
            for (Future<TransitionResult> r : racing) {
                results.add(r.get());
            }
            assertEquals(1, results.stream().filter(r -> r == null).count(), "one of them found the copy taken");
            TransitionResult winner = results.stream().filter(r -> r != null).findFirst().orElseThrow();
            assertEquals(TaskState.SUCCEEDED, winner.task().state());
        } finally {
            pool.shutdownNow();
        }
        long objects = s3.listObjectsV2(b -> b.bucket(bucket.bucket()).prefix("outputs/" + task.id() + "/"))
                .contents().size();
        assertEquals(2, objects, "one file and its record");
        Task done = store.get(task.id()).orElseThrow();
        assertEquals(TaskState.SUCCEEDED, done.state());
        // a late sweep or callback finds nothing left to do and changes nothing
        assertNull(custody.store(done, Duration.ofSeconds(5)));
        assertEquals(done.version(), store.get(task.id()).orElseThrow().version());
    }

    // ---- helpers ----

    /** A task whose provider succeeded (at the simulator, with real files), written as the transition writes it. */
    private Task storingTask(String directives) throws Exception {
        String prompt = unique("[sim:no-callback] " + directives);
        String id = submit("{\"prompt\":\"" + prompt + "\",\"model\":\"nano-banana-pro\",\"provider\":\"revid\"}");
        List<String> produced = awaitResultUrls("revid", prompt);
        TransitionResult r = store.update(TaskUpdate.of(id).state(TaskState.RUNNING).progress(100).storing(true)
                .outputs(produced.stream().map(dev.bananagateway.model.Output::of).toList())
                .nextCheckAt(Instant.now().plusSeconds(3600)));
        assertTrue(r.applied());
        return r.task();
    }

    /** The simulator's count of the downloads of one file. */
    private JsonNode downloadsOf(String url) {
        return sim.downloads().stream().filter(d -> d.path("url").asText().equals(url)).findFirst()
                .orElseThrow(() -> new AssertionError(url + " was never downloaded"));
    }

    private static String unique(String prompt) {
        return prompt + " " + UUID.randomUUID();
    }

    private static String submit(String body) {
        return json(body).post("/v1/tasks").then().statusCode(202).extract().path("id");
    }

    private int storeFailures(String id) {
        return store.get(id).orElseThrow().storeFailures();
    }

    private List<String> resultUrls(String provider, String prompt) {
        List<String> urls = new ArrayList<>();
        List<JsonNode> tasks = sim.tasksWithPrompt(provider, prompt);
        if (!tasks.isEmpty() && tasks.get(0).hasNonNull("resultUrls")) {
            tasks.get(0).get("resultUrls").forEach(u -> urls.add(u.asText()));
        }
        return urls;
    }

    private List<String> awaitResultUrls(String provider, String prompt) throws InterruptedException {
        Instant until = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(until)) {
            List<String> urls = resultUrls(provider, prompt);
            if (!urls.isEmpty()) {
                return urls;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the simulator did not finish " + prompt);
    }

    /** Sweeps (the task made due each time, as its schedule would) until the view matches. */
    private JsonPath sweepUntil(String id, Predicate<JsonPath> done) throws InterruptedException {
        Instant until = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(until)) {
            JsonPath view = api().get("/v1/tasks/" + id).then().statusCode(200).extract().jsonPath();
            if (done.test(view)) {
                return view;
            }
            store.get(id).filter(t -> !t.terminal()).ifPresent(t ->
                    store.update(TaskUpdate.of(id).nextCheckAt(Instant.now().minusMillis(1))));
            sweeper.sweep(Duration.ZERO);
            Thread.sleep(100);
        }
        throw new AssertionError("task " + id + " did not get there");
    }

    private void moveDeadlineIntoThePast(String id) {
        dynamo.updateItem(b -> b.tableName(LocalStackTestResource.TABLE)
                .key(Map.of("pk", AttributeValue.fromS("TASK#" + id)))
                .updateExpression("SET deadline = :past")
                .expressionAttributeValues(Map.of(":past",
                        AttributeValue.fromN(Long.toString(Instant.now().minusSeconds(1).toEpochMilli())))));
    }
}
