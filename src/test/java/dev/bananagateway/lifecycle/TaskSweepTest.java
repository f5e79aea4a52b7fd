package dev.bananagateway.lifecycle;

import dev.bananagateway.observability.Metrics;
import dev.bananagateway.functions.WebhookTaskView;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bananagateway.config.GatewayConfig;
import dev.bananagateway.config.TestConfigs;
import dev.bananagateway.model.Cost;
import dev.bananagateway.model.GenerationRequest;
import dev.bananagateway.model.Output;
import dev.bananagateway.provider.ErrorClass;
import dev.bananagateway.provider.ProviderError;
import dev.bananagateway.provider.ProviderException;
import dev.bananagateway.provider.ProviderId;
import dev.bananagateway.provider.ProviderStatus;
import dev.bananagateway.provider.ProviderTaskState;
import dev.bananagateway.provider.Providers;
import dev.bananagateway.task.Attempt;
import dev.bananagateway.task.DuePage;
import dev.bananagateway.task.DynamoTaskStore;
import dev.bananagateway.task.RequestBuckets;
import dev.bananagateway.task.Task;
import dev.bananagateway.task.TaskIds;
import dev.bananagateway.task.TaskState;
import dev.bananagateway.task.TaskUpdate;
import dev.bananagateway.task.TransitionResult;
import dev.bananagateway.testing.LocalDynamo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What the sweeper does with one due task, against DynamoDB Local, with scripted providers and a
 * clock the test moves; no Quarkus. Each task is taken from the sweeper's index only once it is due,
 * so the schedule the decisions write is checked too.
 */
class TaskSweepTest {

    private static final Duration DEADLINE = Duration.ofMinutes(10);
    private static final Duration QUEUED_GRACE = Duration.ofSeconds(90);
    private static final Duration FIRST_POLL = Duration.ofSeconds(4);

    /**
     * The poll errors that say something final about the task (docs/providers.md 2.2): the task ends
     * at once. Listed here, not read from {@code ErrorClass}, so the test states the rule it checks.
     */
    private static final Map<ErrorClass, Integer> DEFINITIVE_ON_POLL = Map.of(
            ErrorClass.INVALID_REQUEST, 400,
            ErrorClass.AUTH_FAILED, 401,
            ErrorClass.INSUFFICIENT_CREDITS, 402,
            ErrorClass.FORBIDDEN, 403,
            ErrorClass.CONTENT_REJECTED, 451,
            ErrorClass.INPUT_FETCH_FAILED, 451,
            ErrorClass.GENERATION_FAILED, 501,
            ErrorClass.FEATURE_DISABLED, 505);
    /** The poll errors that may pass: the poll is tried again with backoff. */
    private static final Map<ErrorClass, Integer> TRANSIENT_ON_POLL = Map.of(
            ErrorClass.RATE_LIMITED, 429,
            ErrorClass.PROVIDER_UNAVAILABLE, 503,
            ErrorClass.PROVIDER_ERROR, 500);
    /** NOT_FOUND has its own test (retried within a grace); the gateway's own classes never come from a provider. */
    /** Decided elsewhere; OUTPUT_STORE_FAILED is the gateway's own copy failing, never a poll's answer. */
    private static final Set<ErrorClass> OTHERWISE_DECIDED = Set.of(ErrorClass.NOT_FOUND, ErrorClass.TIMEOUT,
            ErrorClass.SUBMISSION_UNCERTAIN, ErrorClass.OUTPUT_STORE_FAILED);

    private static DynamoDbClient dynamo;
    private static String table;

    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T08:00:00Z"));
    private final ScriptedProvider nbpcloud = ScriptedProvider.polling(ProviderId.of("nbpcloud"));
    private final ScriptedProvider revid = ScriptedProvider.withCallbacks(ProviderId.of("revid"));
    /** Two requests a minute: one goes out (one is kept back), one token a minute. */
    private final ScriptedProvider budgeted = ScriptedProvider.polling(ProviderId.of("imgeditor")).requestsPerMinute(2);
    private DynamoTaskStore store;
    private TaskSweep sweep;

