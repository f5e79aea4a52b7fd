package dev.bananagateway.functions;

import static dev.bananagateway.testing.Api.api;
import static dev.bananagateway.testing.Api.json;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bananagateway.lifecycle.CallbackTokens;
import dev.bananagateway.lifecycle.SweeperService;
import dev.bananagateway.provider.ProviderId;
import dev.bananagateway.task.Task;
import dev.bananagateway.task.TaskState;
import dev.bananagateway.task.TaskStore;
import dev.bananagateway.task.TaskUpdate;
import dev.bananagateway.testing.CallbackReceiver;
import dev.bananagateway.testing.LocalStackTestResource;
import dev.bananagateway.testing.SimulatorControl;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/tasks/{id}/cancel} through the public API, on DynamoDB Local and the simulator. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class CancelTest {

    private static final String OWNER = "arn:aws:iam::123456789012:user/canceller";

    @Inject
    SweeperService sweeper;
    @Inject
    TaskStore store;
    @Inject
    CallbackTokens tokens;
    @ConfigProperty(name = "gateway.simulator.url")
    String simulatorUrl;

    SimulatorControl sim;

    @BeforeEach
    void reset() {
        sim = new SimulatorControl(simulatorUrl);
        sim.reset();
    }

    private static String unique(String prompt) {
        return prompt + " " + UUID.randomUUID();
    }

    /** A task at nbpcloud (polled, no callbacks) that finishes only after many polls. */
    private static String submitRunning(String prompt, String extraFields) {
        return json("{\"prompt\":\"" + prompt + " [sim:slow-polls=50]\",\"model\":\"nano-banana-fast\","
                + "\"provider\":\"nbpcloud\"" + extraFields + "}").header("x-local-principal", OWNER)
                .post("/v1/tasks").then().statusCode(202).extract().path("id");
    }

    private static io.restassured.response.Response cancel(String id, String principal) {
        return api().header("x-local-principal", principal).post("/v1/tasks/" + id + "/cancel");
    }

    @Test
    void aRunningTaskIsCanceledAndPollingStops() {
        String prompt = unique("canceled banana");
        String id = submitRunning(prompt, "");
        JsonPath view = cancel(id, OWNER).then().statusCode(200).contentType(equalTo("application/json"))
                .body("id", equalTo(id)).body("status", equalTo("CANCELED"))
                .body("cancellation.provider_canceled", equalTo(false))
                .body("cancellation.notice", containsString("nbpcloud was not asked to stop"))
                .body("cancellation.notice", containsString("may still finish the task and charge for it"))
                .extract().jsonPath();
        assertNotNull(view.getString("cancellation.canceled_at"));

        Task stored = store.get(id).orElseThrow();
        assertEquals(TaskState.CANCELED, stored.state());
        assertNull(stored.nextCheckAt(), "the task left the sweeper's index: no webhook is owed");
        int polls = sim.tasksWithPrompt("nbpcloud", prompt + " [sim:slow-polls=50]").get(0).get("polls").asInt();
        sweeper.sweep(Duration.ZERO);
        assertEquals(polls, sim.tasksWithPrompt("nbpcloud", prompt + " [sim:slow-polls=50]").get(0).get("polls")
                .asInt(), "no poll after the cancel");
        api().header("x-local-principal", OWNER).get("/v1/tasks/" + id).then().statusCode(200)
                .body("status", equalTo("CANCELED")).body("cancellation.provider_canceled", equalTo(false));
    }

    @Test
    void cancelingTwiceAnswersTheSameAndWritesNothing() {
        String id = submitRunning(unique("twice canceled banana"), "");
        String first = cancel(id, OWNER).then().statusCode(200).extract().asString();
        long version = store.get(id).orElseThrow().version();
        String second = cancel(id, OWNER).then().statusCode(200).extract().asString();
        assertEquals(first, second);
        assertEquals(version, store.get(id).orElseThrow().version(), "an idempotent cancel writes nothing");
    }

    @Test
    void aFinishedTaskCannotBeCanceled() {
        String id = json("{\"prompt\":\"" + unique("done banana") + "\",\"model\":\"nano-banana-fast\","
                + "\"provider\":\"nbpcloud\"}").header("x-local-principal", OWNER).post("/v1/tasks").then()
                .statusCode(202).extract().path("id");
        Task task = store.get(id).orElseThrow();
        // finished as a poll would finish it
        store.update(TaskUpdate.of(id).expectVersion(task.version()).state(TaskState.FAILED)
                .error(new dev.bananagateway.task.TaskError("GENERATION_FAILED", "failed", false)));
        long version = store.get(id).orElseThrow().version();
        cancel(id, OWNER).then().statusCode(409).contentType(equalTo("application/problem+json"))
                .body("code", equalTo("TASK_NOT_CANCELABLE")).body("task_id", equalTo(id))
                .body("detail", containsString("FAILED"));
        assertEquals(version, store.get(id).orElseThrow().version(), "a refused cancel writes nothing");
        assertEquals(TaskState.FAILED, store.get(id).orElseThrow().state());
    }

    @Test
    void anotherCallersTaskIsNotFound() {
        String id = submitRunning(unique("someone else's banana"), "");
        cancel(id, "arn:aws:iam::123456789012:user/mallory").then().statusCode(404)
                .contentType(equalTo("application/problem+json")).body("code", equalTo("TASK_NOT_FOUND"));
        assertEquals(TaskState.SUBMITTED, store.get(id).orElseThrow().state());
        cancel("tsk_AAAAAAAAAAAAAAAAAAAAAA", OWNER).then().statusCode(404).body("code", equalTo("TASK_NOT_FOUND"));
        cancel("not-an-id", OWNER).then().statusCode(404).body("code", equalTo("TASK_NOT_FOUND"));
    }

    @Test
    void aResultTheProviderReportsAfterTheCancelIsRecordedButNeverRevivesTheTask() throws Exception {
        String prompt = unique("[sim:no-callback] late banana");
        String id = json("{\"prompt\":\"" + prompt + "\",\"model\":\"nano-banana-pro\",\"provider\":\"revid\"}")
                .header("x-local-principal", OWNER).post("/v1/tasks").then().statusCode(202).extract().path("id");
        cancel(id, OWNER).then().statusCode(200).body("status", equalTo("CANCELED"))
                .body("cancellation.late_result", nullValue());
        String providerTaskId = store.get(id).orElseThrow().providerTaskId();
        assertNotNull(providerTaskId);

        // revid's own success callback, for this provider task, arrives after the cancel
        String body = Files.readString(Path.of("src/test/resources/providers/revid/callback-success.json"))
                .replace("e989621f54392584b05867f87b160672", providerTaskId);
        json(body).post("/v1/callbacks/revid/" + id + "?token=" + tokens.tokenFor(ProviderId.of("revid"), id))
                .then().statusCode(200).body("received", equalTo(true));

        JsonPath view = api().header("x-local-principal", OWNER).get("/v1/tasks/" + id).then().statusCode(200)
                .body("status", equalTo("CANCELED")).body("outputs.size()", equalTo(0))
                .body("cancellation.late_result.status", equalTo("SUCCEEDED"))
                .body("cancellation.late_result.outputs[0].url", equalTo("https://file.example.com/m/1.png"))
                .extract().jsonPath();
        assertNotNull(view.getString("cancellation.late_result.reported_at"));
        Task stored = store.get(id).orElseThrow();
        assertEquals(TaskState.CANCELED, stored.state());
        assertNull(stored.nextCheckAt(), "a late result puts nothing back in the sweeper's index");
    }

    @Test
    void theCallersWebhookSaysCanceled() throws Exception {
        try (CallbackReceiver receiver = new CallbackReceiver()) {
            String id = submitRunning(unique("hooked canceled banana"),
                    ",\"webhook_url\":\"" + receiver.url("/hook") + "\"");
            cancel(id, OWNER).then().statusCode(200);
            assertTrue(store.get(id).orElseThrow().nextCheckAt() != null, "due for its webhook");
            sweeper.sweep(Duration.ZERO);
            String delivered = receiver.next(Duration.ofSeconds(10));
            assertNotNull(delivered, "the webhook was sent");
            JsonNode event = dev.bananagateway.provider.Json.parse(delivered).orElseThrow();
            assertEquals("task.canceled", event.get("type").asText());
            assertEquals("CANCELED", event.at("/data/status").asText());
            assertEquals(false, event.at("/data/cancellation/provider_canceled").asBoolean(true));
            assertEquals("DELIVERED", store.get(id).orElseThrow().webhookState().name());
            assertNull(store.get(id).orElseThrow().nextCheckAt());
        }
    }

    @Test
    void aSubmitStillCallingTheProviderStopsAndRecordsWhatTheProviderAccepted() throws Exception {
        String owner = OWNER + "-" + UUID.randomUUID();
        // the provider creates the task at once but holds its answer back, under the read timeout
        String prompt = unique("[sim:answer-delay=1500] racing banana");
        var executor = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            var submitted = executor.submit(() -> json("{\"prompt\":\"" + prompt + "\",\"model\":\"nano-banana-fast\","
                    + "\"provider\":\"nbpcloud\"}").header("x-local-principal", owner).post("/v1/tasks").then()
                    .extract().response());
            String id = null;
            for (int i = 0; i < 400 && id == null; i++) {
                id = api().header("x-local-principal", owner).get("/v1/tasks?status=QUEUED").then().statusCode(200)
                        .extract().path("data[0].id");
                Thread.sleep(5);
            }
            assertNotNull(id, "the submit wrote its task ahead of the provider call");
            JsonPath canceled = cancel(id, owner).then().statusCode(200).body("status", equalTo("CANCELED"))
                    .extract().jsonPath();
            var answer = submitted.get(30, java.util.concurrent.TimeUnit.SECONDS);
            org.junit.jupiter.api.Assumptions.assumeTrue(canceled.getList("attempts").isEmpty(),
                    "the cancel landed after the provider's answer: the race was not reproduced on this run");
            assertEquals(202, answer.statusCode());
            assertEquals("CANCELED", answer.path("status"), "the submit shows the canceled task");
            Task stored = store.get(id).orElseThrow();
            assertEquals(TaskState.CANCELED, stored.state());
            assertEquals(1, stored.attempts().size(), "no failover after the cancel");
            assertEquals("ACCEPTED", stored.attempts().get(0).outcome());
            assertNotNull(stored.providerTaskId(), "the provider task the submit created is recorded");
            assertEquals(stored.providerTaskId(), sim.tasksWithPrompt("nbpcloud", prompt).get(0).get("taskId").asText());
            assertNull(stored.nextCheckAt(), "and it is not polled");
        } finally {
            executor.shutdownNow();
        }
    }
}
