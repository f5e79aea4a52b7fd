package dev.bananagateway.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bananagateway.model.Cost;
import dev.bananagateway.model.Degradation;
import dev.bananagateway.model.GenerationRequest;
import dev.bananagateway.model.Output;
import dev.bananagateway.testing.LocalDynamo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/** The store's rules, against DynamoDB Local. Each rule fails if its condition expression is removed. */
class DynamoTaskStoreTest {

    private static DynamoDbClient dynamo;
    private static String table;
    private static DynamoTaskStore store;
    private static ExecutorService pool;

    @BeforeAll
    static void setUp() {
        dynamo = LocalDynamo.client();
        table = LocalDynamo.newTable(dynamo);
        store = new DynamoTaskStore(dynamo, table, 4, LocalDynamo.json(), Clock.systemUTC());
        pool = Executors.newFixedThreadPool(16);
    }

    @AfterAll
    static void tearDown() {
        pool.shutdownNow();
        dynamo.close();
    }

    private static Task newTask(Instant firstCheckAt) {
        Instant now = Instant.now();
        GenerationRequest request = GenerationRequest.image("nano-banana-pro", "a banana in space", List.of());
        return Task.queued(TaskIds.newId(), "owner-1", request, now, firstCheckAt, now.plus(Duration.ofMinutes(15)),
                now.plus(Duration.ofDays(30)).getEpochSecond());
    }

    private static Task stored() {
        Task task = newTask(Instant.now().plusSeconds(120));
        assertTrue(store.create(task));
        return task;
    }

    @Test
    void createIsConditionalAndGetReadsItBack() {
        Task task = stored();
        assertFalse(store.create(task), "a second create with the same id must not overwrite");
        Task read = store.get(task.id()).orElseThrow();
        assertEquals(task.id(), read.id());
        assertEquals(TaskState.QUEUED, read.state());
        assertEquals(1, read.version());
        assertEquals("a banana in space", read.request().prompt());
        assertEquals(task.deadline().toEpochMilli(), read.deadline().toEpochMilli());
        assertTrue(store.get(TaskIds.newId()).isEmpty());
    }

    @Test
    void aTransitionBumpsTheVersionAndRecordsTheProvider() {
        Task task = stored();
        Attempt accepted = new Attempt("revid", "v-1", Attempt.ACCEPTED, null, 200, null, Instant.now());
        TransitionResult result = store.update(TaskUpdate.of(task.id()).expectVersion(1).state(TaskState.SUBMITTED)
                .provider("revid", "v-1").attempts(List.of(accepted)));
        assertTrue(result.applied());
        assertEquals(2, result.task().version());
        assertEquals("v-1", result.task().providerTaskId());
        assertEquals(List.of(accepted), store.get(task.id()).orElseThrow().attempts());
    }

    /** The cost keeps its credits and source through the item; a refund replaces it (nothing but USD in amount). */
    @Test
    void theCostIsStoredWithItsCreditsAndSource() {
        Task task = stored();
        Cost reported = Cost.providerReported(0.1, 20);
        assertTrue(store.update(TaskUpdate.of(task.id()).state(TaskState.SUBMITTED).cost(reported)).applied());
        assertEquals(reported, store.get(task.id()).orElseThrow().cost());
        assertTrue(store.update(TaskUpdate.of(task.id()).state(TaskState.FAILED).cost(Cost.refunded())).applied());
        Cost refunded = store.get(task.id()).orElseThrow().cost();
        assertEquals(new Cost(0, "usd", 0.0, "refunded"), refunded);
        Cost noCredits = Cost.priceTable(0.045, null);
        Task other = stored();
        assertTrue(store.update(TaskUpdate.of(other.id()).state(TaskState.SUBMITTED).cost(noCredits)).applied());
        assertEquals(noCredits, store.get(other.id()).orElseThrow().cost());
    }

