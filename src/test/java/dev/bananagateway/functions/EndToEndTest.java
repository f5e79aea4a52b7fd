package dev.bananagateway.functions;

import org.junit.jupiter.params.provider.MethodSource;
import dev.bananagateway.testing.RegisteredProviders;
import static dev.bananagateway.testing.Api.api;
import static dev.bananagateway.testing.Api.json;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.bananagateway.lifecycle.CallbackTokens;
import dev.bananagateway.lifecycle.SweeperService;
import dev.bananagateway.provider.ProviderId;
import dev.bananagateway.local.LocalHttpServers;
import dev.bananagateway.task.TaskStore;
import dev.bananagateway.task.TaskUpdate;
import dev.bananagateway.testing.LocalStackTestResource;
import dev.bananagateway.testing.LogCapture;
import dev.bananagateway.testing.MediaFiles;
import dev.bananagateway.testing.SimulatorControl;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The product end to end: the public API (through the API Gateway bridge), DynamoDB Local and the
 * provider simulator, with the sweeper invoked as the schedule would.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
public class EndToEndTest {

    @Inject
    SweeperService sweeper;
    @Inject
    TaskStore store;
    @Inject
    DynamoDbClient dynamo;
    @Inject
    CallbackTokens tokens;
    @ConfigProperty(name = "gateway.simulator.url")
    String simulatorUrl;
    @ConfigProperty(name = "gateway.webhook-secret")
    String webhookSecret;

    SimulatorControl sim;

    @BeforeEach
    void reset() {
        sim = new SimulatorControl(simulatorUrl);
        sim.reset();
    }

    private static String unique(String prompt) {
        return prompt + " " + UUID.randomUUID();
    }

    private static String submit(String body) {
        return json(body).post("/v1/tasks").then().statusCode(202)
                .header("location", startsWith("/v1/tasks/tsk_")).extract().path("id");
    }