    @BeforeAll
    static void startDynamo() {
        dynamo = LocalDynamo.client();
        table = LocalDynamo.newTable(dynamo);
    }

    @AfterAll
    static void closeDynamo() {
        dynamo.close();
    }

    @BeforeEach
    void wire() {
        GatewayConfig config = TestConfigs.gateway(Map.of(
                "gateway.tasks.image-deadline", "10M",
                "gateway.tasks.queued-grace", "90S",
                "gateway.poll.first", "4S",
                "gateway.poll.max", "60S",
                // the copy of outputs is OutputCustody's (tested end to end); here a success only starts it
                "gateway.media.sweep-copy-budget", "0S"));
        ObjectMapper json = LocalDynamo.json();
        store = new DynamoTaskStore(dynamo, table, 4, json, clock);
        Transitions transitions = new Transitions(store, clock, Duration.ZERO, Metrics.disabled());
        WebhookDelivery delivery = new WebhookDelivery(json, new WebhookTaskView(key -> null), clock, config);
        Providers providers = new Providers(List.of(nbpcloud, revid, budgeted));
        sweep = new TaskSweep(store, providers, transitions, new Schedule(config),
                new WebhookRetry(store, delivery, clock, config, Metrics.disabled()),
                new RequestBudgets(new RequestBuckets(dynamo, table), providers, clock, config), clock, Metrics.disabled(),
                new OutputCustody(store, transitions, null, clock, config), config);
    }

    @Test
    void aDueTaskIsPolledAndWhatTheProviderReportsIsApplied() {
        Task task = submitted(nbpcloud);
        assertNotDueUntil(task, FIRST_POLL);

        nbpcloud.answers(ProviderStatus.running("p-1", ProviderTaskState.RUNNING, 40, null));
        SweepTally first = handleDue(task);
        Task running = read(task);
        assertEquals(List.of(task.providerTaskId()), nbpcloud.polled);
        assertEquals(TaskState.RUNNING, running.state());
        assertEquals(40, running.progress());
        assertEquals(1, running.pollCount());
        // 40 % done one first-poll delay after the accept: at that pace 1.5 of those are left
        Duration paced = FIRST_POLL.multipliedBy(3).dividedBy(2);
        assertEquals(clock.instant().plus(paced), running.nextCheckAt(), "the pace the progress implies");
        assertEquals(1, first.polled.get());
        assertEquals(1, first.advanced.get());

        assertNotDueUntil(running, paced);
        nbpcloud.answers(ProviderStatus.succeeded("p-1", List.of(Output.of("https://cdn.example/a.png")), null));
        handleDue(running);
        Task done = read(task);
        assertStoring(done);
        assertEquals(100, done.progress());
        assertEquals("https://cdn.example/a.png", done.outputs().get(0).url());
        assertNotNull(done.nextCheckAt(), "due for the copy of its outputs");
    }

    @Test
    void aPollWithoutATokenLeavesTheTaskDueLaterWithoutCountingAnything() {
        Task task = submitted(budgeted);
        clock.advance(FIRST_POLL);
        budgeted.answers(ProviderStatus.running("p-1", ProviderTaskState.RUNNING, null, null));
        handleDue(task);
        Task polledOnce = read(task);
        assertEquals(1, budgeted.polled.size(), "the budget's one token went to the first poll");

        clock.advance(Duration.between(clock.instant(), polledOnce.nextCheckAt()));
        SweepTally spent = handleDue(polledOnce);
        Task waiting = read(task);
        assertEquals(1, budgeted.polled.size(), "no second poll: the budget is spent");
        assertEquals(1, spent.budgetWaits.get());
        assertEquals(0, spent.polled.get() + spent.errors.get() + spent.timedOut.get());
        assertEquals(polledOnce.pollCount(), waiting.pollCount(), "no backoff step for a poll not made");
        assertEquals(TaskState.RUNNING, waiting.state());
        assertTrue(waiting.nextCheckAt().isAfter(clock.instant().plusSeconds(50)),
                "due again when the minute's token is back: " + waiting.nextCheckAt());
        assertTrue(waiting.nextCheckAt().isBefore(clock.instant().plusSeconds(125)), waiting.nextCheckAt().toString());
    }

