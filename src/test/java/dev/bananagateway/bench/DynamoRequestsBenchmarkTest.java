package dev.bananagateway.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bananagateway.lifecycle.SweeperService;
import dev.bananagateway.task.TaskStore;
import dev.bananagateway.testing.LocalStackTestResource;
import dev.bananagateway.testing.SimulatorControl;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Part 2: DynamoDB requests per task lifecycle, counted on the application's own client by
 * {@link DynamoDbRequestCounter}. A lifecycle is: submit through the public API, completion (the
 * provider's callback, or the sweeper's poll), one status read. Counted over a batch of tasks, so the
 * sweeper's index queries (shared by every task due in a pass) come out amortized per task.
 */
@QuarkusTest
@TestProfile(BenchProfile.class)
@QuarkusTestResource(LocalStackTestResource.class)
@Tag("bench")
@Order(2)
class DynamoRequestsBenchmarkTest {

    static final String CALLBACK_PART = "requests-callback";
    static final String POLLING_PART = "requests-polling";
    static final String WAITED_PART = "requests-waited";
    static final int WAIT_SECONDS = 20;
    /** Waited submits in flight at once: each holds a connection until its task ends. */
    private static final int WAITING_CALLERS = 10;
    static final String BUDGETED_PART = "requests-budgeted";
    private static final int TASKS = Integer.getInteger("bench.requests.tasks", 50);

    @ConfigProperty(name = "gateway.simulator.url")
    String simulatorUrl;
    @ConfigProperty(name = "gateway.poll.first", defaultValue = "3S")
    Duration firstPoll;
    @ConfigProperty(name = "gateway.providers.imgeditor.requests-per-minute")
    int budgetPerMinute;
    @Inject
    DynamoDbRequestCounter counter;
    @Inject
    SweeperService sweeper;
    @Inject
    TaskStore store;

    /** revid: submit, the simulator's callback completes the task, one status read. */
    @Test
    void callbackProviderLifecycle() throws InterruptedException {
        SimulatorControl sim = new SimulatorControl(simulatorUrl);
        sim.reset();
        SweeperIndex.assertEmpty(store);
        GatewayApi gateway = new GatewayApi(new BenchHttp());
        String prompt = "bench callback lifecycle " + UUID.randomUUID();

        counter.reset();
        List<String> ids = submitAll(gateway, prompt, "revid");
        awaitCallbacks(sim, prompt);
        readAllSucceeded(gateway, ids);
        Map<String, Long> calls = counter.calls();
        long attempts = counter.attempts();

        write(CALLBACK_PART, calls, counter.callsByItem(), attempts, Map.of());
    }

    /**
     * revid, submitted with {@code Prefer: wait=20}: the submit answers once the simulator's callback
     * has completed the task, so the caller needs no status read. What it costs beyond the callback
     * lifecycle is the waiting function's reads of the task.
     */
    @Test
    void waitedSubmitLifecycle() throws Exception {
        SimulatorControl sim = new SimulatorControl(simulatorUrl);
        sim.reset();
        SweeperIndex.assertEmpty(store);
        GatewayApi gateway = new GatewayApi(new BenchHttp());
        String prompt = "bench waited lifecycle " + UUID.randomUUID();

        counter.reset();
        java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(
                WAITING_CALLERS);
        try {
            List<java.util.concurrent.Future<JsonNode>> answers = new ArrayList<>();
            for (int i = 0; i < TASKS; i++) {
                String body = "{\"prompt\":\"" + prompt + " #" + i + "\",\"model\":\"nano-banana-pro\","
                        + "\"provider\":\"revid\"}";
                answers.add(callers.submit(() -> BenchHttp.expect(gateway.sendWaiting(body, WAIT_SECONDS), 200)));
            }
            for (java.util.concurrent.Future<JsonNode> answer : answers) {
                String status = answer.get(60, java.util.concurrent.TimeUnit.SECONDS).path("status").asText();
                if (!status.equals("SUCCEEDED")) {
                    throw new IllegalStateException("a waited submit answered " + status + ", not SUCCEEDED");
                }
            }
        } finally {
            callers.shutdownNow();
        }
        Map<String, Long> calls = counter.calls();
        long attempts = counter.attempts();

        write(WAITED_PART, calls, counter.callsByItem(), attempts, Map.of("wait-seconds", WAIT_SECONDS, "callers", WAITING_CALLERS));
    }

