package dev.bananagateway.lifecycle;

import dev.bananagateway.observability.Metrics;
import dev.bananagateway.config.GatewayConfig;
import dev.bananagateway.config.TestConfigs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bananagateway.model.GenerationRequest;
import dev.bananagateway.provider.ErrorClass;
import dev.bananagateway.provider.ProviderId;
import dev.bananagateway.provider.Providers;
import dev.bananagateway.provider.crun.CrunProvider;
import dev.bananagateway.provider.revid.RevidProvider;
import dev.bananagateway.task.Attempt;
import dev.bananagateway.task.DuePage;
import dev.bananagateway.task.DynamoTaskStore;
import dev.bananagateway.task.RecordedAnswer;
import dev.bananagateway.task.Task;
import dev.bananagateway.task.TaskIds;
import dev.bananagateway.task.IdempotencyClaim;
import dev.bananagateway.task.TaskState;
import dev.bananagateway.task.TaskStore;
import dev.bananagateway.task.TaskUpdate;
import dev.bananagateway.task.TransitionResult;
import dev.bananagateway.task.WebhookState;
import dev.bananagateway.testing.LocalDynamo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Which provider callbacks a task takes, against DynamoDB Local with the real revid and crun callback
 * parsers; no Quarkus. A valid token proves only that we once handed that provider the URL: a
 * callback is applied when its path names the provider that now holds the task and, once the task
 * has a provider task id, its body names that task.
 */
class CallbackServiceTest {

    private static final String PLANTED = "https://evil.example/planted.png";

    private static DynamoDbClient dynamo;
    private static String table;