    /** A failed report that says what the task cost (nbpcloud's refund) replaces its cost; one that says nothing keeps it. */
    @Test
    void aFailedReportReplacesTheCostOnlyWhenItSaysWhatTheTaskCost() {
        Cost estimate = Cost.configured(0.10, 20.0);
        ProviderError failure = new ProviderError(ErrorClass.GENERATION_FAILED, null, "no banana");
        Task refunded = submitted(nbpcloud);
        assertTrue(store.update(TaskUpdate.of(refunded.id()).cost(estimate)).applied());
        clock.advance(FIRST_POLL);
        nbpcloud.answers(ProviderStatus.failed("p-1", failure).withCost(Cost.refunded()));
        handleDue(refunded);
        assertEquals(TaskState.FAILED, read(refunded).state());
        assertEquals(Cost.refunded(), read(refunded).cost());

        Task kept = submitted(nbpcloud);
        assertTrue(store.update(TaskUpdate.of(kept.id()).cost(estimate)).applied());
        clock.advance(FIRST_POLL);
        nbpcloud.answers(ProviderStatus.failed("p-1", failure));
        handleDue(kept);
        assertEquals(TaskState.FAILED, read(kept).state());
        assertEquals(estimate, read(kept).cost());
    }

    @Test
    void aFailedPollIsRetriedLaterWithBackoffOrAfterTheProvidersRetryAfter() {
        Task task = submitted(nbpcloud);
        clock.advance(FIRST_POLL);
        nbpcloud.fails(ProviderException.of(ProviderId.of("nbpcloud"), ErrorClass.PROVIDER_UNAVAILABLE, 503, null, "busy"));
        SweepTally tally = handleDue(task);
        Task retried = read(task);
        assertEquals(TaskState.SUBMITTED, retried.state());
        assertEquals(1, retried.pollCount());
        assertEquals(clock.instant().plusSeconds(6), retried.nextCheckAt(), "4 s x 1.5");
        assertEquals(1, tally.polled.get());
        assertEquals(0, tally.advanced.get());

        clock.advance(Duration.ofSeconds(6));
        nbpcloud.fails(new ProviderException(ProviderId.of("nbpcloud"), ErrorClass.RATE_LIMITED, 429, null, "slow down",
                Duration.ofSeconds(20), false));
        handleDue(retried);
        Task again = read(task);
        assertEquals(TaskState.SUBMITTED, again.state());
        assertEquals(2, again.pollCount());
        assertEquals(clock.instant().plusSeconds(20), again.nextCheckAt(), "Retry-After beats 4 s x 1.5^2");
    }

    static Stream<ErrorClass> definitiveOnPoll() {
        return DEFINITIVE_ON_POLL.keySet().stream().sorted();
    }

    static Stream<ErrorClass> transientOnPoll() {
        return TRANSIENT_ON_POLL.keySet().stream().sorted();
    }

    @Test
    void everyErrorClassHasAPollRule() {
        Set<ErrorClass> decided = Stream.of(DEFINITIVE_ON_POLL.keySet(), TRANSIENT_ON_POLL.keySet(), OTHERWISE_DECIDED)
                .flatMap(Set::stream).collect(Collectors.toSet());
        assertEquals(Set.of(ErrorClass.values()), decided, "a new class needs a poll rule and a test");
    }

