package dev.bananagateway.lifecycle;

import dev.bananagateway.task.Task;
import dev.bananagateway.task.TaskIds;
import dev.bananagateway.task.TaskStore;
import dev.bananagateway.task.TransitionResult;
import dev.bananagateway.provider.Provider;
import dev.bananagateway.provider.ProviderException;
import dev.bananagateway.provider.ProviderId;
import dev.bananagateway.provider.ProviderStatus;
import dev.bananagateway.provider.Providers;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * A provider's webhook. The token proves the URL came from us for this task and provider; an unknown
 * task gets the same answer as a bad token, so the endpoint reveals nothing. A valid token is not
 * enough: the URL may have been handed to a provider that then refused the create, after which the
 * task failed over to another. So a callback is applied only when its path names the provider that
 * now holds the task and, once the task has a provider task id, its body names that same provider
 * task; any other callback changes nothing. Duplicate, reordered and late deliveries are harmless:
 * the transitions are conditional.
 */
@ApplicationScoped
public class CallbackService {

    private static final Logger LOG = Logger.getLogger(CallbackService.class);
    /** Tries to apply one callback when other writers keep changing the task between read and write. */
    private static final int MAX_WRITES = 5;

    public enum Outcome {
        /** Applied, or a harmless duplicate/late delivery: answer 200. */
        ACCEPTED,
        /** Bad or missing token, unknown provider or task: answer 401, nothing changed. */
        UNAUTHORIZED,
        /** A valid token but a body the provider's adapter cannot read: answer 400. */
        UNREADABLE,
        /**
         * A valid token and a readable body, but not a report about the provider task that holds the
         * task (another provider's path, no or another provider task id): answer 200, nothing changed.
         */
        IGNORED
    }

    private final CallbackTokens tokens;
    private final TaskStore store;
    private final Providers providers;
    private final Transitions transitions;
    private final OutputCustody custody;

    public CallbackService(CallbackTokens tokens, TaskStore store, Providers providers, Transitions transitions,
            OutputCustody custody) {
        this.tokens = tokens;
        this.store = store;
        this.providers = providers;
        this.transitions = transitions;
        this.custody = custody;
    }

    public Outcome handle(String providerKey, String taskId, String token, String body, Map<String, String> headers) {
        Optional<ProviderId> providerId = ProviderId.parse(providerKey);
        if (providerId.isEmpty() || !TaskIds.isWellFormed(taskId) || !tokens.verify(providerId.get(), taskId, token)) {
            return Outcome.UNAUTHORIZED;
        }
        Optional<Task> task = store.get(taskId);
        Optional<Provider> provider = providers.find(providerId.get());
        if (task.isEmpty() || provider.isEmpty()) {
            return Outcome.UNAUTHORIZED;
        }
        ProviderStatus status;
        try {
            status = provider.get().parseCallback(body, headers);
        } catch (ProviderException e) {
            LOG.warnf("unreadable callback taskId=%s provider=%s: %s", taskId, providerKey, e.getMessage());
            return Outcome.UNREADABLE;
        }
        String key = providerId.get().key();
        Task current = task.get();
        for (int write = 1; ; write++) {
            Optional<String> unbound = unbound(current, key, status);
            if (unbound.isPresent()) {
                LOG.warnf("callback not applied taskId=%s provider=%s taskProvider=%s: %s", taskId, key,
                        current.provider(), unbound.get());
                return Outcome.IGNORED;
            }
            TransitionResult result = transitions.onCallback(current, key, status);
            if (result == null || result.outcome() != TransitionResult.Outcome.STALE_VERSION) {
                LOG.debugf("callback taskId=%s provider=%s state=%s outcome=%s", taskId, key, status.state(),
                        result == null ? "NO_CHANGE" : result.outcome());
                if (result != null && result.applied() && result.task().storing()) {
                    // a short start on the copy: what does not fit in the budget continues in the sweeper
                    custody.storeHeld(result.task(), java.time.Instant.MAX);
                }
                return Outcome.ACCEPTED;
            }
            if (write == MAX_WRITES) {
                // the provider retries a callback that is not answered 2xx
                throw new IllegalStateException("callback for task " + taskId + " lost " + write
                        + " writes in a row to other writers");
            }
            // another writer changed the task since it was read: check the binding again on what it wrote
            current = result.task();
        }
    }

    /**
     * Why the callback is not a report about the provider task that holds {@code task}, or empty when
     * it is. The task's provider is the one that accepted it, or, before any accept is recorded, the
     * one the submit is calling (the write-ahead); a callback that overtook the create answer is
     * from that provider.
     */
    private static Optional<String> unbound(Task task, String provider, ProviderStatus status) {
        if (!provider.equals(task.provider())) {
            return Optional.of("the task is held by another provider");
        }
        if (task.providerTaskId() == null) {
            return Optional.empty();
        }
        if (status.providerTaskId() == null) {
            return Optional.of("the body names no provider task");
        }
        if (!task.providerTaskId().equals(status.providerTaskId())) {
            return Optional.of("the body names another provider task");
        }
        return Optional.empty();
    }
}
