package dev.bananagateway.lifecycle;

import dev.bananagateway.config.GatewayConfig;
import dev.bananagateway.observability.LogContext;
import dev.bananagateway.observability.Metrics;
import dev.bananagateway.provider.ErrorClass;
import dev.bananagateway.provider.Provider;
import dev.bananagateway.provider.ProviderException;
import dev.bananagateway.provider.ProviderStatus;
import dev.bananagateway.provider.Providers;
import dev.bananagateway.task.Task;
import dev.bananagateway.task.TaskStore;
import dev.bananagateway.task.TaskUpdate;
import dev.bananagateway.task.TransitionResult;
import dev.bananagateway.task.WebhookState;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * What the sweeper does with one due task: end it past its deadline, resolve one left QUEUED by a
 * crashed submit without resubmitting, poll its provider and apply the status (or, for a failed
 * poll, end the task or poll again later, as {@link PollErrorPolicy} decides), or hand a terminal
 * task's webhook to {@link WebhookRetry}. Kept apart from the pass loop so each decision can be
 * followed, and tested, one task at a time.
 */
@ApplicationScoped
public class TaskSweep {

    private static final Logger LOG = Logger.getLogger(TaskSweep.class);

    private final TaskStore store;
    private final Providers providers;
    private final Transitions transitions;
    private final Schedule schedule;
    private final WebhookRetry webhooks;
    private final RequestBudgets budgets;
    private final Clock clock;
    private final Metrics metrics;
    private final OutputCustody custody;
    private final Duration copyBudget;

    public TaskSweep(TaskStore store, Providers providers, Transitions transitions, Schedule schedule,
            WebhookRetry webhooks, RequestBudgets budgets, Clock clock, Metrics metrics, OutputCustody custody,
            GatewayConfig config) {
        this.metrics = metrics;
        this.store = store;
        this.providers = providers;
        this.transitions = transitions;
        this.schedule = schedule;
        this.webhooks = webhooks;
        this.budgets = budgets;
        this.clock = clock;
        this.custody = custody;
        this.copyBudget = config.media().sweepCopyBudget();
    }

    /** The longest one step can take: a provider call or a webhook delivery, each bounded by its timeouts. */
    Duration longestStep() {
        return Stream.concat(providers.all().stream().map(Provider::longestCall),
                Stream.of(webhooks.longestDelivery())).max(Duration::compareTo).orElseThrow();
    }

    /** Does what the due task needs now, and counts it into {@code c}. */
    void handle(Task task, SweepTally c) {
        LogContext.task(task.id(), task.provider());
        Instant now = clock.instant();
        if (task.terminal()) {
            webhooks.retryDue(task, c);
            return;
        }
        if (task.storing()) {
            // the provider is done; only the copy is left, and it decides about the deadline itself
            storeOutputs(task, c);
            return;
        }
        Optional<Provider> provider = task.provider() == null ? Optional.empty()
                : providers.find(task.provider());
        if (!now.isBefore(task.deadline())) {
            timeOut(task, provider, c);
            return;
        }
        if (task.providerTaskId() == null) {
            resolveUnconfirmed(task, provider, c);
            return;
        }
        if (provider.isEmpty()) {
            // the provider was disabled after the task started: nothing can finish it but its deadline
            reschedule(task, task.deadline(), c);
            return;
        }
        poll(task, provider.get(), c);
    }

    /**
     * The deadline passed. The provider gets one last poll (it may have finished since the last
     * look, or answer an error that ends the task, as any poll may); whatever is still open then
     * ends FAILED.
     */
    private void timeOut(Task task, Optional<Provider> provider, SweepTally c) {
        if (task.providerTaskId() != null && provider.isPresent()) {
            if (waitsForBudget(task, provider.get(), c)) {
                return;
            }
            try {
                ProviderStatus last = timedPoll(task, provider.get());
                c.polled.incrementAndGet();
                if (last.state().terminal()) {
                    TransitionResult r = transitions.onLastPoll(task, last);
                    settle(c, r, c.advanced);
                    if (r.applied() && r.task().storing()) {
                        settle(c, custody.storeHeld(r.task(), c.finishBy), null); // the poll's advance is counted once
                    }
                    return;
                }
            } catch (ProviderException e) {
                if (PollErrorPolicy.endsTask(e, acceptedAt(task), clock.instant())) {
                    failOnPollError(task, provider.get(), e, c);
                    return;
                }
                LOG.debugf("last poll failed taskId=%s class=%s", task.id(), e.errorClass());
            }
        }
        ErrorClass code = task.providerTaskId() == null ? ErrorClass.SUBMISSION_UNCERTAIN : ErrorClass.TIMEOUT;
        String message = task.providerTaskId() == null
                ? "no provider confirmed the task before its deadline; it was not resubmitted"
                : "the provider did not finish before the task's deadline";
        settle(c, transitions.fail(task, task.version(), code, message, null), c.timedOut);
    }