    @Test
    void aStaleVersionLosesAndLearnsTheCurrentTask() {
        Task task = stored();
        assertTrue(store.update(TaskUpdate.of(task.id()).expectVersion(1).state(TaskState.SUBMITTED)).applied());
        TransitionResult second = store.update(TaskUpdate.of(task.id()).expectVersion(1).state(TaskState.RUNNING));
        assertEquals(TransitionResult.Outcome.STALE_VERSION, second.outcome());
        assertEquals(TaskState.SUBMITTED, second.task().state());
        assertEquals(2, second.task().version());
    }

    @Test
    void terminalStatesNeverChange() {
        Task task = stored();
        assertTrue(store.update(TaskUpdate.of(task.id()).state(TaskState.SUCCEEDED)
                .outputs(List.of(Output.of("https://cdn.example/a.png")))).applied());
        for (TaskState next : TaskState.values()) {
            TransitionResult result = store.update(TaskUpdate.of(task.id()).state(next));
            assertEquals(TransitionResult.Outcome.ALREADY_TERMINAL, result.outcome(), "move to " + next);
        }
        TransitionResult progressOnly = store.update(TaskUpdate.of(task.id()).progress(100));
        assertEquals(TransitionResult.Outcome.ALREADY_TERMINAL, progressOnly.outcome());
        Task read = store.get(task.id()).orElseThrow();
        assertEquals(TaskState.SUCCEEDED, read.state());
        assertEquals(1, read.outputs().size());
        assertNotNull(read.completedAt());
    }

    @Test
    void statesNeverMoveBackwards() {
        Task task = stored();
        assertTrue(store.update(TaskUpdate.of(task.id()).state(TaskState.RUNNING)).applied());
        assertEquals(TransitionResult.Outcome.REGRESSION,
                store.update(TaskUpdate.of(task.id()).state(TaskState.SUBMITTED)).outcome());
        assertEquals(TaskState.RUNNING, store.get(task.id()).orElseThrow().state());
    }

    @Test
    void progressNeverDecreases() {
        Task task = stored();
        assertTrue(store.update(TaskUpdate.of(task.id()).state(TaskState.RUNNING).progress(60)).applied());
        TransitionResult lower = store.update(TaskUpdate.of(task.id()).state(TaskState.RUNNING).progress(30));
        assertEquals(TransitionResult.Outcome.REGRESSION, lower.outcome());
        assertEquals(60, store.get(task.id()).orElseThrow().progress());
        assertTrue(store.update(TaskUpdate.of(task.id()).state(TaskState.RUNNING).progress(80)).applied());
    }

    @Test
    void updatingAMissingTaskSaysNotFound() {
        assertEquals(TransitionResult.Outcome.NOT_FOUND,
                store.update(TaskUpdate.of(TaskIds.newId()).state(TaskState.RUNNING)).outcome());
    }

