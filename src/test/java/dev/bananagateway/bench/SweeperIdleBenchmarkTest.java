package dev.bananagateway.bench;

import dev.bananagateway.lifecycle.SweepDispatcher;
import dev.bananagateway.lifecycle.SweeperService;
import dev.bananagateway.model.GenerationRequest;
import dev.bananagateway.task.Attempt;
import dev.bananagateway.task.DynamoTaskStore;
import dev.bananagateway.task.Task;
import dev.bananagateway.task.TaskIds;
import dev.bananagateway.task.TaskState;
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
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Part 5: what a scheduled sweep costs when there is nothing to do, and how long a worker stays for
 * one task due 20 s ahead. Timed: the scheduled run's dispatch over an empty index (it starts no
 * worker), one shard worker's run over an empty shard, and one worker's run over a shard whose only
 * task falls due 20 s after the run starts (the simulator finishes it on its first poll).
 */
@QuarkusTest
@TestProfile(BenchProfile.class)
@QuarkusTestResource(LocalStackTestResource.class)
@Tag("bench")
@Order(5)
class SweeperIdleBenchmarkTest {

    static final String PART = "sweeper-idle";
    private static final int REPEATS = 7;
    private static final Duration AHEAD = Duration.ofSeconds(20);

    @ConfigProperty(name = "gateway.simulator.url")
    String simulatorUrl;
    @ConfigProperty(name = "gateway.sweeper.run-budget")
    Duration runBudget;
    @Inject
    SweepDispatcher dispatcher;
    @Inject
    SweeperService sweeper;
    @Inject
    TaskStore store;
    @Inject
    DynamoTaskStore shards;
    @Inject
    DynamoDbRequestCounter counter;

    @Test
    void idleRunsEndAtOnceAndAWorkerStaysOnlyForWorkDueWithinItsBudget() throws Exception {
        SimulatorControl sim = new SimulatorControl(simulatorUrl);
        sim.reset();
        sim.settings("{\"provider\":\"nbpcloud\",\"pollsToFinish\":1}");
        SweeperIndex.assertEmpty(store);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("shards", store.shards());
        figures.put("run-budget-ms", runBudget.toMillis());
        figures.put("longest-step-ms", sweeper.minimumBudget().toMillis());

        List<Double> dispatches = new ArrayList<>();
        List<Double> workers = new ArrayList<>();
        for (int i = 0; i < REPEATS; i++) {
            counter.reset();
            long started = System.nanoTime();
            SweepDispatcher.Dispatch dispatch = dispatcher.dispatch();
            dispatches.add((System.nanoTime() - started) / 1e6);
            if (!dispatch.report().started().isEmpty()) {
                throw new IllegalStateException("an idle dispatch started workers: " + dispatch.report());
            }
            if (i == 0) {
                counter.callsByItem().forEach((key, count) -> figures.put("dispatch.calls." + key, count));
                figures.put("dispatch.items", String.join(",", counter.callsByItem().keySet()));
            }
            counter.reset();
            started = System.nanoTime();
            SweeperService.SweepReport idle = sweeper.sweepLeased(List.of(i % store.shards()), runBudget);
            workers.add((System.nanoTime() - started) / 1e6);
            if (idle.examined() != 0) {
                throw new IllegalStateException("an idle worker examined tasks: " + idle);
            }
            if (i == 0) {
                counter.callsByItem().forEach((key, count) -> figures.put("worker.calls." + key, count));
                figures.put("worker.items", String.join(",", counter.callsByItem().keySet()));
            }
        }
        figures.put("repeats", REPEATS);
        figures.put("dispatch.median-ms", median(dispatches));
        figures.put("dispatch.max-ms", dispatches.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
        figures.put("worker.median-ms", median(workers));
        figures.put("worker.max-ms", workers.stream().mapToDouble(Double::doubleValue).max().orElseThrow());

        // one task, due 20 s after the worker starts
        String providerTaskId = new BareNbpcloudCreate(new BenchHttp(), simulatorUrl).create("idle banana ahead");
        Instant now = Instant.now();
        Task task = task(providerTaskId, now, now.plus(AHEAD));
        if (!store.create(task)) {
            throw new IllegalStateException("task id collision");
        }
        int shard = shards.shardOf(task.id());
        long started = System.nanoTime();
        SweeperService.SweepReport ahead = sweeper.sweepLeased(List.of(shard), runBudget);
        double aheadMs = (System.nanoTime() - started) / 1e6;
        Task done = store.get(task.id()).orElseThrow();
        if (done.state() != TaskState.SUCCEEDED || ahead.polled() != 1) {
            throw new IllegalStateException("the worker did not finish the task due ahead: " + ahead + " " + done.state());
        }
        SweeperIndex.assertEmpty(store);
        figures.put("ahead.due-after-ms", AHEAD.toMillis());
        figures.put("ahead.run-ms", aheadMs);
        figures.put("ahead.polled", ahead.polled());
        figures.put("ahead.examined", ahead.examined());
        BenchResults.write(PART, figures);
    }

    private static Task task(String providerTaskId, Instant now, Instant due) {
        GenerationRequest request = GenerationRequest.image("nano-banana-pro", "idle banana ahead", List.of());
        return Task.builder().id(TaskIds.newId()).owner("bench-idle").request(request).state(TaskState.SUBMITTED)
                .version(2).provider("nbpcloud").providerTaskId(providerTaskId)
                .attempts(List.of(new Attempt("nbpcloud", providerTaskId, Attempt.ACCEPTED, null, null, null, now)))
                .createdAt(now).updatedAt(now).deadline(now.plus(Duration.ofMinutes(15)))
                .ttl(now.plus(Duration.ofDays(1)).getEpochSecond()).nextCheckAt(due).build();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