    /**
     * A task still QUEUED after its submit should have ended: the submit crashed, or the create's
     * outcome is unknown. The provider may have accepted it, so it is never resubmitted: a callback
     * provider may still report it (the URL names our task); otherwise it fails now.
     */
    private void resolveUnconfirmed(Task task, Optional<Provider> provider, SweepTally c) {
        if (provider.isPresent() && provider.get().supportsCallbacks()) {
            reschedule(task, task.deadline(), c);
            return;
        }
        TransitionResult r = transitions.fail(task, task.version(), ErrorClass.SUBMISSION_UNCERTAIN,
                "the submit did not record the provider's answer; the task was not resubmitted to avoid a double charge",
                null);
        settle(c, r, c.timedOut);
    }

    private void poll(Task task, Provider provider, SweepTally c) {
        if (waitsForBudget(task, provider, c)) {
            return;
        }
        c.polled.incrementAndGet();
        ProviderStatus status;
        try {
            status = timedPoll(task, provider);
        } catch (ProviderException e) {
            if (PollErrorPolicy.endsTask(e, acceptedAt(task), clock.instant())) {
                failOnPollError(task, provider, e, c);
                return;
            }
            LOG.debugf("poll failed taskId=%s provider=%s class=%s", task.id(), provider.id().key(), e.errorClass());
            reschedule(task, clock.instant().plus(schedule.afterPollError(provider, task, e.retryAfter())), c);
            return;
        }
        Instant now = clock.instant();
        Instant next = now.plus(schedule.nextPoll(provider, task, status, now));
        TransitionResult r = transitions.onPoll(task, status, next);
        settle(c, r, c.advanced);
        if (r.applied() && r.task().storing()) {
            settle(c, custody.storeHeld(r.task(), c.finishBy), null); // the poll's advance is counted once
        }
    }

    /**
     * Copies a storing task's outputs with what is left of this run (at most the sweep copy budget);
     * a copy that does not fit is handed to the next run.
     */
    private void storeOutputs(Task task, SweepTally c) {
        Duration left = Duration.between(clock.instant(), c.finishBy);
        Duration budget = left.compareTo(copyBudget) < 0 ? left : copyBudget;
        TransitionResult r = custody.store(task, budget.isNegative() ? Duration.ZERO : budget);
        if (r == null) {
            // another writer holds the copy; look again once its lease has run out
            Task now = store.get(task.id()).orElse(task);
            if (now.storing() && now.storeLeaseUntil() != null) {
                reschedule(now, now.storeLeaseUntil(), c);
            }
            return;
        }
        settle(c, r, c.advanced);
    }

    /** Polls the provider and counts the call (its latency, and its error class when it fails). */
    private ProviderStatus timedPoll(Task task, Provider provider) throws ProviderException {
        long started = clock.millis();
        try {
            ProviderStatus status = provider.poll(task.providerTaskId(), task.request());
            metrics.providerCall(provider.id().key(), "poll", Math.max(0, clock.millis() - started), null);
            return status;
        } catch (ProviderException e) {
            metrics.providerCall(provider.id().key(), "poll", Math.max(0, clock.millis() - started),
                    e.errorClass().name());
            throw e;
        }
    }

    /**
     * Takes a token from the provider's shared request budget for one poll. Without one the task stays
     * due, looked at again when a token should be there, and nothing counts against it: no poll, no
     * error, no backoff step.
     */
    private boolean waitsForBudget(Task task, Provider provider, SweepTally c) {
        Optional<Duration> wait = budgets.tryPoll(provider);
        if (wait.isEmpty()) {
            return false;
        }
        c.budgetWaits.incrementAndGet();
        c.count(store.update(TaskUpdate.of(task.id()).expectVersion(task.version())
                .nextCheckAt(clock.instant().plus(wait.get()))), null);
        return true;
    }

    /** A poll error that is a definitive answer about the task ends it with the provider's class and words. */
    private void failOnPollError(Task task, Provider provider, ProviderException e, SweepTally c) {
        LOG.infof("poll answered a definitive error taskId=%s provider=%s class=%s status=%d", task.id(),
                provider.id().key(), e.errorClass(), e.httpStatus());
        settle(c, transitions.fail(task, task.version(), e.errorClass(), PollErrorPolicy.message(e), null),
                c.advanced);
    }

    /** When the provider accepted the task: its last attempt, else (a callback recorded it) the task's creation. */
    private static Instant acceptedAt(Task task) {
        return task.attempts().isEmpty() ? task.createdAt() : task.attempts().get(task.attempts().size() - 1).at();
    }

    /**
     * Counts a transition and, when it just made the task terminal with a webhook owed, sends the
     * webhook now (from the task the write returned) rather than next sweep. A lost write needs
     * nothing: the winner left the task indexed for the sweeper.
     */
    private void settle(SweepTally c, TransitionResult r, AtomicInteger onApplied) {
        c.count(r, onApplied);
        if (r != null && r.applied() && r.task().terminal() && r.task().webhookState() == WebhookState.PENDING) {
            webhooks.deliver(r.task(), c);
        }
    }

    private void reschedule(Task task, Instant next, SweepTally c) {
        c.count(store.update(TaskUpdate.of(task.id()).expectVersion(task.version()).nextCheckAt(next).countPoll()),
                null);
    }
}
