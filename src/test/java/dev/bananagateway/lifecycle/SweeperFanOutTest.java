package dev.bananagateway.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bananagateway.config.GatewayConfig;
import dev.bananagateway.config.TestConfigs;
import dev.bananagateway.functions.WebhookTaskView;
import dev.bananagateway.local.InProcessShardWorkers;
import dev.bananagateway.model.GenerationRequest;
import dev.bananagateway.model.Output;
import dev.bananagateway.provider.ProviderId;
import dev.bananagateway.provider.ProviderStatus;
import dev.bananagateway.observability.Metrics;
import dev.bananagateway.provider.Providers;
import dev.bananagateway.task.Attempt;
import dev.bananagateway.task.DynamoTaskStore;
import dev.bananagateway.task.RequestBuckets;
import dev.bananagateway.task.SweeperLeases;
import dev.bananagateway.task.Task;
import dev.bananagateway.task.TaskIds;
import dev.bananagateway.task.TaskState;
import dev.bananagateway.task.TaskStore;
import dev.bananagateway.testing.LocalDynamo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The sweeper's fan-out without Quarkus, on DynamoDB Local and the real clock, each test on a table of
 * its own: an idle run ends at once, a run stays only for tasks due within its budget, a dispatch
 * starts workers only for shards with due work, a lease keeps two workers off one shard, and a
 * smaller shard count loses no task. Time margins come from the run budget and the longest step.
 */
class SweeperFanOutTest {

    /** One provider call takes at most 1 s (ScriptedProvider), one webhook delivery 2 x 1 s: the longest step is 2 s. */
    private static final Duration LONGEST_STEP = Duration.ofSeconds(2);
    private static final Duration BUDGET = Duration.ofSeconds(8);
    private static final int SHARDS = 4;

    private static DynamoDbClient dynamo;
    private final Clock clock = Clock.systemUTC();
    private final List<InProcessShardWorkers> started = new ArrayList<>();
    private ScriptedProvider nbpcloud;
    private String table;

    @BeforeAll
    static void startDynamo() {
        dynamo = LocalDynamo.client();
    }

    @AfterAll
    static void closeDynamo() {
        dynamo.close();
    }

    @BeforeEach
    void freshTable() {
        table = LocalDynamo.newTable(dynamo);
        nbpcloud = ScriptedProvider.polling(ProviderId.of("nbpcloud"));
    }

    @AfterEach
    void stopWorkers() {
        started.forEach(InProcessShardWorkers::stop);
    }

    @Test
    void anIdleRunEndsAtOnce() {
        Sweeper sweeper = sweeper(SHARDS);
        assertEquals(LONGEST_STEP, sweeper.service.minimumBudget());
        SweeperService.SweepReport idle = sweeper.service.sweepLeased(List.of(0), BUDGET);
        assertEquals(0, idle.examined());
        assertTrue(idle.elapsedMillis() < BUDGET.minus(LONGEST_STEP).toMillis(),
                "ended before its intake would have (a run used to look until then): " + idle);

        SweepDispatcher.Dispatch dispatch = sweeper.dispatcher.dispatch();
        assertEquals(List.of(), dispatch.report().started(), "no worker for an idle region");
    }

    @Test
    void aTaskDueBeyondTheBudgetDoesNotKeepTheRun() {
        Sweeper sweeper = sweeper(SHARDS);
        Task later = submitted(sweeper.store, clock.instant().plusSeconds(20));
        SweeperService.SweepReport run = sweeper.service.sweepLeased(List.of(shardOf(sweeper, later)), BUDGET);
        assertEquals(0, run.examined());
        assertTrue(run.elapsedMillis() < BUDGET.minus(LONGEST_STEP).toMillis(), run.toString());
        assertEquals(List.of(), sweeper.dispatcher.dispatch().report().started(), "nothing due within a worker's budget");
    }

    @Test
    void aRunStaysForATaskThatFallsDueWithinItsBudgetAndThenEnds() {
        Sweeper sweeper = sweeper(SHARDS);
        Duration ahead = Duration.ofSeconds(2);
        Task soon = submitted(sweeper.store, clock.instant().plus(ahead));
        nbpcloud.answers(ProviderStatus.succeeded("p-1", List.of(Output.of("https://cdn.example/a.png")), null));
        long startedAt = System.nanoTime();
        SweeperService.SweepReport run = sweeper.service.sweepLeased(List.of(shardOf(sweeper, soon)), BUDGET);
        Duration took = Duration.ofNanos(System.nanoTime() - startedAt);
        assertEquals(1, run.polled(), run.toString());
        assertPolledToSuccess(sweeper.store.get(soon.id()).orElseThrow());
        assertTrue(took.compareTo(ahead.minusMillis(100)) >= 0, "it waited for the task: " + took);
        assertTrue(took.compareTo(BUDGET.minus(LONGEST_STEP)) < 0, "and ended when nothing more was due: " + took);
    }

