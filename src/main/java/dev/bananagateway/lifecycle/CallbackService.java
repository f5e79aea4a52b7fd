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
 * task gets the same answer as a bad token, so the endpoint reveals nothing. Duplicate, reordered
 * and late deliveries are harmless: the transitions are conditional.
 */
@ApplicationScoped
public class CallbackService {

    private static final Logger LOG = Logger.getLogger(CallbackService.class);

    public enum Outcome {
        /** Applied, or a harmless duplicate/late delivery: answer 200. */
        ACCEPTED,
        /** Bad or missing token, unknown provider or task: answer 401, nothing changed. */
        UNAUTHORIZED,
        /** A valid token but a body the provider's adapter cannot read: answer 400. */
        UNREADABLE
    }

    private final CallbackTokens tokens;
    private final TaskStore store;
    private final Providers providers;
    private final Transitions transitions;

    public CallbackService(CallbackTokens tokens, TaskStore store, Providers providers, Transitions transitions) {
        this.tokens = tokens;
        this.store = store;
        this.providers = providers;
        this.transitions = transitions;
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
        Task current = task.get();
        if (current.providerTaskId() != null && status.providerTaskId() != null
                && !current.providerTaskId().equals(status.providerTaskId())) {
            LOG.warnf("callback for another provider task ignored taskId=%s provider=%s", taskId, providerKey);
            return Outcome.ACCEPTED;
        }
        TransitionResult result = transitions.onCallback(current, providerKey, status);
        LOG.debugf("callback taskId=%s provider=%s state=%s outcome=%s", taskId, providerKey, status.state(),
                result == null ? "NO_CHANGE" : result.outcome());
        return Outcome.ACCEPTED;
    }
}
