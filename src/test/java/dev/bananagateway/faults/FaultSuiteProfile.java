package dev.bananagateway.faults;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * The fault suite's application: the production schedule compressed from minutes to about a second
 * (so hundreds of tasks finish in a bounded time), and the task store that records every write and
 * can abort a submit between the provider's accept and the update that records it, or a copy between
 * the upload and the state write.
 */
public class FaultSuiteProfile implements QuarkusTestProfile {

    /** The provider calls' timeouts here (as in the test profile): one call takes at most their sum. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(2);
    /** The most providers one submit tries: the failover cases refuse at up to three before one serves. */
    static final int MOST_CALLS_PER_SUBMIT = 4;
    /**
     * Room for every call a failover case makes, each allowed its full timeouts, so a submit that
     * fails over never runs out of budget because the machine is slow (a budget that fits only one
     * failover call made "failover 455+503" fail under CPU load); the sweeper leaves QUEUED tasks
     * alone for longer than that.
     */
    static final Duration SUBMIT_BUDGET = CONNECT_TIMEOUT.plus(READ_TIMEOUT).multipliedBy(MOST_CALLS_PER_SUBMIT);
    static final Duration QUEUED_GRACE = SUBMIT_BUDGET.plusSeconds(4);
    /**
     * The media copy's read timeout: short, so a stalled file host costs little suite time; a copy
     * that times out by accident under load is retried like any failed copy and still succeeds.
     */
    static final Duration MEDIA_READ_TIMEOUT = Duration.ofSeconds(2);
    /** The image size cap: the simulator's images are 2 KB, so an over-cap file is a fault of its own. */
    static final long IMAGE_CAP = 1024 * 1024;
    /** A sweeper step's copy budget, inside the sweeper's run budget below. */
    static final Duration SWEEP_COPY_BUDGET = Duration.ofSeconds(3);

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("gateway.provider-calls.connect-timeout", CONNECT_TIMEOUT.toMillis() + "ms"),
                Map.entry("gateway.provider-calls.read-timeout", READ_TIMEOUT.toMillis() + "ms"),
                Map.entry("gateway.submit.budget", SUBMIT_BUDGET.toMillis() + "ms"),
                Map.entry("gateway.tasks.queued-grace", QUEUED_GRACE.toMillis() + "ms"),
                Map.entry("gateway.poll.first", "500ms"),
                Map.entry("gateway.poll.max", "1S"),
                Map.entry("gateway.poll.callback-first", "1S"),
                Map.entry("gateway.poll.callback-max", "2S"),
                Map.entry("gateway.webhooks.backoff", "300ms"),
                Map.entry("gateway.webhooks.timeout", "1S"), // the receiver is local
                Map.entry("gateway.media.read-timeout", MEDIA_READ_TIMEOUT.toMillis() + "ms"),
                Map.entry("gateway.media.max-image-bytes", Long.toString(IMAGE_CAP)),
                Map.entry("gateway.media.sweep-copy-budget", SWEEP_COPY_BUDGET.toMillis() + "ms"),
                // failed copies are tried again within a second, so storage faults settle quickly
                Map.entry("gateway.media.backoff", "300ms"),
                Map.entry("gateway.media.max-backoff", "1S"),
                // takes tasks for 2 s: a provider call takes up to 3 s here, a webhook up to 2 s
                Map.entry("gateway.sweeper.run-budget", "5S"));
    }

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(RecordingTaskStore.class);
    }
}