    @Test
    void aDispatchStartsAWorkerOnlyForShardsWithDueWorkAndWaitsForItsWorkersHere() throws Exception {
        Sweeper sweeper = sweeper(SHARDS);
        Task due = submitted(sweeper.store, clock.instant());
        nbpcloud.answers(ProviderStatus.succeeded("p-1", List.of(Output.of("https://cdn.example/a.png")), null));
        SweepDispatcher.Dispatch dispatch = sweeper.dispatcher.dispatch();
        assertEquals(List.of(List.of(shardOf(sweeper, due))), dispatch.report().started());
        SweeperService.SweepReport worker = dispatch.workers().get(0).get();
        assertEquals(1, worker.polled(), worker.toString());
        assertPolledToSuccess(sweeper.store.get(due.id()).orElseThrow());
    }

    @Test
    void aLightLoadGetsOneWorkerAndAHeavyOneAWorkerPerShard() {
        Sweeper sweeper = sweeper(SHARDS);
        int perWorker = sweeper.service.concurrency();
        List<Task> light = new ArrayList<>();
        while (light.stream().map(t -> shardOf(sweeper, t)).distinct().count() < SHARDS) {
            light.add(submitted(sweeper.store, clock.instant().plusSeconds(1)));
        }
        assertTrue(light.size() <= perWorker, "a few tasks spread over every shard: " + light.size());
        assertEquals(List.of(IntStream.range(0, SHARDS).boxed().toList()), groupsOf(sweeper), "one worker for every shard");

        for (int i = 0; i < SHARDS * perWorker * 2; i++) {
            submitted(sweeper.store, clock.instant().plusSeconds(1));
        }
        assertEquals(IntStream.range(0, SHARDS).mapToObj(List::of).toList(), groupsOf(sweeper),
                "enough work for a worker per shard");
    }

    @Test
    void shardsAreDealtBusiestFirstToTheLeastLoadedWorker() {
        Map<Integer, Integer> due = new java.util.LinkedHashMap<>(Map.of(0, 16, 1, 2, 2, 9, 3, 7));
        assertEquals(List.of(List.of(0, 1), List.of(2, 3)), SweepDispatcher.groups(due, 2), "16 + 2 against 9 + 7");
        assertEquals(List.of(List.of(0, 1, 2, 3)), SweepDispatcher.groups(due, 1));
        assertEquals(List.of(List.of(0), List.of(2), List.of(3), List.of(1)), SweepDispatcher.groups(due, 9),
                "never more workers than shards with work");
        assertEquals(List.of(), SweepDispatcher.groups(Map.of(), 3));
    }

    /** The shard groups a dispatch starts workers for (recorded, not run). */
    private List<List<Integer>> groupsOf(Sweeper sweeper) {
        sweeper.recorded.clear();
        List<List<Integer>> started = sweeper.counting.dispatch().report().started();
        assertEquals(started, sweeper.recorded);
        return started;
    }

    @Test
    void twoWorkersForOneShardAtOnceWorkItOnce() throws Exception {
        Sweeper sweeper = sweeper(SHARDS);
        Task due = submitted(sweeper.store, clock.instant());
        int shard = shardOf(sweeper, due);
        nbpcloud.answers(ProviderStatus.succeeded("p-1", List.of(Output.of("https://cdn.example/a.png")), null));
        CompletableFuture<SweeperService.SweepReport> a = CompletableFuture.supplyAsync(
                () -> sweeper.service.sweepLeased(List.of(shard), BUDGET));
        CompletableFuture<SweeperService.SweepReport> b = CompletableFuture.supplyAsync(
                () -> sweeper.service.sweepLeased(List.of(shard), BUDGET));
        assertEquals(1, a.get().polled() + b.get().polled(), a.get() + " / " + b.get());
        assertEquals(1, nbpcloud.polled.size(), "the provider was polled once");
    }

    @Test
    void aSmallerShardCountLosesNoTask() throws Exception {
        Sweeper eight = sweeper(8);
        eight.dispatcher.dispatch(); // records that eight shards are in use
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            tasks.add(submitted(eight.store, clock.instant()));
            nbpcloud.answers(ProviderStatus.succeeded("p-1", List.of(Output.of("https://cdn.example/a.png")), null));
        }
        assertTrue(tasks.stream().anyMatch(t -> shardOf(eight, t) >= 4), "some tasks sit in shards 4..7");

