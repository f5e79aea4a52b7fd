package dev.bananagateway.bench;

import dev.bananagateway.lifecycle.SweeperService;
import dev.bananagateway.model.GenerationRequest;
import dev.bananagateway.task.Attempt;
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
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * Part 3: sweeper drain rate. 10,000 SUBMITTED tasks, all due, whose provider tasks exist at the
 * simulator and finish on their first poll, which takes a known latency L. At concurrency C the
 * sweeper can at best finish C / L tasks a second; measured is 10,000 / the wall time of
 * {@code sweep(Duration.ZERO)}, which sweeps until nothing is due. Seeding is not timed.
 */
@QuarkusTest
@TestProfile(BenchProfile.class)
@QuarkusTestResource(LocalStackTestResource.class)
@Tag("bench")
@Order(3)
class SweeperDrainBenchmarkTest {

    static final String PART = "sweeper-drain";
    private static final int TASKS = Integer.getInteger("bench.drain.tasks", 10_000);
    /**
     * Two settings: polls answering in 50 ms, where this machine's CPUs (shared by the sweeper, the
     * simulator and DynamoDB Local) are the limit, and in 200 ms, a realistic provider poll.
     */
    private static final Map<String, Integer> POLL_LATENCIES_MS = orderedOf("fast", 50, "realistic", 200);
    /** Shard workers at once (each its own pool of C), at the realistic latency: the fan-out's scaling. */
    private static final int[] WORKERS = { 1, 2, 4 };
    private static final int FAN_OUT_LATENCY_MS = 200;
    private static final int SEED_THREADS = 8;

    @ConfigProperty(name = "gateway.simulator.url")
    String simulatorUrl;
    @ConfigProperty(name = "gateway.table-name")
    String table;
    @ConfigProperty(name = "gateway.sweeper.concurrency")
    int concurrency;
    @ConfigProperty(name = "gateway.sweeper.batch-size")
    int batchSize;
    @Inject
    SweeperService sweeper;
    @Inject
    TaskStore store;
    @Inject
    DynamoDbClient dynamo;

    @Test
    void drainTenThousandDueTasks() throws Exception {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("tasks", TASKS);
        figures.put("concurrency", concurrency);
        figures.put("batch-size", batchSize);
        figures.put("shards", store.shards());
        figures.put("cpus", Runtime.getRuntime().availableProcessors());
        for (Map.Entry<String, Integer> setting : POLL_LATENCIES_MS.entrySet()) {
            drain(setting.getValue(), 1).forEach((key, value) -> figures.put(setting.getKey() + "." + key, value));
        }
        for (int workers : WORKERS) {
            drain(FAN_OUT_LATENCY_MS, workers).forEach((key, value) -> figures.put("s" + workers + "." + key, value));
        }
        BenchResults.write(PART, figures);
    }

    /**
     * Seeds {@link #TASKS} due tasks, then times {@code workers} shard workers at once, each sweeping its
     * share of the shards (shard s goes to worker s mod workers) with its own pool of C, until nothing is
     * due; polls take {@code latencyMs}.
     */
    private Map<String, Object> drain(int latencyMs, int workers) throws Exception {
        SimulatorControl sim = new SimulatorControl(simulatorUrl);
        sim.reset();
        sim.settings("{\"provider\":\"nbpcloud\",\"pollsToFinish\":1}");
        SweeperIndex.assertEmpty(store);
        String owner = "bench-drain-" + UUID.randomUUID();
        List<String> providerTaskIds = seedProviderTasks();
        seedDueTasks(owner, providerTaskIds);

        sim.fault("{\"provider\":\"nbpcloud\",\"operation\":\"poll\",\"fault\":\"latency\",\"latencyMs\":"
                + latencyMs + "}");
        long cpuBefore = ProcessCpu.nanos();
        MachineCpu machineBefore = MachineCpu.now();
        long started = System.nanoTime();
        SweeperService.SweepReport report = sweepWith(workers);
        long wallNanos = System.nanoTime() - started;
        long cpuNanos = ProcessCpu.nanos() - cpuBefore;
        double machineBusy = MachineCpu.now().busySince(machineBefore);
        sim.clearFaults();

        SweeperIndex.assertEmpty(store);
        long succeeded = countTasks(owner, TaskState.SUCCEEDED);
        if (succeeded != TASKS || report.errors() != 0) {
            throw new IllegalStateException(succeeded + " of " + TASKS + " tasks SUCCEEDED; sweep: " + report);
        }
        long polls = sim.tasks("nbpcloud").stream().mapToLong(t -> t.path("polls").asLong()).sum();

        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("poll-latency-ms", latencyMs);
        figures.put("workers", workers);
        figures.put("wall-ms", wallNanos / 1_000_000.0);
        // everything runs in this JVM: sweeper, simulator, DynamoDB Local
        figures.put("cpu-busy", (double) cpuNanos / wallNanos / Runtime.getRuntime().availableProcessors());
        // every process: the S3 server's child JVM (the bench profile forks it) and anything else
        figures.put("machine-cpu-busy", machineBusy);
        figures.put("succeeded", succeeded);
        figures.put("provider-polls", polls);
        figures.put("sweep.examined", report.examined());
        figures.put("sweep.polled", report.polled());
        figures.put("sweep.lost", report.lost());
        return figures;
    }

