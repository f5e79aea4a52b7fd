package dev.bananagateway.lifecycle;

import dev.bananagateway.config.GatewayConfig;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.bananagateway.media.MediaException;
import dev.bananagateway.model.Cost;
import dev.bananagateway.observability.LogContext;
import dev.bananagateway.observability.Metrics;
import dev.bananagateway.model.GenerationRequest;
import dev.bananagateway.routing.Router;
import dev.bananagateway.routing.Routing;
import dev.bananagateway.routing.ProviderHealth;
import dev.bananagateway.task.Attempt;
import dev.bananagateway.task.IdempotencyClaim;
import dev.bananagateway.task.RecordedAnswer;
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
    private final Duration claimGrace;
    private final Duration queuedGrace;
    private final Duration retention;
    private final Duration budget;
    private final Metrics metrics;
    private final RequestBudgets requestBudgets;
    private final ReferenceUploads uploads;

    public SubmitService(Router router, ProviderHealth health, TaskStore store, Transitions transitions,
            CallbackTokens tokens, Clock clock, ObjectMapper json, Schedule schedule, RequestBudgets requestBudgets,
            GatewayConfig config, Metrics metrics, ReferenceUploads uploads) {
        this.metrics = metrics;
        this.uploads = uploads;
        this.router = router;
        this.health = health;
        this.store = store;
        this.transitions = transitions;
        this.tokens = tokens;
        this.clock = clock;
        this.canonicalJson = json.copy().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
        this.schedule = schedule;
        this.idempotencyRetention = config.idempotency().retention();
        this.claimGrace = config.idempotency().claimGrace();
        this.queuedGrace = config.tasks().queuedGrace();
        this.retention = config.tasks().retention();
        this.budget = config.submit().budget();
        this.requestBudgets = requestBudgets;
    }

    /**
     * {@code idempotencyKey} is null or a well-formed key (the API checks the header's syntax);
     * {@code publicBaseUrl} is the base of callback URLs, null when none is known (providers are then polled).
     */
    public SubmitOutcome submit(String owner, String idempotencyKey, GenerationRequest request, String publicBaseUrl) {
        Routing routing = router.route(request);
        if (routing instanceof Routing.Unroutable why) {
            return new SubmitOutcome.Refused(new SubmitOutcome.Unroutable(why));
        }
        // uploads are checked before anything is written: a refused reference leaves no trace
        ReferenceUploads.Checked references = checkUploads(owner, request, ((Routing.Routed) routing).providers());
        if (references.refusal() != null) {
            return new SubmitOutcome.Refused(new SubmitOutcome.ReferenceRefused(references.refusal()));
        }
        List<Provider> route = references.route();
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
        if (idempotencyKey == null) {
            if (!store.create(task)) {
                throw new IllegalStateException("task id collision");
            }
        } else if (!store.createClaimed(task, owner, idempotencyKey)) {
            // this submit stalled past the claim grace and another took the key over; nothing was
            // written, and the other submit's answer is the key's answer
            LOG.infof("idempotency claim taken over before the task was written taskId=%s", taskId);
            return inProgress(Duration.ofSeconds(1));
        }
        return callProviders(task, uploads.forProvider(references, request, task.deadline()), route, publicBaseUrl,
                now.plus(budget));
    }

    private ReferenceUploads.Checked checkUploads(String owner, GenerationRequest request, List<Provider> route) {
        try {
            return uploads.check(owner, request, route);
        } catch (MediaException e) {
            throw new IllegalStateException("the uploads could not be checked: " + e.getMessage(), e);
        }
    }

    /**
     * Calls the route's providers in turn until one accepts. A failover call starts only if it can
     * end, even by timing out, before {@code answerBy}: the submit must answer (and record the
     * outcome) within the function's timeout, or the caller is left without a task id. {@code sent}
     * is the task's request as providers get it (uploads as presigned URLs).
     */
    private SubmitOutcome callProviders(Task task, GenerationRequest sent, List<Provider> route, String publicBaseUrl,
            Instant answerBy) {
        long version = task.version();
        List<Attempt> attempts = new ArrayList<>();
        GenerationRequest request = task.request();
        for (int i = 0; i < route.size(); i++) {
            Provider provider = route.get(i);
            LogContext.task(task.id(), provider.id().key());
            String callbackUrl = provider.supportsCallbacks() && tokens.configured() && publicBaseUrl != null
                    ? tokens.callbackUrl(publicBaseUrl, provider.id(), task.id()) : null;
            Instant calledAt = clock.instant();
            try {
                // the provider key's shared budget first: without a token in time, a refusal like a 429
                requestBudgets.awaitCreate(provider, answerBy.minus(provider.longestCall()));
                calledAt = clock.instant();
                Submission accepted = provider.submit(sent, callbackUrl);
                metrics.providerCall(provider.id().key(), "create", millisSince(calledAt), null);
                String providerTaskId = accepted.taskId();
                health.recordSuccess(provider.id());
                attempts.add(new Attempt(provider.id().key(), providerTaskId, Attempt.ACCEPTED, null, null, null, calledAt));
                // the charge the create answer reports, else the estimate from the provider's price
                Cost cost = accepted.charge() != null ? accepted.charge() : provider.price(request).estimate();
                TransitionResult r = store.update(TaskUpdate.of(task.id()).expectVersion(version)
                        .state(TaskState.SUBMITTED).provider(provider.id().key(), providerTaskId).attempts(attempts)
                        .cost(cost)
                        .nextCheckAt(clock.instant().plus(schedule.firstCheck(provider))));
                metrics.taskSubmitted(provider.id().key());
                // lost only to a callback, sweeper or cancel that already moved the task on: show that
                return new SubmitOutcome.Accepted(
                        recordIfCanceled(r, provider.id().key(), providerTaskId, attempts, cost));
            } catch (ProviderException e) {
                metrics.providerCall(provider.id().key(), "create", millisSince(calledAt), e.errorClass().name());
                boolean uncertain = e.possiblyAccepted();
                attempts.add(new Attempt(provider.id().key(), null, uncertain ? Attempt.UNCERTAIN : Attempt.REJECTED,
                        e.errorClass().name(), e.httpStatus() == 0 ? null : e.httpStatus(), e.getMessage(), calledAt));
                LOG.infof("create failed taskId=%s provider=%s class=%s status=%d uncertain=%s", task.id(),
                        provider.id().key(), e.errorClass(), e.httpStatus(), uncertain);
                if (e.errorClass().failover()) {
                    health.recordFailure(provider.id());
                }
                if (uncertain) {
                    return uncertain(task, version, attempts, callbackUrl != null);
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
                    // a cancel stops the failover
                    return new SubmitOutcome.Accepted(recordIfCanceled(r, provider.id().key(), null, attempts, null));
                }
                version = r.task().version();
            }
        }
        throw new IllegalStateException("route was empty");
    }

    /**
     * The provider may have accepted the create. A callback provider given a callback URL can still
     * report it (the URL carries our task id), so the task waits; otherwise it fails now, without
     * resubmitting.
     */
    private SubmitOutcome uncertain(Task task, long version, List<Attempt> attempts, boolean callbackUrlGiven) {
        if (callbackUrlGiven) {
            TransitionResult r = store.update(TaskUpdate.of(task.id()).expectVersion(version).attempts(attempts)
                    .nextCheckAt(task.deadline()));
            return new SubmitOutcome.Accepted(recordIfCanceled(r, lastProvider(attempts), null, attempts, null));
        }
        TransitionResult r = transitions.fail(task, version, ErrorClass.SUBMISSION_UNCERTAIN,
                "the provider's answer to the create call was lost; it was not resubmitted to avoid a double charge",
                attempts);
        return r.applied() ? new SubmitOutcome.Failed(r.task(), new SubmitOutcome.SubmissionUncertain())
                : new SubmitOutcome.Accepted(recordIfCanceled(r, lastProvider(attempts), null, attempts, null));
    }

    /**
     * The task as a losing write found it. When the caller canceled it while this submit was calling
     * providers, the attempts made (and the provider task, when one accepted) are still recorded: the
     * provider may run and charge for it.
     */
    private Task recordIfCanceled(TransitionResult lost, String provider, String providerTaskId,
            List<Attempt> attempts, Cost cost) {
        if (lost.applied() || lost.task() == null || lost.task().state() != TaskState.CANCELED) {
            return lost.task();
        }
        TransitionResult recorded = transitions.recordSubmitAfterCancel(lost.task(), provider,
                providerTaskId, attempts, cost);
        return recorded.task() == null ? lost.task() : recorded.task();
    }

    private static String lastProvider(List<Attempt> attempts) {
        return attempts.get(attempts.size() - 1).provider();
    }

    /** Fails the task; a callback or sweeper that moved it on first wins, and the task is shown as it is. */
    private SubmitOutcome failed(Task task, long version, List<Attempt> attempts, ErrorClass errorClass,
            SubmitOutcome.Failure reason, String message) {
        TransitionResult r = transitions.fail(task, version, errorClass, message, attempts);
        return r.applied() ? new SubmitOutcome.Failed(r.task(), reason)
                : new SubmitOutcome.Accepted(
                        recordIfCanceled(r, lastProvider(attempts), null, attempts, null));
    }

    /** True when every attempt failed in a way that may pass: rate limited or unavailable. */
    private static boolean transientOnly(List<Attempt> attempts) {
        return attempts.stream().allMatch(a -> ErrorClass.RATE_LIMITED.name().equals(a.errorClass())
                || ErrorClass.PROVIDER_UNAVAILABLE.name().equals(a.errorClass()));
    }

    /**
     * Empty when this call owns the key; otherwise the answer: the first submit's answer when the key
     * was used with the same request, a refusal when with another one, and 409 with the time to retry
     * while the first submit has not answered. Never waits: a claim whose task was never written (its
     * submit died between the two writes) is taken over once {@code claim-grace} has passed.
     */
    private Optional<SubmitOutcome> claim(String owner, String key, GenerationRequest request, String taskId,
            Instant now) {
        String hash = fingerprint(request);
        IdempotencyClaim claim = store.claimIdempotencyKey(owner, key, hash, taskId, now.plus(idempotencyRetention),
                now, now.minus(claimGrace));
        if (claim.claimed()) {
            return Optional.empty();
        }
        if (!claim.requestHash().equals(hash)) {
            return Optional.of(new SubmitOutcome.Refused(new SubmitOutcome.IdempotencyKeyReused()));
        }
        if (claim.answer() != null) {
            return Optional.of(new SubmitOutcome.ReplayedAnswer(claim.taskId(), claim.answer()));
        }
        if (claim.claimedAt() == null || claim.taskWritten()) {
            // the first submit is calling providers, or died doing so: then its task, once the sweeper
            // may resolve it, is the only answer there will be (a claim from before claims were dated
            // is treated alike)
            boolean firstSubmitOver = claim.claimedAt() == null || claim.claimedAt().plus(queuedGrace).isBefore(now);
            Optional<Task> task = firstSubmitOver ? store.get(claim.taskId()) : Optional.empty();
            if (task.isPresent()) {
                return Optional.of(new SubmitOutcome.Replayed(task.get()));
            }
            return Optional.of(inProgress(Duration.ofSeconds(1)));
        }
        // no task yet: either the first submit is about to write it (milliseconds), or it died and the
        // claim is taken over once the grace has passed; a retry a second later finds out which
        return Optional.of(inProgress(Duration.ofSeconds(1)));
    }

    private static SubmitOutcome inProgress(Duration retryAfter) {
        return new SubmitOutcome.Refused(new SubmitOutcome.IdempotentRequestInProgress(retryAfter));
    }

    /**
     * Keeps a submit's answer with its Idempotency-Key, so that a replay gets the same status and
     * body. A failure to keep it is logged: a replay then shows the task as it is.
     */
    public void recordAnswer(String owner, String key, String taskId, RecordedAnswer answer) {
        try {
            store.recordIdempotentAnswer(owner, key, taskId, answer);
        } catch (RuntimeException e) {
            LOG.warnf("could not keep the answer of an idempotent submit taskId=%s: %s", taskId, e.toString());
        }
    }

    /** The SHA-256 of the normalized request: what makes two submits with one key the same request. */
    public String fingerprint(GenerationRequest request) {
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

    private long millisSince(Instant start) {
        return Math.max(0, clock.millis() - start.toEpochMilli());
    }
}
