package dev.bananagateway.lifecycle;

import dev.bananagateway.config.GatewayConfig;
import dev.bananagateway.observability.Metrics;
import dev.bananagateway.task.Task;
import dev.bananagateway.task.TaskStore;
import dev.bananagateway.task.TransitionResult;
import dev.bananagateway.task.WebhookState;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * The caller webhooks a terminal task still owes, tried once per sweeper look: delivered, tried again
 * later with exponential backoff, or given up after the configured attempts. Kept apart from the
 * per-task decision because it is the one policy shared by a task the sweeper just ended and a task
 * the index shows with a webhook still due.
 */
@ApplicationScoped
public class WebhookRetry {

    private static final Logger LOG = Logger.getLogger(WebhookRetry.class);

    private final TaskStore store;
    private final WebhookDelivery webhooks;
    private final Clock clock;
    private final int maxAttempts;
    private final Duration backoff;
    private final Metrics metrics;

    public WebhookRetry(TaskStore store, WebhookDelivery webhooks, Clock clock, GatewayConfig config,
            Metrics metrics) {
        this.metrics = metrics;
        this.store = store;
        this.webhooks = webhooks;
        this.clock = clock;
        this.maxAttempts = config.webhooks().maxAttempts();
        this.backoff = config.webhooks().backoff();
    }

    /** The longest one delivery can take before it times out. */
    Duration longestDelivery() {
        return webhooks.longestDelivery();
    }

    /**
     * A terminal task the index shows as due. The index copy may lag: the item is read before
     * sending, so a delivered webhook is not sent again.
     */
    void retryDue(Task indexed, SweepTally tally) {
        store.get(indexed.id()).ifPresent(fresh -> deliver(fresh, tally));
    }

    /**
     * Tries the webhook of a terminal task as read or just written, and records the outcome; a task
     * that owes none leaves the index. A delivery that could not end before the run must is left,
     * still due, to the next run.
     */
    void deliver(Task task, SweepTally tally) {
        if (task.webhookState() != WebhookState.PENDING) {
            store.recordWebhook(task.id(), task.version(), task.webhookState(), null);
            return;
        }
        if (clock.instant().plus(webhooks.longestDelivery()).isAfter(tally.finishBy)) {
            tally.deferred.incrementAndGet(); // the task stays indexed and due: the next run delivers it
            return;
        }
        boolean delivered = webhooks.deliver(task);
        metrics.webhookDelivery(delivered);
        WebhookState next;
        Instant retryAt = null;
        if (delivered) {
            next = WebhookState.DELIVERED;
            tally.webhooksSent.incrementAndGet();
        } else if (task.webhookAttempts() + 1 >= maxAttempts) {
            next = WebhookState.GAVE_UP;
            LOG.warnf("WEBHOOK_GAVE_UP taskId=%s attempts=%d", task.id(), task.webhookAttempts() + 1);
        } else {
            next = WebhookState.PENDING;
            long factor = 1L << Math.min(task.webhookAttempts(), 10);
            retryAt = clock.instant().plus(backoff.multipliedBy(factor));
        }
        TransitionResult r = store.recordWebhook(task.id(), task.version(), next, retryAt);
        if (!r.applied()) {
            tally.lost.incrementAndGet();
        }
    }
}
