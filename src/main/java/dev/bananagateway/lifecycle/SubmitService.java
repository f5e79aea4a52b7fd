package dev.bananagateway.lifecycle;

import dev.bananagateway.config.GatewayConfig;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.bananagateway.model.Cost;
import dev.bananagateway.model.GenerationRequest;
import dev.bananagateway.routing.Router;
import dev.bananagateway.routing.Routing;
import dev.bananagateway.routing.ProviderHealth;
import dev.bananagateway.task.Attempt;
import dev.bananagateway.task.IdempotencyClaim;
import dev.bananagateway.task.Task;
import dev.bananagateway.task.TaskIds;
import dev.bananagateway.task.TaskState;
import dev.bananagateway.task.TaskStore;
import dev.bananagateway.task.TaskUpdate;
import dev.bananagateway.task.TransitionResult;
import dev.bananagateway.provider.ErrorClass;
import dev.bananagateway.provider.Provider;
import dev.bananagateway.provider.ProviderException;
import dev.bananagateway.provider.Submission;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Submit: idempotency claim, write-ahead, provider create with failover, record the outcome. The
 * task is written (QUEUED, with the provider about to be called) before any provider call, so no paid
 * provider task exists without a record; a create whose outcome is unknown is never resubmitted.
 */
@ApplicationScoped
public class SubmitService {

    private static final Logger LOG = Logger.getLogger(SubmitService.class);

    private final Router router;
    private final ProviderHealth health;
    private final TaskStore store;
    private final Transitions transitions;
    private final CallbackTokens tokens;
    private final Clock clock;
    private final ObjectMapper canonicalJson;
    private final Schedule schedule;
    private final Duration idempotencyRetention;
    private final Duration retention;
    private final Duration budget;
    private final RequestBudgets requestBudgets;

    public SubmitService(Router router, ProviderHealth health, TaskStore store, Transitions transitions,
            CallbackTokens tokens, Clock clock, ObjectMapper json, Schedule schedule, RequestBudgets requestBudgets,
            GatewayConfig config) {
        this.router = router;
        this.health = health;
        this.store = store;
        this.transitions = transitions;
        this.tokens = tokens;
        this.clock = clock;
        this.canonicalJson = json.copy().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
        this.schedule = schedule;
        this.idempotencyRetention = config.idempotency().retention();
        this.retention = config.tasks().retention();
        this.budget = config.submit().budget();
        this.requestBudgets = requestBudgets;
    }

