package dev.bananagateway.functions;

import static dev.bananagateway.testing.Api.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bananagateway.testing.Api;
import dev.bananagateway.testing.LocalStackTestResource;
import dev.bananagateway.testing.SimulatorControl;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Idempotency without dead ends, through the public API: a submit that died between claiming its
 * key and writing its task leaves a key that answers 409 at once with Retry-After and is taken over
 * after the claim grace; a replay gets the first answer's status and body, a 503 refusal included.
 */
@QuarkusTest
@TestProfile(ClaimCrashProfile.class)
@QuarkusTestResource(LocalStackTestResource.class)
class IdempotencyTest {

    private final SimulatorControl sim = new SimulatorControl(
            ConfigProvider.getConfig().getValue("gateway.simulator.url", String.class));

    private static Response submit(String body, String key) {
        return json(body).header("Idempotency-Key", key).post("/v1/tasks").then().extract().response();
    }

    /** Three keys at once, each first submit killed between claim and task write (as kill -9 did). */
    @Test
    void aSubmitThatDiedBetweenClaimAndTaskWriteLeavesNoDeadKey() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> keys = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                keys.add(callers.submit(() -> {
                    recoversFromACrashBetweenClaimAndTaskWrite();
                    return null;
                }));
            }
            for (Future<?> key : keys) {
                key.get(60, TimeUnit.SECONDS);
            }
        } finally {
            callers.shutdownNow();
        }
    }

    private void recoversFromACrashBetweenClaimAndTaskWrite() throws InterruptedException {
        String prompt = "claimed banana " + ClaimCrashStore.CRASH_MARKER + " " + UUID.randomUUID();
        String body = "{\"prompt\":\"" + prompt + "\",\"model\":\"nano-banana-pro\",\"provider\":\"revid\"}";
        String key = "crash-" + UUID.randomUUID();
        long started = System.nanoTime();
        assertEquals(500, submit(body, key).statusCode(), "the first submit dies after claiming the key");
        assertEquals(0, sim.tasksWithPrompt("revid", prompt).size(), "it died before any provider call");

        Response busy = submit(body, key);
        // the claim was written after `started`: an answer back before started + grace was decided
        // inside the grace and must be a 409; a busy machine may only get here later, when the
        // takeover is the right answer
        if (Duration.ofNanos(System.nanoTime() - started).compareTo(ClaimCrashProfile.CLAIM_GRACE) < 0) {
            assertEquals(409, busy.statusCode(), busy.asString());
        }
        if (busy.statusCode() == 409) {
            assertEquals("IDEMPOTENT_REQUEST_IN_PROGRESS", busy.path("code"));
            assertTrue(busy.contentType().startsWith("application/problem+json"));
        }

        // a client that honours Retry-After gets 409 until the claim grace has passed, then the key
        Response taken = busy;
        int rounds = 0;
        while (taken.statusCode() == 409) {
            long retryAfter = Long.parseLong(taken.header("retry-after"));
            assertTrue(retryAfter >= 1 && retryAfter <= ClaimCrashProfile.CLAIM_GRACE.toSeconds(), "" + retryAfter);
            assertTrue(++rounds <= 2 * ClaimCrashProfile.CLAIM_GRACE.toSeconds() + 10, "the key stays dead");
            Thread.sleep(Duration.ofSeconds(retryAfter).toMillis());
            taken = submit(body, key);
        }
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(ClaimCrashProfile.CLAIM_GRACE) >= 0,
                "not taken over before the claim grace");
        assertEquals(202, taken.statusCode(), taken.asString());
        assertEquals(null, taken.header("idempotent-replayed"), "the takeover is a new submit, not a replay");
        String id = taken.path("id");

        Response replay = submit(body, key);
        assertEquals(202, replay.statusCode());
        assertEquals("true", replay.header("idempotent-replayed"));
        assertEquals("/v1/tasks/" + id, replay.header("location"));
        assertEquals(taken.asString(), replay.asString(), "the replay is the first answer");
        assertEquals(1, sim.tasksWithPrompt("revid", prompt).size());
        assertEquals(1, sim.tasksWithPrompt("revid", prompt).get(0).get("createCount").asInt());
    }

    @Test
    void aRefusalReplaysAsTheSameRefusal() {
        String prompt = "[sim:create=503] refused banana " + UUID.randomUUID();
        String body = "{\"prompt\":\"" + prompt + "\",\"model\":\"nano-banana-pro\"}";
        String key = "refused-" + UUID.randomUUID();
        Response first = submit(body, key);
        assertEquals(503, first.statusCode(), first.asString());
        assertEquals("ALL_PROVIDERS_FAILED", first.path("code"));
        String taskId = first.path("task_id");
        int attempts = Api.api().get("/v1/tasks/" + taskId).then().statusCode(200).extract()
                .<List<?>>path("attempts").size();

        Response replay = submit(body, key);
        assertEquals(503, replay.statusCode(), "a 503 refusal replays as 503, not as 202");
        assertEquals("true", replay.header("idempotent-replayed"));
        assertTrue(replay.contentType().startsWith("application/problem+json"));
        assertEquals(first.asString(), replay.asString());
        assertEquals(attempts, Api.api().get("/v1/tasks/" + taskId).then().extract().<List<?>>path("attempts").size(),
                "the replay called no provider");
    }

    @Test
    void anAcceptedSubmitReplaysItsFirstAnswerAfterTheTaskMovedOn() throws InterruptedException {
        String body = "{\"prompt\":\"replayed banana " + UUID.randomUUID() + "\",\"model\":\"nano-banana-pro\","
                + "\"provider\":\"revid\"}";
        String key = "accepted-" + UUID.randomUUID();
        Response first = submit(body, key);
        assertEquals(202, first.statusCode());
        String id = first.path("id");
        String accepted = first.path("status");
        String status = accepted;
        // the provider's callback moves it on (RUNNING while its output is stored, then SUCCEEDED)
        for (int i = 0; i < 300 && accepted.equals(status); i++) {
            Thread.sleep(100);
            status = Api.api().get("/v1/tasks/" + id).then().extract().path("status");
        }
        assertNotEquals(accepted, status, "the task moved on");
        Response replay = submit(body, key);
        assertEquals(202, replay.statusCode());
        assertEquals(first.asString(), replay.asString(), "the first answer, not the task's view now");
        assertEquals(accepted, replay.path("status"));
    }
}