    @ParameterizedTest
    @MethodSource("definitiveOnPoll")
    void aDefinitivePollErrorEndsTheTaskAtOnceWithTheProvidersCodeAndMessage(ErrorClass errorClass) {
        Task task = submitted(nbpcloud);
        clock.advance(FIRST_POLL);
        int status = DEFINITIVE_ON_POLL.get(errorClass);
        nbpcloud.fails(ProviderException.of(ProviderId.of("nbpcloud"), errorClass, status, "E_" + status,
                "nbpcloud answered HTTP " + status + ": the provider's words"));
        SweepTally tally = handleDue(task);
        Task failed = read(task);
        assertEquals(TaskState.FAILED, failed.state(), "no retry until the deadline");
        assertEquals(errorClass.name(), failed.error().code());
        assertTrue(failed.error().message().contains("nbpcloud answered HTTP " + status + ": the provider's words"),
                failed.error().message());
        assertTrue(failed.error().message().contains("E_" + status), "the provider's own code: " + failed.error().message());
        assertEquals(errorClass.retriableByCaller(), failed.error().retriable());
        assertNull(failed.nextCheckAt(), "no webhook owed: the task leaves the index");
        assertEquals(1, tally.polled.get());
        assertEquals(1, tally.advanced.get());
    }

    @ParameterizedTest
    @MethodSource("transientOnPoll")
    void aTransientPollErrorIsRetriedWithBackoffUntilThePollSucceeds(ErrorClass errorClass) {
        Task task = submitted(nbpcloud);
        clock.advance(FIRST_POLL);
        int status = TRANSIENT_ON_POLL.get(errorClass);
        nbpcloud.fails(ProviderException.of(ProviderId.of("nbpcloud"), errorClass, status, null,
                "nbpcloud answered HTTP " + status));
        SweepTally tally = handleDue(task);
        Task retried = read(task);
        assertEquals(TaskState.SUBMITTED, retried.state());
        assertNull(retried.error());
        assertEquals(clock.instant().plusSeconds(6), retried.nextCheckAt(), "4 s x 1.5");
        assertEquals(0, tally.advanced.get());

        clock.advance(Duration.ofSeconds(6));
        nbpcloud.answers(ProviderStatus.succeeded("p-1", List.of(Output.of("https://cdn.example/a.png")), null));
        handleDue(retried);
        assertStoring(read(task));
    }

    @Test
    void pastItsDeadlineADefinitiveLastPollErrorEndsTheTaskWithThatErrorNotATimeout() {
        Task task = submitted(nbpcloud);
        clock.advance(DEADLINE);
        nbpcloud.fails(ProviderException.of(ProviderId.of("nbpcloud"), ErrorClass.CONTENT_REJECTED, 451, null,
                "nbpcloud answered HTTP 451: unsafe content"));
        SweepTally tally = handleDue(task);
        Task failed = read(task);
        assertEquals(TaskState.FAILED, failed.state());
        assertEquals("CONTENT_REJECTED", failed.error().code());
        assertTrue(failed.error().message().contains("unsafe content"), failed.error().message());
        assertEquals(1, tally.advanced.get());
        assertEquals(0, tally.timedOut.get());
    }

    @Test
    void pastItsDeadlineATransientLastPollErrorTimesOut() {
        Task task = submitted(nbpcloud);
        clock.advance(DEADLINE);
        nbpcloud.fails(ProviderException.of(ProviderId.of("nbpcloud"), ErrorClass.PROVIDER_UNAVAILABLE, 503, null,
                "nbpcloud answered HTTP 503"));
        SweepTally tally = handleDue(task);
        Task failed = read(task);
        assertEquals(TaskState.FAILED, failed.state());
        assertEquals("TIMEOUT", failed.error().code());
        assertEquals(1, tally.timedOut.get());
    }

    @Test
    void aPolledSuccessWithoutOutputsEndsFailedNotSucceededWithNothing() {
        Task task = submitted(nbpcloud);
        clock.advance(FIRST_POLL);
        nbpcloud.answers(ProviderStatus.succeeded("p-1", List.of(), null));
        handleDue(task);
        Task failed = read(task);
        assertEquals(TaskState.FAILED, failed.state());
        assertEquals("PROVIDER_ERROR", failed.error().code());
        assertEquals("the provider reported success without outputs", failed.error().message());
        assertEquals(List.of(), failed.outputs());
        assertNull(failed.nextCheckAt());
    }

    @Test
    void aPolledSuccessWhoseOnlyOutputHasNoUrlEndsFailed() {
        Task task = submitted(nbpcloud);
        clock.advance(FIRST_POLL);
        nbpcloud.answers(ProviderStatus.succeeded("p-1", List.of(new Output(" ", "image/png", null, null, null)), null));
        handleDue(task);
        Task failed = read(task);
        assertEquals(TaskState.FAILED, failed.state());
        assertEquals("PROVIDER_ERROR", failed.error().code());
        assertEquals(List.of(), failed.outputs());
    }