    /** {@code idempotencyKey} is null or a well-formed key (the API checks the header's syntax). */
    public SubmitOutcome submit(String owner, String idempotencyKey, GenerationRequest request, String publicBaseUrl) {
        Routing routing = router.route(request);
        if (routing instanceof Routing.Unroutable why) {
            return new SubmitOutcome.Refused(new SubmitOutcome.Unroutable(why));
        }
        List<Provider> route = ((Routing.Routed) routing).providers();
        Instant now = clock.instant();
        String taskId = TaskIds.newId();
        if (idempotencyKey != null) {
            Optional<SubmitOutcome> earlier = claim(owner, idempotencyKey, request, taskId, now);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        Task task = Task.queued(taskId, owner, request, now, now.plus(schedule.queuedGrace()),
                now.plus(schedule.deadline(request)), now.plus(retention).getEpochSecond());
        task = withPlannedProvider(task, route.get(0), request);
        if (!store.create(task)) {
            throw new IllegalStateException("task id collision");
        }
        return callProviders(task, route, publicBaseUrl, now.plus(budget));
    }

    /**
     * Calls the route's providers in turn until one accepts. A failover call starts only if it can
     * end, even by timing out, before {@code answerBy}: the submit must answer (and record the
     * outcome) within the function's timeout, or the caller is left without a task id.
     */
    private SubmitOutcome callProviders(Task task, List<Provider> route, String publicBaseUrl, Instant answerBy) {
        long version = task.version();
        List<Attempt> attempts = new ArrayList<>();
        GenerationRequest request = task.request();
        for (int i = 0; i < route.size(); i++) {
            Provider provider = route.get(i);
            String callbackUrl = provider.supportsCallbacks() && tokens.configured()
                    ? tokens.callbackUrl(publicBaseUrl, provider.id(), task.id()) : null;
            Instant calledAt = clock.instant();
            try {
                // the provider key's shared budget first: without a token in time, a refusal like a 429
                requestBudgets.awaitCreate(provider, answerBy.minus(provider.longestCall()));
                calledAt = clock.instant();
                Submission accepted = provider.submit(request, callbackUrl);
                String providerTaskId = accepted.taskId();
                health.recordSuccess(provider.id());
                attempts.add(new Attempt(provider.id().key(), providerTaskId, Attempt.ACCEPTED, null, null, null, calledAt));
                // the charge the create answer reports, else the estimate from the provider's price
                Cost cost = accepted.charge() != null ? accepted.charge() : provider.price(request).estimate();
                TransitionResult r = store.update(TaskUpdate.of(task.id()).expectVersion(version)
                        .state(TaskState.SUBMITTED).provider(provider.id().key(), providerTaskId).attempts(attempts)
                        .cost(cost)
                        .nextCheckAt(clock.instant().plus(schedule.firstCheck(provider))));
                // lost only to a callback or sweeper that already moved the task on: show that
                return new SubmitOutcome.Accepted(r.task());
            } catch (ProviderException e) {
                boolean uncertain = e.possiblyAccepted();
                attempts.add(new Attempt(provider.id().key(), null, uncertain ? Attempt.UNCERTAIN : Attempt.REJECTED,
                        e.errorClass().name(), e.httpStatus() == 0 ? null : e.httpStatus(), e.getMessage(), calledAt));
                LOG.infof("create failed taskId=%s provider=%s class=%s status=%d uncertain=%s", task.id(),
                        provider.id().key(), e.errorClass(), e.httpStatus(), uncertain);
                if (e.errorClass().failover()) {
                    health.recordFailure(provider.id());
                }
                if (uncertain) {
                    return uncertain(task, version, provider, attempts);
                }
                boolean last = i == route.size() - 1;
                if (!e.errorClass().failover()) {
                    return failed(task, version, attempts, e.errorClass(),
                            new SubmitOutcome.ProviderRefused(e.errorClass()),
                            "the provider refused the request: " + e.getMessage());
                }
                if (last) {
                    return failed(task, version, attempts, e.errorClass(),
                            new SubmitOutcome.AllProvidersFailed(transientOnly(attempts)),
                            "every provider that can serve the request failed");
                }
                Provider next = route.get(i + 1);
                if (clock.instant().plus(next.longestCall()).isAfter(answerBy)) {
                    LOG.infof("no time left to fail over taskId=%s next=%s", task.id(), next.id().key());
                    return failed(task, version, attempts, e.errorClass(),
                            new SubmitOutcome.BudgetExhausted(next.id(), transientOnly(attempts)),
                            "the providers tried failed, and no time was left within the submit budget to try "
                                    + next.id().key());
                }
                TransitionResult r = store.update(TaskUpdate.of(task.id()).expectVersion(version)
                        .provider(next.id().key(), null).degraded(next.degradations(request)).attempts(attempts));
                if (!r.applied()) {
                    return new SubmitOutcome.Accepted(r.task());
                }
                version = r.task().version();
            }
        }
        throw new IllegalStateException("route was empty");
    }

    /**
     * The provider may have accepted the create. A callback provider can still report it (the callback
     * URL carries our task id), so the task waits; otherwise it fails now, without resubmitting.
     */
    private SubmitOutcome uncertain(Task task, long version, Provider provider, List<Attempt> attempts) {
        if (provider.supportsCallbacks() && tokens.configured()) {
            TransitionResult r = store.update(TaskUpdate.of(task.id()).expectVersion(version).attempts(attempts)
                    .nextCheckAt(task.deadline()));
            return new SubmitOutcome.Accepted(r.task());
        }
        TransitionResult r = transitions.fail(task, version, ErrorClass.SUBMISSION_UNCERTAIN,
                "the provider's answer to the create call was lost; it was not resubmitted to avoid a double charge",
                attempts);
        return r.applied() ? new SubmitOutcome.Failed(r.task(), new SubmitOutcome.SubmissionUncertain())
                : new SubmitOutcome.Accepted(r.task());
    }

    /** Fails the task; a callback or sweeper that moved it on first wins, and the task is shown as it is. */
    private SubmitOutcome failed(Task task, long version, List<Attempt> attempts, ErrorClass errorClass,
            SubmitOutcome.Failure reason, String message) {
        TransitionResult r = transitions.fail(task, version, errorClass, message, attempts);
        return r.applied() ? new SubmitOutcome.Failed(r.task(), reason) : new SubmitOutcome.Accepted(r.task());
    }

    /** True when every attempt failed in a way that may pass: rate limited or unavailable. */
    private static boolean transientOnly(List<Attempt> attempts) {
        return attempts.stream().allMatch(a -> ErrorClass.RATE_LIMITED.name().equals(a.errorClass())
                || ErrorClass.PROVIDER_UNAVAILABLE.name().equals(a.errorClass()));
    }

    /**
     * Empty when this call owns the key; otherwise the answer: the earlier task when the key was used
     * with the same request, a refusal when with another one or while the first is still being written.
     */
    private Optional<SubmitOutcome> claim(String owner, String key, GenerationRequest request, String taskId,
            Instant now) {
        String hash = fingerprint(request);
        IdempotencyClaim claim = store.claimIdempotencyKey(owner, key, hash, taskId, now.plus(idempotencyRetention),
                now);
        if (claim.claimed()) {
            return Optional.empty();
        }
        if (!claim.requestHash().equals(hash)) {
            return Optional.of(new SubmitOutcome.Refused(new SubmitOutcome.IdempotencyKeyReused()));
        }
        // the first submit claims the key just before writing its task: wait for the write briefly
        for (int i = 0; i < 50; i++) {
            Optional<Task> task = store.get(claim.taskId());
            if (task.isPresent()) {
                return Optional.of(new SubmitOutcome.Replayed(task.get()));
            }
            sleep(Duration.ofMillis(50));
        }
        return Optional.of(new SubmitOutcome.Refused(new SubmitOutcome.IdempotentRequestInProgress()));
    }

    private String fingerprint(GenerationRequest request) {
        try {
            byte[] canonical = canonicalJson.writeValueAsString(request).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint the request", e);
        }
    }

    /**
     * The provider about to be called, and what it will not get as asked: the record follows the
     * provider (here and on failover), so the task shows the degradations of the one that serves it.
     */
    private static Task withPlannedProvider(Task t, Provider provider, GenerationRequest request) {
        return t.toBuilder().provider(provider.id().key()).providerTaskId(null)
                .degraded(provider.degradations(request)).build();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