    private final Clock clock = Clock.fixed(Instant.parse("2030-01-01T08:00:00Z"), ZoneOffset.UTC);
    private final CallbackTokens tokens = new CallbackTokens(Optional.of("callback-test-secret"));
    private DynamoTaskStore store;
    private CallbackService callbacks;

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
        store = new DynamoTaskStore(dynamo, table, 4, LocalDynamo.json(), clock);
        Providers providers = new Providers(List.of(new RevidProvider(Optional.empty()),
                new CrunProvider(Optional.empty())));
        Transitions transitions = new Transitions(store, clock, Duration.ZERO, Metrics.disabled());
        callbacks = new CallbackService(tokens, store, providers, transitions, noCopyTime(transitions));
    }

    @Test
    void aCallbackFromTheProviderThatRefusedTheCreateDoesNotTouchTheTaskThatFailedOver() {
        // revid refused with 429 (it had been handed its callback URL), crun accepted as c-1
        Task task = failedOverFromRevidToCrun();

        CallbackService.Outcome outcome = revidCallback(task, revidSuccess(null, PLANTED));
        assertEquals(CallbackService.Outcome.IGNORED, outcome);
        assertUnchanged(task);

        // naming crun's task in the body does not make revid the task's provider either
        assertEquals(CallbackService.Outcome.IGNORED, revidCallback(task, revidSuccess("c-1", PLANTED)));
        assertUnchanged(task);

        // crun, which holds the task, still completes it
        assertEquals(CallbackService.Outcome.ACCEPTED, crunCallback(task, crunSuccess("c-1",
                "https://cdn.crun.example/c-1.png")));
        Task done = read(task);
        assertStoring(done);
        assertEquals("https://cdn.crun.example/c-1.png", done.outputs().get(0).url());
    }

    @Test
    void aCallbackWithoutTheProviderTaskIdChangesNothingOnceTheTaskHasOne() {
        Task task = submitted("revid", "r-1");

        assertEquals(CallbackService.Outcome.IGNORED, revidCallback(task, revidSuccess(null, PLANTED)));
        assertUnchanged(task);
        assertEquals(CallbackService.Outcome.IGNORED, revidCallback(task, revidSuccess("r-other", PLANTED)));
        assertUnchanged(task);

        assertEquals(CallbackService.Outcome.ACCEPTED, revidCallback(task,
                revidSuccess("r-1", "https://cdn.revid.example/r-1.png")));
        Task done = read(task);
        assertStoring(done);
        assertEquals("https://cdn.revid.example/r-1.png", done.outputs().get(0).url());
    }

    @Test
    void beforeAnyProviderConfirmedTheTaskOnlyThePlannedProvidersCallbackIsApplied() {
        // the write-ahead names revid; its create answer is still out (or was lost)
        Task task = queued("revid");

        assertEquals(CallbackService.Outcome.IGNORED, crunCallback(task, crunSuccess("c-9", PLANTED)));
        assertUnchanged(task);

        assertEquals(CallbackService.Outcome.ACCEPTED, revidCallback(task,
                revidSuccess("r-7", "https://cdn.revid.example/r-7.png")));
        Task done = read(task);
        assertStoring(done);
        assertEquals("revid", done.provider());
        assertEquals("r-7", done.providerTaskId(), "the callback recorded the provider task id");
    }

    @Test
    void aCallbackReportingSuccessWithoutOutputsEndsTheTaskFailed() {
        Task task = submitted("revid", "r-1");

        assertEquals(CallbackService.Outcome.ACCEPTED, revidCallback(task, """
                {"code":200,"msg":"success","data":{"taskId":"r-1","state":"success",
                 "resultJson":"{\\"resultUrls\\":[]}"}}"""));
        Task failed = read(task);
        assertEquals(TaskState.FAILED, failed.state());
        assertEquals("PROVIDER_ERROR", failed.error().code());
        assertEquals("the provider reported success without outputs", failed.error().message());
        assertTrue(failed.error().retriable());
        assertEquals(List.of(), failed.outputs());
    }

    @Test
    void aFailoverWrittenBetweenTheCallbacksReadAndItsWriteIsSeen() {
        Task task = queued("revid");
        // the submit records revid's refusal and moves on to crun right after the callback read the task
        TaskStore racing = new DelegatingStore(store) {
            private boolean raced;

            @Override
            public Optional<Task> get(String taskId) {
                Optional<Task> read = super.get(taskId);
                if (!raced) {
                    raced = true;
                    write(TaskUpdate.of(taskId).provider("crun", null).attempts(List.of(new Attempt("revid", null,
                            Attempt.REJECTED, ErrorClass.RATE_LIMITED.name(), 429, "revid answered HTTP 429",
                            clock.instant()))));
                }
                return read;
            }
        };
        CallbackService raced = new CallbackService(tokens, racing, new Providers(List.of(
                new RevidProvider(Optional.empty()), new CrunProvider(Optional.empty()))), new Transitions(store, clock,
                Duration.ZERO, Metrics.disabled()), noCopyTime(new Transitions(store, clock, Duration.ZERO, Metrics.disabled())));

        assertEquals(CallbackService.Outcome.IGNORED, raced.handle("revid", task.id(),
                tokens.tokenFor(RevidProvider.ID, task.id()), revidSuccess("r-1", PLANTED), Map.of()));
        Task now = read(task);
        assertEquals(TaskState.QUEUED, now.state());
        assertEquals("crun", now.provider(), "the failover stands");
        assertNull(now.providerTaskId());
        assertEquals(List.of(), now.outputs());
    }

    @Test
    void aBadTokenIsStillRefusedBeforeAnyBinding() {
        Task task = submitted("revid", "r-1");
        assertEquals(CallbackService.Outcome.UNAUTHORIZED, callbacks.handle("revid", task.id(), "forged",
                revidSuccess("r-1", PLANTED), Map.of()));
        assertEquals(CallbackService.Outcome.UNAUTHORIZED, callbacks.handle("revid", task.id(),
                tokens.tokenFor(CrunProvider.ID, task.id()), revidSuccess("r-1", PLANTED), Map.of()));
        assertUnchanged(task);
    }

    // the tasks

    private Task failedOverFromRevidToCrun() {
        Task task = queued("revid");
        List<Attempt> attempts = List.of(
                new Attempt("revid", null, Attempt.REJECTED, ErrorClass.RATE_LIMITED.name(), 429,
                        "revid answered HTTP 429", clock.instant()),
                new Attempt("crun", "c-1", Attempt.ACCEPTED, null, null, null, clock.instant()));
        return write(TaskUpdate.of(task.id()).expectVersion(task.version()).state(TaskState.SUBMITTED)
                .provider("crun", "c-1").attempts(attempts).nextCheckAt(clock.instant().plusSeconds(60)));
    }

    private Task submitted(String provider, String providerTaskId) {
        Task task = queued(provider);
        Attempt accepted = new Attempt(provider, providerTaskId, Attempt.ACCEPTED, null, null, null, clock.instant());
        return write(TaskUpdate.of(task.id()).expectVersion(task.version()).state(TaskState.SUBMITTED)
                .provider(provider, providerTaskId).attempts(List.of(accepted))
                .nextCheckAt(clock.instant().plusSeconds(60)));
    }

    private Task queued(String provider) {
        Instant now = clock.instant();
        GenerationRequest request = GenerationRequest.image("nano-banana", "a banana in space", List.of());
        Task task = Task.queued(TaskIds.newId(), "owner-1", request, now, now.plusSeconds(120),
                now.plus(Duration.ofMinutes(15)), now.plus(Duration.ofDays(30)).getEpochSecond());
        assertTrue(store.create(task));
        return write(TaskUpdate.of(task.id()).expectVersion(task.version()).provider(provider, null));
    }

    private Task write(TaskUpdate update) {
        TransitionResult r = store.update(update);
        assertTrue(r.applied());
        return r.task();
    }

    // the callbacks, each with the valid token for its path

    private CallbackService.Outcome revidCallback(Task task, String body) {
        return callbacks.handle("revid", task.id(), tokens.tokenFor(RevidProvider.ID, task.id()), body, Map.of());
    }

    private CallbackService.Outcome crunCallback(Task task, String body) {
        return callbacks.handle("crun", task.id(), tokens.tokenFor(ProviderId.of("crun"), task.id()), body, Map.of());
    }

    private static String revidSuccess(String taskId, String url) {
        String id = taskId == null ? "" : "\"taskId\":\"" + taskId + "\",";
        return "{\"code\":200,\"msg\":\"success\",\"data\":{" + id + "\"state\":\"success\","
                + "\"resultJson\":\"{\\\"resultUrls\\\":[\\\"" + url + "\\\"]}\"}}";
    }

    private static String crunSuccess(String taskId, String url) {
        return "{\"task_id\":\"" + taskId + "\",\"status\":\"success\",\"result\":{\"media_urls\":[\"" + url + "\"]}}";
    }

    private void assertUnchanged(Task before) {
        Task now = read(before);
        assertEquals(before.version(), now.version(), "nothing was written");
        assertEquals(before.state(), now.state());
        assertEquals(List.of(), now.outputs());
        assertNull(now.error());
    }

    private Task read(Task task) {
        return store.get(task.id()).orElseThrow();
    }

    /** A store that passes every call on, for tests that slip a write in between. */
    private static class DelegatingStore implements TaskStore {
        private final TaskStore delegate;

        DelegatingStore(TaskStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public boolean create(Task task) {
            return delegate.create(task);
        }

        @Override
        public Optional<Task> get(String taskId) {
            return delegate.get(taskId);
        }

        @Override
        public TransitionResult update(TaskUpdate update) {
            return delegate.update(update);
        }

        @Override
        public TransitionResult recordWebhook(String taskId, long expectedVersion, WebhookState state, Instant nextTryAt) {
            return delegate.recordWebhook(taskId, expectedVersion, state, nextTryAt);
        }

        @Override
        public DuePage dueTasks(int shard, Instant now, int limit, String cursor) {
            return delegate.dueTasks(shard, now, limit, cursor);
        }

        @Override
        public dev.bananagateway.task.TaskList.Page list(dev.bananagateway.task.TaskList.Query query) {
            return delegate.list(query);
        }

        @Override
        public int countDue(int shard, Instant until, int limit) {
            return delegate.countDue(shard, until, limit);
        }

        @Override
        public Optional<Instant> earliestCheck(int shard) {
            return delegate.earliestCheck(shard);
        }

        @Override
        public int shards() {
            return delegate.shards();
        }

        @Override
        public IdempotencyClaim claimIdempotencyKey(String owner, String key, String requestHash, String taskId,
                Instant expiresAt, Instant now, Instant abandonedBefore) {
            return delegate.claimIdempotencyKey(owner, key, requestHash, taskId, expiresAt, now, abandonedBefore);
        }

        @Override
        public boolean createClaimed(Task task, String owner, String key) {
            return delegate.createClaimed(task, owner, key);
        }

        @Override
        public void recordIdempotentAnswer(String owner, String key, String taskId, RecordedAnswer answer) {
            delegate.recordIdempotentAnswer(owner, key, taskId, answer);
        }

        @Override
        public Map<String, ProviderHealthRecord> providerHealth() {
            return delegate.providerHealth();
        }

        @Override
        public void recordProviderFailure(String provider, Instant at) {
            delegate.recordProviderFailure(provider, at);
        }

        @Override
        public void resetProviderFailures(String provider) {
            delegate.resetProviderFailures(provider);
        }
    }

    /** The provider's success is applied: the task waits, RUNNING at 100, for its outputs to be stored. */
    private static void assertStoring(Task done) {
        assertEquals(TaskState.RUNNING, done.state());
        assertEquals(100, done.progress());
        org.junit.jupiter.api.Assertions.assertTrue(done.storing(), "storing its outputs");
    }

    /** No time to copy outputs: these tests are about which callbacks apply, the copy is OutputCustody's. */
    private static final GatewayConfig CONFIG = TestConfigs.gateway(Map.of("gateway.media.callback-copy-budget", "0S"));

    private OutputCustody noCopyTime(Transitions transitions) {
        return new OutputCustody(store, transitions, null, clock, CONFIG);
    }
}