        Sweeper four = sweeper(4);
        SweepDispatcher.Dispatch dispatch = four.dispatcher.dispatch();
        assertTrue(dispatch.report().started().stream().flatMap(List::stream).anyMatch(s -> s >= 4),
                "the shards the smaller count no longer names are dealt out too: " + dispatch.report());
        for (CompletableFuture<SweeperService.SweepReport> worker : dispatch.workers()) {
            worker.get();
        }
        for (Task task : tasks) {
            assertPolledToSuccess(four.store.get(task.id()).orElseThrow());
        }
        assertEquals(40, nbpcloud.polled.size());
        // what stays indexed is each task's later look at its outputs' copy, none due now
        assertTrue(IntStream.range(0, 8).allMatch(s -> four.store.earliestCheck(s).map(at -> at.isAfter(clock.instant()))
                .orElse(true)), "nothing is left due");
    }

    // wiring: the production classes on this test's table

    /** The production classes; {@code counting} is a dispatcher whose workers are only recorded, never run. */
    private record Sweeper(TaskStore store, SweeperService service, SweepDispatcher dispatcher,
            SweepDispatcher counting, List<List<Integer>> recorded) {
    }

    /** The poll's success was applied: the task is RUNNING at 100, its outputs being stored. */
    private static void assertPolledToSuccess(Task task) {
        assertEquals(TaskState.RUNNING, task.state(), task.id());
        assertTrue(task.storing(), task.id() + " stores its outputs");
        assertEquals(100, task.progress(), task.id());
    }

    private Sweeper sweeper(int shards) {
        GatewayConfig config = TestConfigs.gateway(Map.of(
                "gateway.sweeper.shards", Integer.toString(shards),
                "gateway.sweeper.run-budget", BUDGET.toMillis() + "ms",
                "gateway.webhooks.timeout", "1S",
                // the copy of outputs is OutputCustody's (MediaCustodyTest); these workers hand it on at once
                "gateway.media.sweep-copy-budget", "0S"));
        ObjectMapper json = LocalDynamo.json();
        DynamoTaskStore store = new DynamoTaskStore(dynamo, table, shards, json, clock);
        Providers providers = new Providers(List.of(nbpcloud));
        Transitions transitions = new Transitions(store, clock, Duration.ZERO, Metrics.disabled());
        TaskSweep tasks = new TaskSweep(store, providers, transitions, new Schedule(config),
                new WebhookRetry(store, new WebhookDelivery(json, new WebhookTaskView(key -> null), clock, config), clock,
                        config, Metrics.disabled()),
                new RequestBudgets(new RequestBuckets(dynamo, table), providers, clock, config), clock, Metrics.disabled(),
                new OutputCustody(store, transitions, null, clock, config), config);
        SweeperLeases leases = new SweeperLeases(dynamo, table);
        SweeperService service = new SweeperService(store, tasks, leases, clock, config, Metrics.disabled());
        InProcessShardWorkers workers = new InProcessShardWorkers(service, config);
        started.add(workers);
        List<List<Integer>> recorded = new java.util.concurrent.CopyOnWriteArrayList<>();
        ShardWorkers recording = group -> {
            recorded.add(group);
            return CompletableFuture.completedFuture(null);
        };
        return new Sweeper(store, service, new SweepDispatcher(service, store, leases, workers, clock, config),
                new SweepDispatcher(service, store, leases, recording, clock, config), recorded);
    }

    private static int shardOf(Sweeper sweeper, Task task) {
        return ((DynamoTaskStore) sweeper.store).shardOf(task.id());
    }

    /** A task nbpcloud accepted, first due at {@code due}. */
    private Task submitted(TaskStore store, Instant due) {
        Instant now = clock.instant();
        GenerationRequest request = GenerationRequest.image("nano-banana-pro", "a banana in space", List.of());
        Task task = Task.builder().id(TaskIds.newId()).owner("owner-1").request(request).state(TaskState.SUBMITTED)
                .version(2).provider("nbpcloud").providerTaskId("p-1")
                .attempts(List.of(new Attempt("nbpcloud", "p-1", Attempt.ACCEPTED, null, null, null, now)))
                .createdAt(now).updatedAt(now).deadline(now.plus(Duration.ofMinutes(15)))
                .ttl(now.plus(Duration.ofDays(1)).getEpochSecond()).nextCheckAt(due).build();
        assertTrue(store.create(task));
        return task;
    }
}