    @Test
    void concurrentTerminalWritersProduceExactlyOneWinner() throws Exception {
        for (int round = 0; round < 5; round++) {
            Task task = stored();
            int writers = 12;
            CountDownLatch start = new CountDownLatch(1);
            List<Future<TransitionResult>> results = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                TaskState target = i % 2 == 0 ? TaskState.SUCCEEDED : TaskState.FAILED;
                Callable<TransitionResult> writer = () -> {
                    start.await();
                    return store.update(TaskUpdate.of(task.id()).state(target)
                            .error(target == TaskState.FAILED ? new TaskError("GENERATION_FAILED", "x", true) : null));
                };
                results.add(pool.submit(writer));
            }
            start.countDown();
            int applied = 0;
            TaskState winner = null;
            for (Future<TransitionResult> f : results) {
                TransitionResult r = f.get();
                if (r.applied()) {
                    applied++;
                    winner = r.task().state();
                } else {
                    assertEquals(TransitionResult.Outcome.ALREADY_TERMINAL, r.outcome());
                }
            }
            assertEquals(1, applied, "exactly one terminal transition wins");
            Task read = store.get(task.id()).orElseThrow();
            assertEquals(winner, read.state());
            assertEquals(2, read.version(), "the losers wrote nothing");
        }
    }

    @Test
    void theSweeperIndexHoldsOnlyNonTerminalTasks() {
        Instant now = Instant.now();
        Task due = newTask(now.minusSeconds(1));
        Task later = newTask(now.plusSeconds(600));
        assertTrue(store.create(due));
        assertTrue(store.create(later));

        assertTrue(dueIds(now).contains(due.id()));
        assertFalse(dueIds(now).contains(later.id()), "not due yet");
        assertTrue(dueIds(now.plusSeconds(601)).contains(later.id()));

        assertTrue(store.update(TaskUpdate.of(due.id()).state(TaskState.FAILED)
                .error(new TaskError("TIMEOUT", "deadline passed", true))).applied());
        assertFalse(dueIds(now.plusSeconds(3600)).contains(due.id()), "terminal tasks leave the index");
        Map<String, AttributeValue> raw = rawItem(due.id());
        assertFalse(raw.containsKey(TaskTable.DUE_SHARD));
        assertFalse(raw.containsKey(TaskTable.NEXT_CHECK_AT));

        assertTrue(store.update(TaskUpdate.of(later.id()).state(TaskState.SUBMITTED).nextCheckAt(now.minusSeconds(5)))
                .applied());
        assertTrue(dueIds(now).contains(later.id()), "rescheduling moves the task in the index");
    }

    @Test
    void aTerminalTaskWithAPendingWebhookStaysIndexedUntilDelivered() {
        Instant now = Instant.now();
        Task task = stored();
        TransitionResult done = store.update(TaskUpdate.of(task.id()).state(TaskState.SUCCEEDED).nextCheckAt(now));
        assertTrue(done.applied());
        assertTrue(dueIds(now.plusSeconds(1)).contains(task.id()));
        TransitionResult delivered = store.recordWebhook(task.id(), done.task().version(), WebhookState.DELIVERED, null);
        assertTrue(delivered.applied());
        assertEquals(WebhookState.DELIVERED, delivered.task().webhookState());
        assertEquals(1, delivered.task().webhookAttempts());
        assertFalse(dueIds(now.plusSeconds(3600)).contains(task.id()));
        assertEquals(TransitionResult.Outcome.STALE_VERSION,
                store.recordWebhook(task.id(), done.task().version(), WebhookState.DELIVERED, null).outcome());
    }

    @Test
    void ttlIsSetOnTasksAndIdempotencyRecordsAndEnabledOnTheTable() {
        Task task = stored();
        assertEquals(Long.toString(task.ttl()), rawItem(task.id()).get(TaskTable.TTL).n());
        assertEquals(TimeToLiveStatus.ENABLED, dynamo.describeTimeToLive(b -> b.tableName(table))
                .timeToLiveDescription().timeToLiveStatus());
        assertEquals(TaskTable.TTL, dynamo.describeTimeToLive(b -> b.tableName(table))
                .timeToLiveDescription().attributeName());
    }

    @Test
    void racingIdempotencyClaimsHaveOneWinner() throws Exception {
        String key = "key-" + TaskIds.newId();
        Instant now = Instant.now();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<IdempotencyClaim>> claims = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String candidate = TaskIds.newId();
            claims.add(pool.submit(() -> {
                start.await();
                return store.claimIdempotencyKey("owner-1", key, "hash-a", candidate, now.plusSeconds(3600), now, null);
            }));
        }
        start.countDown();
        List<IdempotencyClaim> results = new ArrayList<>();
        for (Future<IdempotencyClaim> f : claims) {
            results.add(f.get());
        }
        List<IdempotencyClaim> winners = results.stream().filter(IdempotencyClaim::claimed).toList();
        assertEquals(1, winners.size());
        String winningTask = winners.get(0).taskId();
        for (IdempotencyClaim c : results) {
            assertEquals(winningTask, c.taskId(), "every loser learns the winner's task");
            assertEquals("hash-a", c.requestHash());
        }
        IdempotencyClaim otherOwner = store.claimIdempotencyKey("owner-2", key, "hash-b", "tsk_other", now.plusSeconds(60), now, null);
        assertTrue(otherOwner.claimed(), "keys are scoped per owner");
    }

    @Test
    void anExpiredIdempotencyClaimCanBeTakenAgain() {
        String key = "key-" + TaskIds.newId();
        Instant now = Instant.now();
        assertTrue(store.claimIdempotencyKey("o", key, "h1", "tsk_first", now.plusSeconds(10), now, null).claimed());
        assertFalse(store.claimIdempotencyKey("o", key, "h2", "tsk_second", now.plusSeconds(10), now, null).claimed());
        IdempotencyClaim later = store.claimIdempotencyKey("o", key, "h2", "tsk_second", now.plusSeconds(100),
                now.plusSeconds(20), null);
        assertTrue(later.claimed());
        assertEquals("tsk_second", later.taskId());
    }

    /** A claim whose task was never written (its submit died in between) is taken over after the grace. */
    @Test
    void aClaimWithoutItsTaskIsTakenOverAfterTheGraceAndOnlyThen() {
        String key = "key-" + TaskIds.newId();
        Instant t0 = Instant.now();
        Instant expires = t0.plusSeconds(3600);
        assertTrue(store.claimIdempotencyKey("o", key, "h", "tsk_dead", expires, t0, null).claimed());
        IdempotencyClaim early = store.claimIdempotencyKey("o", key, "h", "tsk_early", expires, t0.plusSeconds(2),
                t0.minusSeconds(3));
        assertFalse(early.claimed(), "within the grace the claim holds");
        assertEquals("tsk_dead", early.taskId());
        assertEquals(t0.toEpochMilli(), early.claimedAt().toEpochMilli());
        assertFalse(early.taskWritten());

        IdempotencyClaim late = store.claimIdempotencyKey("o", key, "h", "tsk_new", expires, t0.plusSeconds(6),
                t0.plusSeconds(1));
        assertTrue(late.claimed(), "past the grace the claim is taken over");
        assertFalse(store.createClaimed(queued("tsk_dead"), "o", key),
                "the dead submit, had it only stalled, can no longer write its task");
        assertTrue(store.get("tsk_dead").isEmpty());
        assertTrue(store.createClaimed(queued("tsk_new"), "o", key));

        IdempotencyClaim written = store.claimIdempotencyKey("o", key, "h", "tsk_later", expires,
                t0.plusSeconds(600), t0.plusSeconds(590));
        assertFalse(written.claimed(), "a claim whose task was written is never taken over");
        assertTrue(written.taskWritten());
        assertEquals("tsk_new", written.taskId());
        assertEquals(null, written.answer());

        store.recordIdempotentAnswer("o", key, "tsk_new", new RecordedAnswer(503, "{\"code\":\"X\"}"));
        store.recordIdempotentAnswer("o", key, "tsk_other", new RecordedAnswer(202, "{}"));
        IdempotencyClaim answered = store.claimIdempotencyKey("o", key, "h", "tsk_x", expires, t0.plusSeconds(700),
                t0.plusSeconds(690));
        assertEquals(new RecordedAnswer(503, "{\"code\":\"X\"}"), answered.answer(),
                "the answer is kept for the key's task only");
    }

    private Task queued(String id) {
        Instant now = Instant.now();
        GenerationRequest request = GenerationRequest.image("nano-banana-pro", "claimed", List.of());
        return Task.queued(id, "o", request, now, now.plusSeconds(60), now.plusSeconds(900),
                now.plusSeconds(86400).getEpochSecond());
    }

    @Test
    void dueTasksComeInPagesThatContinueWhereTheLastEnded() {
        DynamoTaskStore own = new DynamoTaskStore(dynamo, LocalDynamo.newTable(dynamo), 4, LocalDynamo.json(),
                Clock.systemUTC());
        Instant now = Instant.now();
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 23; i++) {
            Task task = newTask(now.minusSeconds(100 - i));
            assertTrue(own.create(task));
            created.add(task.id());
        }
        assertTrue(own.create(newTask(now.plusSeconds(600))), "one not due");

        List<String> seen = new ArrayList<>();
        int pages = 0;
        for (int shard = 0; shard < own.shards(); shard++) {
            String cursor = null;
            Instant lastCheck = Instant.MIN;
            do {
                DuePage page = own.dueTasks(shard, now, 2, cursor);
                assertTrue(page.tasks().size() <= 2);
                for (Task task : page.tasks()) {
                    assertFalse(task.nextCheckAt().isBefore(lastCheck), "next-check order within a shard");
                    lastCheck = task.nextCheckAt();
                    seen.add(task.id());
                    // a task handled mid-pass moves on; the cursor still continues after it
                    own.update(TaskUpdate.of(task.id()).state(TaskState.RUNNING).nextCheckAt(now.plusSeconds(60)));
                }
                cursor = page.cursor();
                pages++;
            } while (cursor != null);
        }
        assertEquals(created, new HashSet<>(seen), "every due task, and only those");
        assertEquals(seen.size(), created.size(), "none twice");
        assertTrue(pages > own.shards(), "more than one page per shard");
        for (int shard = 0; shard < own.shards(); shard++) {
            assertTrue(own.dueTasks(shard, now, 100, null).tasks().isEmpty(), "all rescheduled");
        }
    }

    private static List<String> dueIds(Instant at) {
        List<String> ids = new ArrayList<>();
        for (int shard = 0; shard < store.shards(); shard++) {
            store.dueTasks(shard, at, 1000, null).tasks().forEach(t -> ids.add(t.id()));
        }
        return ids;
    }

    private static Map<String, AttributeValue> rawItem(String taskId) {
        return dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of(TaskTable.PK, AttributeValue.fromS("TASK#" + taskId)))).item();
    }

    @Test
    void degradationsAreStoredAndReadBack() {
        List<Degradation> dropped = List.of(Degradation.dropped("aspect_ratio", "auto"),
                new Degradation("output_format", "jpeg", "png"), Degradation.dropped("video.generate_audio", false));
        Task task = newTask(Instant.now().plusSeconds(120)).toBuilder().degraded(dropped).build();
        assertTrue(store.create(task));
        assertEquals(dropped, store.get(task.id()).orElseThrow().degraded());
        List<Degradation> afterFailover = List.of(Degradation.dropped("resolution", "4K"));
        TransitionResult moved = store.update(TaskUpdate.of(task.id()).expectVersion(1).provider("crun", null)
                .degraded(afterFailover));
        assertEquals(afterFailover, moved.task().degraded());
        assertTrue(store.update(TaskUpdate.of(task.id()).progress(5)).applied());
        assertEquals(afterFailover, store.get(task.id()).orElseThrow().degraded(), "an update without it keeps it");
        assertTrue(store.update(TaskUpdate.of(task.id()).provider("revid", null).degraded(List.of())).applied());
        assertEquals(List.of(), store.get(task.id()).orElseThrow().degraded(), "a provider that drops nothing");
    }

    @Test
    void anItemWrittenBeforeDegradationsWereRecordedReadsAsNone() {
        Task task = stored();
        dynamo.updateItem(b -> b.tableName(table).key(Map.of(TaskTable.PK, AttributeValue.fromS("TASK#" + task.id())))
                .updateExpression("REMOVE degraded"));
        assertEquals(List.of(), store.get(task.id()).orElseThrow().degraded());
    }

    @Test
    void nullErrorIsNotWritten() {
        Task task = stored();
        assertTrue(store.update(TaskUpdate.of(task.id()).state(TaskState.RUNNING)).applied());
        assertNull(store.get(task.id()).orElseThrow().error());
    }
}