    /** Sweeps (as the schedule does) until the task is terminal; returns its view. */
    private JsonPath awaitTerminal(String id) throws InterruptedException {
        Instant until = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(until)) {
            JsonPath view = api().get("/v1/tasks/" + id).then().statusCode(200).extract().jsonPath();
            String status = view.getString("status");
            if (status.equals("SUCCEEDED") || status.equals("FAILED") || status.equals("CANCELED")) {
                return view;
            }
            pullDue(id);
            sweeper.sweep(Duration.ZERO);
            Thread.sleep(200);
        }
        throw new AssertionError("task " + id + " did not finish");
    }

    /** Makes the task due now, so tests need not wait out the real backoff. */
    private void pullDue(String id) {
        store.get(id).filter(t -> !t.terminal()).ifPresent(t ->
                store.update(TaskUpdate.of(id).nextCheckAt(Instant.now().minusMillis(1))));
    }

    /** Every registered provider, with the sample task from its test folder. */
    public static List<RegisteredProviders.Sample> registeredProviders() {
        return RegisteredProviders.samples();
    }

    @ParameterizedTest
    @MethodSource("registeredProviders")
    void everyProviderEndToEnd(RegisteredProviders.Sample sample) throws Exception {
        String provider = sample.provider().key();
        String prompt = unique("a banana for " + provider);
        String id = submit("{\"prompt\":\"" + prompt + "\"," + sample.jsonFields() + "}");
        JsonPath done = awaitTerminal(id);
        assertEquals("SUCCEEDED", done.getString("status"));
        assertEquals(provider, done.getString("provider"));
        assertEquals(100, done.getInt("progress"));
        List<JsonNode> simTasks = sim.tasksWithPrompt(provider, prompt);
        assertEquals(1, simTasks.size(), "submitted to the provider exactly once");
        List<String> produced = new ArrayList<>();
        simTasks.get(0).get("resultUrls").forEach(u -> produced.add(u.asText()));
        assertEquals(produced, done.getList("outputs.source_url"), "outputs are what the provider produced");
        assertEquals(simTasks.get(0).get("taskId").asText(), done.getString("attempts[0].provider_task_id"));
        assertStoredCopiesOf(produced, done);
    }

    /**
     * Each output is in the media bucket: its presigned URL downloads over HTTP exactly the bytes the
     * provider served (SHA-256), and the view states their digest, size and type.
     */
    static void assertStoredCopiesOf(List<String> produced, JsonPath done) {
        for (int n = 0; n < produced.size(); n++) {
            MediaFiles.Fetched original = MediaFiles.fetch(produced.get(n));
            String url = done.getString("outputs[" + n + "].url");
            assertTrue(url.contains("/outputs/" + done.getString("id") + "/" + n + ".")
                    && url.contains("X-Amz-Signature="), "a presigned link to the bucket's copy: " + url);
            assertNotNull(done.getString("outputs[" + n + "].expires_at"));
            MediaFiles.Fetched stored = MediaFiles.fetch(url);
            assertEquals(original.sha256(), stored.sha256(), "the stored bytes are the provider's");
            assertEquals(original.sha256(), done.getString("outputs[" + n + "].sha256"));
            assertEquals(original.size(), done.getLong("outputs[" + n + "].size_bytes"));
            assertEquals(original.contentType(), done.getString("outputs[" + n + "].content_type"));
        }
    }

    @ParameterizedTest
    @CsvSource({
            "nb-flash-2.5, nano-banana, crun, google/nano-banana",
            "nb-pro, nano-banana-pro, revid, nano-banana-pro",
            "nb-2, nano-banana-2, imgeditor, nano-banana-2",
            "nb-fast, nano-banana-fast, nbpcloud, nano-banana-fast",
            "seedream4, seedream-4, imgeditor, seedream4" })
    void anEarlierIdIsAnAliasForTheCurrentOne(String alias, String model, String provider, String providerModel) {
        String prompt = unique("alias banana");
        String id = json("{\"prompt\":\"" + prompt + "\",\"model\":\"" + alias + "\",\"provider\":\"" + provider
                + "\"}").post("/v1/tasks").then().statusCode(202).body("model", equalTo(model)).extract().path("id");
        api().get("/v1/tasks/" + id).then().statusCode(200).body("model", equalTo(model));
        String stored = dynamo.getItem(b -> b.tableName(LocalStackTestResource.TABLE)
                .key(Map.of("pk", AttributeValue.fromS("TASK#" + id)))).item().get("request").s();
        assertTrue(stored.contains("\"modelFamily\":\"" + model + "\""), stored);
        assertEquals(providerModel, sim.tasksWithPrompt(provider, prompt).get(0).get("model").asText(),
                "the provider is sent its own model name");
    }

    @Test
    void anAliasAndItsCurrentIdAreTheSameRequestForIdempotency() {
        String body = "{\"prompt\":\"" + unique("aliased idempotent banana") + "\",\"model\":\"nb-pro\"}";
        String key = "key-" + UUID.randomUUID();
        String id = json(body).header("Idempotency-Key", key).post("/v1/tasks").then().statusCode(202)
                .extract().path("id");
        json(body.replace("nb-pro", "nano-banana-pro")).header("Idempotency-Key", key).post("/v1/tasks").then()
                .statusCode(202).header("idempotent-replayed", "true").body("id", equalTo(id))
                .body("model", equalTo("nano-banana-pro"));
    }

    @Test
    void aTaskStoredUnderAnEarlierIdShowsTheCurrentOne() {
        String id = submit("{\"prompt\":\"" + unique("stored banana") + "\",\"model\":\"nano-banana-pro\","
                + "\"provider\":\"revid\"}");
        Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS("TASK#" + id));
        String request = dynamo.getItem(b -> b.tableName(LocalStackTestResource.TABLE).key(key)).item()
                .get("request").s();
        // as a task written before the rename would be
        dynamo.updateItem(b -> b.tableName(LocalStackTestResource.TABLE).key(key)
                .updateExpression("SET #r = :old").expressionAttributeNames(Map.of("#r", "request"))
                .expressionAttributeValues(Map.of(":old", AttributeValue.fromS(
                        request.replace("\"nano-banana-pro\"", "\"nb-pro\"")))));
        api().get("/v1/tasks/" + id).then().statusCode(200).body("model", equalTo("nano-banana-pro"));
    }

    @Test
    void videoThroughImgeditor() throws Exception {
        String id = submit("{\"prompt\":\"" + unique("a banana dancing") + "\",\"model\":\"veo-3.1-fast\","
                + "\"video\":{\"duration_seconds\":4,\"resolution\":\"720p\"}}");
        JsonPath done = awaitTerminal(id);
        assertEquals("SUCCEEDED", done.getString("status"));
        assertEquals("imgeditor", done.getString("provider"));
        assertTrue(done.getString("outputs[0].source_url").endsWith(".mp4"));
        assertEquals("video/mp4", done.getString("outputs[0].content_type"));
        assertStoredCopiesOf(done.getList("outputs.source_url"), done);
    }

    @Test
    void aCallbackCompletesTheTaskWithoutAnyPoll() throws Exception {
        String prompt = unique("callback banana");
        String id = submit("{\"prompt\":\"" + prompt + "\",\"model\":\"nano-banana-pro\",\"provider\":\"revid\"}");
        Instant until = Instant.now().plusSeconds(20);
        String status = "";
        while (Instant.now().isBefore(until) && !status.equals("SUCCEEDED")) {
            Thread.sleep(100);
            status = api().get("/v1/tasks/" + id).then().extract().path("status");
        }
        assertEquals("SUCCEEDED", status, "the provider's callback alone finished the task");
        assertEquals(0, sim.tasksWithPrompt("revid", prompt).get(0).get("polls").asInt());
    }

    @Test
    void theSweeperRecoversALostCallback() throws Exception {
        String prompt = unique("[sim:no-callback] lost banana");
        String id = submit("{\"prompt\":\"" + prompt + "\",\"model\":\"nano-banana\",\"provider\":\"crun\"}");
        Thread.sleep(1500);
        assertEquals("SUBMITTED", api().get("/v1/tasks/" + id).then().extract().path("status"),
                "no callback arrived");
        JsonPath done = awaitTerminal(id);
        assertEquals("SUCCEEDED", done.getString("status"));
        assertEquals(0, sim.tasksWithPrompt("crun", prompt).get(0).get("callbacksSent").asInt());
    }

    @Test
    void aFailedGenerationEndsFailedWithTheProvidersReason() throws Exception {
        String id = submit("{\"prompt\":\"" + unique("[sim:fail] doomed") + "\",\"model\":\"nano-banana-pro\","
                + "\"provider\":\"nbpcloud\"}");
        JsonPath done = awaitTerminal(id);
        assertEquals("FAILED", done.getString("status"));
        assertEquals("GENERATION_FAILED", done.getString("error.code"));
    }

    @Test
    void failoverToTheNextProviderOnRateLimit() throws Exception {
        // revid's is the cheapest documented nano-banana-pro price, so the router tries it first
        sim.fault("{\"provider\":\"revid\",\"operation\":\"create\",\"fault\":\"429\",\"count\":1}");
        String prompt = unique("failover banana");
        String id = json("{\"prompt\":\"" + prompt + "\",\"model\":\"nano-banana-pro\"}").post("/v1/tasks").then()
                .statusCode(202).extract().path("id");
        JsonPath view = api().get("/v1/tasks/" + id).then().extract().jsonPath();
        List<String> outcomes = view.getList("attempts.outcome");
        assertTrue(outcomes.size() >= 2, "at least one failover: " + outcomes);
        assertEquals("REJECTED", outcomes.get(0));
        assertEquals("RATE_LIMITED", view.getString("attempts[0].error_code"));
        assertEquals("ACCEPTED", outcomes.get(outcomes.size() - 1));
        assertEquals(view.getString("attempts[" + (outcomes.size() - 1) + "].provider"), view.getString("provider"));
        assertEquals("SUCCEEDED", awaitTerminal(id).getString("status"));
    }

    @Test
    void allProvidersFailingEndsTheTaskFailedWithItsAttempts() {
        for (String v : new String[] { "revid", "nbpcloud", "imgeditor" }) {
            sim.fault("{\"provider\":\"" + v + "\",\"operation\":\"create\",\"fault\":\"455\"}");
        }
        JsonPath problem = json("{\"prompt\":\"" + unique("nobody home") + "\",\"model\":\"nano-banana-pro\"}")
                .post("/v1/tasks").then().statusCode(503).contentType(startsWith("application/problem+json"))
                .body("code", equalTo("ALL_PROVIDERS_FAILED")).extract().jsonPath();
        String id = problem.getString("task_id");
        assertNotNull(id);
        assertEquals(3, problem.getList("attempts").size());
        api().get("/v1/tasks/" + id).then().body("status", equalTo("FAILED"))
                .body("attempts.size()", equalTo(3));
    }

    /**
     * A 408 (the server never read the request) and nbpcloud's documented create 500 (a misconfiguration,
     * in its JSON error shape) created nothing: the submit fails over past them like past a 429.
     */
    @Test
    void requestTimeoutsAndDocumentedMisconfigurationsFailOver() {
        String prompt = unique("[sim:imgeditor:create=408] [sim:nbpcloud:create=misconfigured] [sim:revid:create=429]"
                + " refused banana");
        JsonPath problem = json("{\"prompt\":\"" + prompt + "\",\"model\":\"nano-banana-pro\"}").post("/v1/tasks")
                .then().statusCode(503).body("code", equalTo("ALL_PROVIDERS_FAILED")).extract().jsonPath();
        assertEquals(List.of("REJECTED", "REJECTED", "REJECTED"), problem.getList("attempts.outcome"));
        for (String provider : new String[] {"imgeditor", "nbpcloud", "revid"}) {
            assertTrue(sim.tasksWithPrompt(provider, prompt).isEmpty(), provider + " made no task");
        }
    }

    @Test
    void noFailoverStartsThatCouldOutlastTheSubmitBudget() {
        // tests: budget 6 s, one call up to 3 s (connect 1 s + read 2 s); every provider refuses after
        // 1.7 s, so after two refusals a third call could end past the budget and is not made
        String prompt = unique("slow refusals [sim:latency=1700] [sim:create=503]");
        JsonPath problem = json("{\"prompt\":\"" + prompt + "\",\"model\":\"nano-banana-pro\"}").post("/v1/tasks").then()
                .statusCode(503).contentType(startsWith("application/problem+json"))
                .body("code", equalTo("ALL_PROVIDERS_FAILED")).extract().jsonPath();
        assertEquals(2, problem.getList("attempts").size(), "two providers called, the third not");
        api().get("/v1/tasks/" + problem.getString("task_id")).then()
                .body("status", equalTo("FAILED"))
                .body("error.code", equalTo("PROVIDER_UNAVAILABLE"))
                .body("error.message", containsString("no time was left"))
                .body("attempts.size()", equalTo(2));
    }

    @Test
    void anUncertainCreateIsNeverResubmitted() {
        String prompt = unique("[sim:create=500] maybe banana");
        json("{\"prompt\":\"" + prompt + "\",\"model\":\"nano-banana-pro\",\"provider\":\"nbpcloud\"}").post("/v1/tasks")
                .then().statusCode(502).body("code", equalTo("SUBMISSION_UNCERTAIN"));
        assertEquals(1, sim.tasksWithPrompt("nbpcloud", prompt).get(0).get("createCount").asInt());
    }

    @Test
    void idempotentReplaysAndRacesCallTheProviderOnce() throws Exception {
        String prompt = unique("idempotent banana");
        String body = "{\"prompt\":\"" + prompt + "\",\"model\":\"nano-banana-pro\",\"provider\":\"revid\"}";
        String key = "key-" + UUID.randomUUID();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> ids = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                ids.add(pool.submit(() -> {
                    go.await();
                    return submitHonouringRetryAfter(body, key);
                }));
            }
            go.countDown();
            String first = ids.get(0).get();
            for (Future<String> f : ids) {
                assertEquals(first, f.get(), "every concurrent submit gets the same task");
            }
        } finally {
            pool.shutdownNow();
        }
        json(body).header("Idempotency-Key", key).post("/v1/tasks").then().statusCode(202)
                .header("idempotent-replayed", "true");
        assertEquals(1, sim.tasksWithPrompt("revid", prompt).size());
        assertEquals(1, sim.tasksWithPrompt("revid", prompt).get(0).get("createCount").asInt());
        json(body.replace("nano-banana-pro", "nano-banana")).header("Idempotency-Key", key).post("/v1/tasks").then()
                .statusCode(422).body("code", equalTo("IDEMPOTENCY_KEY_REUSED"));
    }

    /**
     * A client of an idempotent submit: a 409 (the first submit with the key has not answered yet)
     * says when to retry; then the answer is the first submit's.
     */
    private static String submitHonouringRetryAfter(String body, String key) throws InterruptedException {
        for (int i = 0; i < 30; i++) {
            io.restassured.response.Response r = json(body).header("Idempotency-Key", key).post("/v1/tasks").then()
                    .extract().response();
            if (r.statusCode() != 409) {
                assertEquals(202, r.statusCode(), r.asString());
                return r.path("id");
            }
            assertEquals("IDEMPOTENT_REQUEST_IN_PROGRESS", r.path("code"));
            Thread.sleep(Long.parseLong(r.header("retry-after")) * 1000);
        }
        throw new AssertionError("the first submit never answered");
    }

    @Test
    void duplicateAndLateCallbacksAreHarmless() throws Exception {
        String prompt = unique("[sim:duplicate-callback] twice banana");
        String id = submit("{\"prompt\":\"" + prompt + "\",\"model\":\"nano-banana-pro\",\"provider\":\"revid\"}");
        JsonPath done = awaitTerminal(id);
        assertEquals("SUCCEEDED", done.getString("status"));
        String callbackUrl = sim.tasksWithPrompt("revid", prompt).get(0).get("callbackUrl").asText();
        String path = callbackUrl.substring(callbackUrl.indexOf("/v1/callbacks/"));
        // a late, contradicting delivery after the task ended changes nothing
        json("{\"code\":501,\"msg\":\"failed\",\"data\":{\"taskId\":\"" + done.getString("attempts[0].provider_task_id")
                + "\",\"state\":\"fail\",\"failCode\":\"500\",\"failMsg\":\"late\"}}").post(path).then().statusCode(200);
        api().get("/v1/tasks/" + id).then().body("status", equalTo("SUCCEEDED"))
                .body("updated_at", equalTo(done.getString("updated_at")));
        // a forged token for the same task is refused
        json("{}").post(path.replaceAll("token=[^&]+", "token=forged")).then().statusCode(401);
    }

    /**
     * revid refused the create with 429 after being handed its callback URL; the task failed over and
     * another provider holds it. A callback at revid's path with revid's valid token and a body without
     * a task id (revid's parser accepts that) must not complete the task with its planted output.
     */
    @Test
    void aCallbackFromTheProviderThatRefusedTheCreateIsNotAppliedAfterFailover() throws Exception {
        // nano-banana goes revid (documented price), then imgeditor, crun, nbpcloud: the first three refuse
        String prompt = unique("[sim:imgeditor:create=429] [sim:crun:create=429] [sim:revid:create=429] failed-over banana");
        String id = submit("{\"prompt\":\"" + prompt + "\",\"model\":\"nano-banana\"}");
        JsonPath submitted = api().get("/v1/tasks/" + id).then().extract().jsonPath();
        assertEquals("nbpcloud", submitted.getString("provider"));
        assertEquals(List.of("revid", "imgeditor", "crun", "nbpcloud"), submitted.getList("attempts.provider"));
        assertEquals("RATE_LIMITED", submitted.getString("attempts[0].error_code"));

        String token = tokens.tokenFor(ProviderId.of("revid"), id);
        try (LogCapture logs = LogCapture.install()) {
            json("""
                    {"code":200,"msg":"success","data":{"state":"success",
                     "resultJson":"{\\"resultUrls\\":[\\"https://evil.example/planted.png\\"]}"}}
                    """).post("/v1/callbacks/revid/" + id + "?token=" + token).then().statusCode(200)
                    .body("received", equalTo(true)).body("applied", equalTo(false));
            assertTrue(logs.lines().stream().anyMatch(l -> l.contains("callback not applied") && l.contains(id)),
                    "the refused callback is logged");
            assertFalse(logs.lines().stream().anyMatch(l -> l.contains(token)), "the token is never logged");
        }
        api().get("/v1/tasks/" + id).then().body("status", equalTo("SUBMITTED"))
                .body("outputs.size()", equalTo(0))
                .body("updated_at", equalTo(submitted.getString("updated_at")));

        JsonPath done = awaitTerminal(id);
        assertEquals("SUCCEEDED", done.getString("status"));
        List<String> produced = new ArrayList<>();
        sim.tasksWithPrompt("nbpcloud", prompt).get(0).get("resultUrls").forEach(u -> produced.add(u.asText()));
        assertEquals(produced, done.getList("outputs.source_url"), "the outputs are the holding provider's");
    }

    /** The same the other way round: crun refused, revid holds the task; crun's path cannot report it, even naming revid's task. */
    @Test
    void aCallbackAtAnotherProvidersPathIsNotAppliedEvenNamingTheTasksProviderTaskId() throws Exception {
        String prompt = unique("[sim:imgeditor:create=429] [sim:crun:create=429] [sim:revid:no-callback] revid banana");
        String id = submit("{\"prompt\":\"" + prompt + "\",\"model\":\"nano-banana\"}");
        JsonPath submitted = api().get("/v1/tasks/" + id).then().extract().jsonPath();
        assertEquals("revid", submitted.getString("provider"));
        String revidTaskId = submitted.getString("attempts[2].provider_task_id");

        json("{\"task_id\":\"" + revidTaskId + "\",\"status\":\"success\","
                + "\"result\":{\"media_urls\":[\"https://evil.example/planted.png\"]}}")
                .post("/v1/callbacks/crun/" + id + "?token=" + tokens.tokenFor(ProviderId.of("crun"), id)).then()
                .statusCode(200).body("applied", equalTo(false));
        api().get("/v1/tasks/" + id).then().body("status", equalTo("SUBMITTED"))
                .body("updated_at", equalTo(submitted.getString("updated_at")));
        assertEquals("SUCCEEDED", awaitTerminal(id).getString("status"));
        assertFalse(api().get("/v1/tasks/" + id).then().extract().jsonPath().getList("outputs.source_url")
                .contains("https://evil.example/planted.png"));
    }

    @Test
    void aCallbackWithoutTheProviderTaskIdIsNotAppliedToATaskThatHasOne() throws Exception {
        String prompt = unique("[sim:no-callback] anonymous callback banana");
        String id = submit("{\"prompt\":\"" + prompt + "\",\"model\":\"nano-banana-pro\",\"provider\":\"revid\"}");
        JsonPath submitted = api().get("/v1/tasks/" + id).then().extract().jsonPath();
        String path = "/v1/callbacks/revid/" + id + "?token=" + tokens.tokenFor(ProviderId.of("revid"), id);
        json("""
                {"code":501,"msg":"failed","data":{"state":"fail","failCode":"500","failMsg":"planted failure"}}
                """).post(path).then().statusCode(200).body("applied", equalTo(false));
        api().get("/v1/tasks/" + id).then().body("status", equalTo("SUBMITTED"))
                .body("updated_at", equalTo(submitted.getString("updated_at")));
        assertEquals("SUCCEEDED", awaitTerminal(id).getString("status"));
    }

    @Test
    void aTaskPastItsDeadlineEndsTimedOut() throws Exception {
        String id = submit("{\"prompt\":\"" + unique("[sim:slow-polls=1000] [sim:no-callback] slow banana")
                + "\",\"model\":\"nano-banana\",\"provider\":\"crun\"}");
        // the deadline is fixed at submit; the test moves it into the past directly on the item
        dynamo.updateItem(b -> b.tableName(LocalStackTestResource.TABLE)
                .key(Map.of("pk", AttributeValue.fromS("TASK#" + id)))
                .updateExpression("SET deadline = :past")
                .expressionAttributeValues(Map.of(":past",
                        AttributeValue.fromN(Long.toString(Instant.now().minusSeconds(1).toEpochMilli())))));
        pullDue(id);
        sweeper.sweep(Duration.ZERO);
        JsonPath view = api().get("/v1/tasks/" + id).then().extract().jsonPath();
        assertEquals("FAILED", view.getString("status"));
        assertEquals("TIMEOUT", view.getString("error.code"));
    }

    @Test
    void theCallersWebhookIsSignedPerStandardWebhooks() throws Exception {
        LinkedBlockingQueue<Map<String, String>> received = new LinkedBlockingQueue<>();
        java.util.concurrent.atomic.AtomicInteger deliveries = new java.util.concurrent.atomic.AtomicInteger();
        HttpServer receiver = LocalHttpServers.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                received.add(Map.of("id", exchange.getRequestHeaders().getFirst("webhook-id"),
                        "timestamp", exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                        "signature", exchange.getRequestHeaders().getFirst("webhook-signature"),
                        "body", new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                exchange.sendResponseHeaders(deliveries.incrementAndGet() == 1 ? 500 : 204, -1);
            }
        });
        receiver.start();
        try {
            String hook = "http://localhost:" + receiver.getAddress().getPort() + "/hook";
            String id = submit("{\"prompt\":\"" + unique("hooked banana") + "\",\"model\":\"nano-banana-fast\","
                    + "\"provider\":\"nbpcloud\",\"webhook_url\":\"" + hook + "\"}");
            awaitTerminal(id);
            Map<String, String> first = received.poll(10, TimeUnit.SECONDS);
            assertNotNull(first, "the webhook was sent");
            // first delivery answered 500: the sweeper retries with the same webhook-id
            pullWebhookDue(id);
            sweeper.sweep(Duration.ZERO);
            Map<String, String> second = received.poll(10, TimeUnit.SECONDS);
            assertNotNull(second, "the webhook was retried");
            assertEquals(first.get("id"), second.get("id"));
            for (Map<String, String> delivery : List.of(first, second)) {
                assertEquals(independentSignature(delivery), delivery.get("signature"));
                assertTrue(delivery.get("body").contains("\"id\":\"" + id + "\""));
                assertTrue(delivery.get("body").contains("\"type\":\"task.succeeded\""));
            }
            api().get("/v1/tasks/" + id).then().body("status", equalTo("SUCCEEDED"));
            assertEquals("DELIVERED", store.get(id).orElseThrow().webhookState().name());
        } finally {
            receiver.stop(0);
        }
    }

    private void pullWebhookDue(String id) {
        var t = store.get(id).orElseThrow();
        store.recordWebhook(id, t.version(), t.webhookState(), Instant.now().minusMillis(1));
    }

    /** The spec's algorithm written out here, independent of the gateway's signer. */
    private String independentSignature(Map<String, String> delivery) throws Exception {
        byte[] key = Base64.getDecoder().decode(webhookSecret.substring("whsec_".length()));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        String signed = delivery.get("id") + "." + delivery.get("timestamp") + "." + delivery.get("body");
        return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
    }
}
