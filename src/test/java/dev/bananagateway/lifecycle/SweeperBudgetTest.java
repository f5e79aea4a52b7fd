package dev.bananagateway.lifecycle;

import static dev.bananagateway.testing.Api.api;
import static dev.bananagateway.testing.Api.json;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bananagateway.testing.CallbackReceiver;
import dev.bananagateway.testing.LocalStackTestResource;
import dev.bananagateway.testing.SimulatorControl;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A sweeper run ends everything it started within its budget, however slow the providers are, so a
 * Lambda run never outlasts its timeout (which would count as a function error and leave its last
 * writes undone). What a run leaves is still due, and the next run finishes it.
 */
@QuarkusTest
@TestProfile(SweeperBudgetTest.Profile.class)
@QuarkusTestResource(LocalStackTestResource.class)
class SweeperBudgetTest {

    /**
     * One provider call takes at most 1 s + 5 s here, one webhook delivery at most 2 x 2 s; a task is
     * first due after the provider's shortest poll interval (2 s) rather than the default 3 s.
     */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.provider-calls.connect-timeout", "1S", "gateway.provider-calls.read-timeout", "5S",
                    "gateway.tasks.queued-grace", "30S", "gateway.webhooks.timeout", "2S",
                    "gateway.poll.first", "100ms");
        }
    }

    private static final Duration LONGEST_STEP = Duration.ofSeconds(6);
    /** A submitted task is first due after the provider's shortest poll interval (2 s), plus a margin. */
    private static final long FIRST_POLL_DUE_MS = 2300;

    @Inject
    SweeperService sweeper;
    @ConfigProperty(name = "gateway.simulator.url")
    String simulatorUrl;

    private SimulatorControl sim;

    @BeforeEach
    void finishOnFirstPoll() {
        sim = new SimulatorControl(simulatorUrl);
        sim.reset();
        sim.settings("{\"provider\":\"nbpcloud\",\"pollsToFinish\":1}");
    }

    @AfterEach
    void clearFaults() {
        sim.reset();
    }

    @Test
    void slowPollsDoNotMakeARunOutlastItsBudget() throws Exception {
        assertEquals(LONGEST_STEP, sweeper.minimumBudget());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            ids.add(submit("slow poll #" + i + " " + UUID.randomUUID(), null));
        }
        Thread.sleep(FIRST_POLL_DUE_MS);
        sim.fault("{\"provider\":\"nbpcloud\",\"operation\":\"poll\",\"fault\":\"latency\",\"latencyMs\":1500}");

        // tasks are taken for 9 - 6 = 3 s; 150 polls of 1.5 s on 16 workers would take 15 s
        SweeperService.SweepReport run = sweepWithin(Duration.ofSeconds(9));
        assertTrue(run.polled() > 0, "the run polled: " + run);
        assertTrue(run.polled() < ids.size(), "the run stopped taking tasks in time: " + run);
        assertEquals(0, run.errors(), run.toString());

        sim.clearFaults();
        sweeper.sweep(Duration.ZERO);
        for (String id : ids) {
            api().get("/v1/tasks/" + id).then().statusCode(200).body("status", equalTo("SUCCEEDED"));
        }
    }

    @Test
    void aWebhookThatCouldNotEndInTimeIsLeftForTheNextRun() throws Exception {
        try (CallbackReceiver receiver = new CallbackReceiver()) {
            String id = submit("late webhook " + UUID.randomUUID(), receiver.url("/hook"));
            Thread.sleep(FIRST_POLL_DUE_MS);
            // the run takes tasks for its first 2 s (8 s budget, 6 s longest step); the poll ends 4.5 s or
            // more into it, so a delivery that may take 4 s would end past it
            sim.fault("{\"provider\":\"nbpcloud\",\"operation\":\"poll\",\"fault\":\"latency\",\"latencyMs\":4500}");
            SweeperService.SweepReport first = sweepWithin(Duration.ofSeconds(8));
            assertEquals(1, first.advanced(), first.toString());
            assertEquals(0, first.webhooksSent(), first.toString());
            assertEquals(1, first.deferred(), first.toString());
            assertNull(receiver.next(Duration.ofMillis(200)), "no webhook was sent");
            api().get("/v1/tasks/" + id).then().body("status", equalTo("SUCCEEDED"));

            sim.clearFaults();
            SweeperService.SweepReport next = sweepWithin(Duration.ofSeconds(8));
            assertEquals(1, next.webhooksSent(), next.toString());
            String delivered = receiver.next(Duration.ofSeconds(1));
            assertNotNull(delivered, "the next run delivered the webhook");
            assertTrue(delivered.contains("\"task.succeeded\"") && delivered.contains(id), delivered);
        }
    }

    /** One budgeted run, as the scheduled function makes it; it must end within its budget. */
    private SweeperService.SweepReport sweepWithin(Duration budget) {
        long started = System.nanoTime();
        SweeperService.SweepReport run = sweeper.sweep(budget);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(took.compareTo(budget) <= 0, "the run took " + took + ", over its budget of " + budget);
        return run;
    }

    private static String submit(String prompt, String webhookUrl) {
        String hook = webhookUrl == null ? "" : ",\"webhook_url\":\"" + webhookUrl + "\"";
        return json("{\"prompt\":\"" + prompt + "\",\"model\":\"nano-banana-fast\",\"provider\":\"nbpcloud\"" + hook + "}")
                .post("/v1/tasks").then().statusCode(202).extract().path("id");
    }
}