    @Test
    void aTaskTheProviderNoLongerKnowsIsRetriedWithinTheGraceThenFails() {
        Task task = submitted(nbpcloud);
        clock.advance(FIRST_POLL);
        nbpcloud.fails(ProviderException.of(ProviderId.of("nbpcloud"), ErrorClass.NOT_FOUND, 404, null, "unknown task"));
        handleDue(task);
        Task retried = read(task);
        assertEquals(TaskState.SUBMITTED, retried.state(), "the provider may not list a new task yet");
        assertEquals(clock.instant().plusSeconds(6), retried.nextCheckAt());

        clock.advance(Duration.ofSeconds(27)); // 31 s after the provider accepted the task
        nbpcloud.fails(ProviderException.of(ProviderId.of("nbpcloud"), ErrorClass.NOT_FOUND, 404, null, "unknown task"));
        SweepTally tally = handleDue(retried);
        Task failed = read(task);
        assertEquals(TaskState.FAILED, failed.state());
        assertEquals("NOT_FOUND", failed.error().code());
        assertEquals(1, tally.advanced.get());
        assertNull(failed.nextCheckAt());
    }

    @Test
    void pastItsDeadlineAnOpenTaskGetsALastPollThenTimesOut() {
        Task task = submitted(nbpcloud);
        clock.advance(DEADLINE);
        nbpcloud.answers(ProviderStatus.running("p-1", ProviderTaskState.RUNNING, 80, null));
        SweepTally tally = handleDue(task);
        Task failed = read(task);
        assertEquals(1, nbpcloud.polled.size());
        assertEquals(TaskState.FAILED, failed.state());
        assertEquals("TIMEOUT", failed.error().code());
        assertTrue(failed.error().retriable());
        assertEquals(1, tally.polled.get());
        assertEquals(1, tally.timedOut.get());
        assertNull(failed.nextCheckAt());
    }

    @Test
    void pastItsDeadlineATaskTheProviderHasFinishedSucceeds() {
        Task task = submitted(nbpcloud);
        clock.advance(DEADLINE);
        nbpcloud.answers(ProviderStatus.succeeded("p-1", List.of(Output.of("https://cdn.example/late.png")), null));
        SweepTally tally = handleDue(task);
        Task done = read(task);
        assertStoring(done);
        assertEquals(1, done.pollCount());
        assertEquals(1, tally.advanced.get());
        assertEquals(0, tally.timedOut.get());
    }

    @Test
    void pastItsDeadlineATaskNoProviderConfirmedFailsUncertainWithoutAPoll() {
        Task task = unconfirmed(revid);
        clock.advance(DEADLINE);
        SweepTally tally = handleDue(task);
        Task failed = read(task);
        assertEquals(TaskState.FAILED, failed.state());
        assertEquals("SUBMISSION_UNCERTAIN", failed.error().code());
        assertEquals(List.of(), revid.polled);
        assertEquals(1, tally.timedOut.get());
    }

    @Test
    void anUnconfirmedTaskAtAPollingProviderFailsUncertainAfterTheGraceAndIsNotResubmitted() {
        Task task = unconfirmed(nbpcloud);
        assertNotDueUntil(task, QUEUED_GRACE);
        SweepTally tally = handleDue(task);
        Task failed = read(task);
        assertEquals(TaskState.FAILED, failed.state());
        assertEquals("SUBMISSION_UNCERTAIN", failed.error().code());
        assertEquals(List.of(), failed.attempts());
        assertEquals(List.of(), nbpcloud.polled);
        assertEquals(1, tally.timedOut.get());
    }