    /** nbpcloud: submit, the sweeper polls once (the simulator finishes on the first poll), one status read. */
    @Test
    void pollingProviderLifecycle() throws InterruptedException {
        SimulatorControl sim = new SimulatorControl(simulatorUrl);
        sim.reset();
        sim.settings("{\"provider\":\"nbpcloud\",\"pollsToFinish\":1}");
        SweeperIndex.assertEmpty(store);
        GatewayApi gateway = new GatewayApi(new BenchHttp());
        String prompt = "bench polling lifecycle " + UUID.randomUUID();

        counter.reset();
        List<String> ids = submitAll(gateway, prompt, "nbpcloud");
        // every task is due once its first poll delay has passed: one sweep then takes them all
        Thread.sleep(firstPoll.plusMillis(300).toMillis());
        SweeperService.SweepReport sweep = sweeper.sweep(Duration.ZERO);
        readAllSucceeded(gateway, ids);
        Map<String, Long> calls = counter.calls();
        long attempts = counter.attempts();

        if (sweep.polled() != TASKS || sweep.errors() != 0) {
            throw new IllegalStateException("the sweep did not poll each task once: " + sweep);
        }
        SweeperIndex.assertEmpty(store);
        write(POLLING_PART, calls, counter.callsByItem(), attempts, Map.of("sweep.examined", sweep.examined(),
                "sweep.polled", sweep.polled(), "shards", store.shards()));
    }

    /**
     * imgeditor, whose key has a request budget shared through the table: as the polling lifecycle,
     * plus one token taken for the create and one for the poll (one conditional UpdateItem each on the
     * budget item), counted apart.
     */
    @Test
    void budgetedProviderLifecycle() throws InterruptedException {
        SimulatorControl sim = new SimulatorControl(simulatorUrl);
        sim.reset();
        sim.settings("{\"provider\":\"imgeditor\",\"pollsToFinish\":1,\"requestsPerMinute\":100000}");
        SweeperIndex.assertEmpty(store);
        GatewayApi gateway = new GatewayApi(new BenchHttp());
        String prompt = "bench budgeted lifecycle " + UUID.randomUUID();

        counter.reset();
        List<String> ids = submitAll(gateway, prompt, "imgeditor");
        // imgeditor's polls are at least 3 s apart, so its tasks are first due after that
        Thread.sleep(firstPoll.plusMillis(300).toMillis());
        SweeperService.SweepReport sweep = sweeper.sweep(Duration.ZERO);
        if (sweep.budgetWaits() > 0) {
            // polls the budget put off are made when their tokens are back: counted too
            SweeperIndex.drain(sweeper, store, Duration.ofMinutes(2));
        }
        readAllSucceeded(gateway, ids);
        Map<String, Long> calls = counter.calls();
        long attempts = counter.attempts();

        if (sweep.errors() != 0) {
            throw new IllegalStateException("the sweep failed: " + sweep);
        }
        SweeperIndex.assertEmpty(store);
        write(BUDGETED_PART, calls, counter.callsByItem(), attempts, Map.of("sweep.examined", sweep.examined(),
                "sweep.polled", sweep.polled(), "sweep.budget-waits", sweep.budgetWaits(), "shards", store.shards(),
                "requests-per-minute", budgetPerMinute));
    }

    private static List<String> submitAll(GatewayApi gateway, String prompt, String provider) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
            ids.add(gateway.submit("{\"prompt\":\"" + prompt + " #" + i + "\",\"model\":\"nano-banana-pro\",\"provider\":\""
                    + provider + "\"}"));
        }
        return ids;
    }

    /** Waits until the simulator delivered every task's callback (the handler answers after its write). */
    private static void awaitCallbacks(SimulatorControl sim, String prompt) throws InterruptedException {
        Instant until = Instant.now().plusSeconds(60);
        while (true) {
            List<JsonNode> ours = sim.tasks("revid").stream()
                    .filter(t -> t.path("prompt").asText().startsWith(prompt)).toList();
            long delivered = ours.stream().filter(t -> t.path("callbacksSent").asInt() >= 1).count();
            if (ours.size() == TASKS && delivered == TASKS) {
                return;
            }
            if (Instant.now().isAfter(until)) {
                throw new IllegalStateException(delivered + " of " + TASKS + " callbacks were delivered");
            }
            Thread.sleep(100);
        }
    }

    private static void readAllSucceeded(GatewayApi gateway, List<String> ids) {
        for (String id : ids) {
            String status = gateway.status(id).path("status").asText();
            if (!status.equals("SUCCEEDED")) {
                throw new IllegalStateException("task " + id + " is " + status + ", not SUCCEEDED");
            }
        }
    }

    private static void write(String part, Map<String, Long> calls, Map<String, Long> byItem, long attempts,
            Map<String, ?> extra) {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("tasks", TASKS);
        figures.put("calls", calls.values().stream().mapToLong(Long::longValue).sum());
        figures.put("attempts", attempts);
        figures.put("operations", String.join(",", calls.keySet()));
        calls.forEach((operation, count) -> figures.put("op." + operation, count));
        figures.put("items", String.join(",", byItem.keySet()));
        byItem.forEach((key, count) -> figures.put("item." + key, count));
        figures.putAll(extra);
        BenchResults.write(part, figures);
    }
}