    /** Runs the shard workers at once, as a dispatch starts them in Lambda; their reports summed. */
    private SweeperService.SweepReport sweepWith(int workers) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(workers);
        try {
            List<Future<SweeperService.SweepReport>> running = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                int worker = w;
                List<Integer> shards = IntStream.range(0, store.shards()).filter(s -> s % workers == worker).boxed()
                        .toList();
                running.add(threads.submit(() -> sweeper.sweepShards(shards, Duration.ZERO)));
            }
            SweeperService.SweepReport total = null;
            for (Future<SweeperService.SweepReport> f : running) {
                total = total == null ? f.get() : total.plus(f.get());
            }
            return total;
        } finally {
            threads.shutdownNow();
        }
    }

    /** Creates the provider tasks at the simulator with bare create calls; returns their ids. */
    private List<String> seedProviderTasks() throws Exception {
        BareNbpcloudCreate bare = new BareNbpcloudCreate(new BenchHttp(), simulatorUrl);
        List<Callable<String>> creates = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
            String prompt = "drain banana #" + i;
            creates.add(() -> bare.create(prompt));
        }
        return runAll(creates);
    }

    /** Writes the gateway's side: SUBMITTED tasks naming those provider tasks, due now. */
    private void seedDueTasks(String owner, List<String> providerTaskIds) throws Exception {
        Instant now = Instant.now();
        List<Callable<String>> writes = new ArrayList<>();
        for (int i = 0; i < providerTaskIds.size(); i++) {
            String providerTaskId = providerTaskIds.get(i);
            GenerationRequest request = GenerationRequest.image("nano-banana-pro", "drain banana #" + i, List.of());
            Task task = Task.builder().id(TaskIds.newId()).owner(owner).request(request).state(TaskState.SUBMITTED)
                    .version(2).provider("nbpcloud").providerTaskId(providerTaskId)
                    .attempts(List.of(new Attempt("nbpcloud", providerTaskId, Attempt.ACCEPTED, null, null, null, now)))
                    .createdAt(now).updatedAt(now).deadline(now.plus(Duration.ofMinutes(15)))
                    .ttl(now.plus(Duration.ofDays(1)).getEpochSecond()).nextCheckAt(now.minusSeconds(1)).build();
            writes.add(() -> {
                if (!store.create(task)) {
                    throw new IllegalStateException("task id collision");
                }
                return task.id();
            });
        }
        runAll(writes);
    }

    private static List<String> runAll(List<Callable<String>> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(SEED_THREADS);
        try {
            List<String> out = new ArrayList<>();
            for (Future<String> f : pool.invokeAll(work)) {
                try {
                    out.add(f.get());
                } catch (ExecutionException e) {
                    throw new IllegalStateException("seeding failed", e.getCause());
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Map<String, Integer> orderedOf(String k1, int v1, String k2, int v2) {
        Map<String, Integer> map = new LinkedHashMap<>();
        map.put(k1, v1);
        map.put(k2, v2);
        return map;
    }

    /** How many of this run's tasks are in a state (a Scan: verification only, never in the product). */
    private long countTasks(String owner, TaskState state) {
        long count = 0;
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = dynamo.scan(b -> b.tableName(table).select(Select.COUNT)
                    .filterExpression("#owner = :owner AND #state = :state")
                    .expressionAttributeNames(Map.of("#owner", "owner", "#state", "state"))
                    .expressionAttributeValues(Map.of(":owner", AttributeValue.fromS(owner),
                            ":state", AttributeValue.fromS(state.name())))
                    .exclusiveStartKey(from));
            count += page.count();
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return count;
    }
}