    @Test
    void anUnconfirmedTaskAtACallbackProviderWaitsForItsCallbackUntilTheDeadline() {
        Task task = unconfirmed(revid);
        assertNotDueUntil(task, QUEUED_GRACE);
        SweepTally tally = handleDue(task);
        Task waiting = read(task);
        assertEquals(TaskState.QUEUED, waiting.state());
        assertEquals(task.deadline(), waiting.nextCheckAt());
        assertEquals(1, waiting.pollCount());
        assertEquals(List.of(), revid.polled);
        assertEquals(0, tally.timedOut.get() + tally.lost.get());
    }

    @Test
    void aTaskWhoseProviderWasDisabledWaitsForItsDeadline() {
        Task task = submitted(ScriptedProvider.polling(ProviderId.of("pixazo")));
        clock.advance(FIRST_POLL);
        handleDue(task);
        Task waiting = read(task);
        assertEquals(TaskState.SUBMITTED, waiting.state());
        assertEquals(task.deadline(), waiting.nextCheckAt());
    }

    // what a submit leaves behind

    /** A task the provider accepted: SUBMITTED with its provider task id, first due per the schedule. */
    private Task submitted(ScriptedProvider provider) {
        Task task = queued();
        String key = provider.id().key();
        Attempt accepted = new Attempt(key, "p-1", Attempt.ACCEPTED, null, null, null, clock.instant());
        TransitionResult r = store.update(TaskUpdate.of(task.id()).expectVersion(task.version())
                .state(TaskState.SUBMITTED).provider(key, "p-1").attempts(List.of(accepted))
                .nextCheckAt(clock.instant().plus(FIRST_POLL)));
        assertTrue(r.applied());
        return r.task();
    }

    /** What a submit that died while calling the provider leaves: QUEUED, naming the provider, no provider task id. */
    private Task unconfirmed(ScriptedProvider provider) {
        Task task = queued();
        TransitionResult r = store.update(TaskUpdate.of(task.id()).expectVersion(task.version())
                .provider(provider.id().key(), null));
        assertTrue(r.applied());
        return r.task();
    }

    private Task queued() {
        Instant now = clock.instant();
        GenerationRequest request = GenerationRequest.image("nano-banana-pro", "a banana in space", List.of());
        Task task = Task.queued(TaskIds.newId(), "owner-1", request, now, now.plus(QUEUED_GRACE), now.plus(DEADLINE),
                now.plus(Duration.ofDays(30)).getEpochSecond());
        assertTrue(store.create(task));
        return task;
    }

    // the sweeper's view

    /** The task is not due before {@code after} from now, and is due then; the clock is left there. */
    private void assertNotDueUntil(Task task, Duration after) {
        clock.advance(after.minusMillis(1));
        assertTrue(dueNow(task.id()).isEmpty(), "not due yet");
        clock.advance(Duration.ofMillis(1));
        assertTrue(dueNow(task.id()).isPresent(), "due");
    }

    /** Takes the task from the index, as the sweeper would, and lets the per-task decision handle it. */
    private SweepTally handleDue(Task task) {
        Task due = dueNow(task.id()).orElseThrow(() -> new AssertionError("not due: " + task.id()));
        SweepTally tally = new SweepTally(Instant.MAX);
        sweep.handle(due, tally);
        return tally;
    }

    private Optional<Task> dueNow(String taskId) {
        for (int shard = 0; shard < store.shards(); shard++) {
            String cursor = null;
            do {
                DuePage page = store.dueTasks(shard, clock.instant(), 100, cursor);
                Optional<Task> found = page.tasks().stream().filter(t -> t.id().equals(taskId)).findFirst();
                if (found.isPresent()) {
                    return found;
                }
                cursor = page.hasMore() ? page.cursor() : null;
            } while (cursor != null);
        }
        return Optional.empty();
    }

    private Task read(Task task) {
        return store.get(task.id()).orElseThrow();
    }

    /** A clock that moves only when the test moves it. */
    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    /** The provider's success is applied: the task waits, RUNNING at 100, for its outputs to be stored. */
    private static void assertStoring(Task done) {
        assertEquals(TaskState.RUNNING, done.state());
        assertEquals(100, done.progress());
        org.junit.jupiter.api.Assertions.assertTrue(done.storing(), "storing its outputs");
    }
}
