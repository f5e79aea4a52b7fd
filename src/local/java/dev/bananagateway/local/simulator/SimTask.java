package dev.bananagateway.local.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bananagateway.provider.ProviderId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One simulated provider task. It moves QUEUED -> RUNNING -> SUCCEEDED | FAILED by time (after
 * {@code queuedMillis}, then {@code runningMillis}) and/or by polls (the second poll finds it
 * running, poll {@code pollsToFinish} finds it finished), whichever comes first; the prompt's
 * {@code slow-polls} / {@code slow-ms} directives restrict it to one of the two.
 */
public final class SimTask {

    public final ProviderId provider;
    public final String id;
    public final String model;
    public final String prompt;
    /** The create body as the provider stored it (echoed by revid and crun). */
    public final JsonNode params;
    public final String callbackUrl;
    public final List<String> referenceUrls;
    public final Directives directives;
    public final Instant createdAt;
    public final List<String> plannedUrls;
    public final int outputs;
    private final long queuedMs;
    private final long finishMs;
    private final int pollsToFinish;
    private final boolean byTime;
    private final boolean byPolls;

    private SimState state = SimState.QUEUED;
    private int polls;
    private int callbacksSent;
    private boolean firstPollFaultUsed;
    private Instant completedAt;

    public SimTask(ProviderId provider, String id, SimTaskSpec spec, SimSettings settings, boolean pollsOnly, Instant now,
            List<String> plannedUrls) {
        this.provider = provider;
        this.id = id;
        this.model = spec.model();
        this.prompt = spec.prompt();
        this.params = spec.params();
        this.callbackUrl = spec.callbackUrl();
        this.referenceUrls = spec.referenceUrls();
        this.outputs = plannedUrls.size();
        this.directives = Directives.parse(spec.prompt(), provider);
        this.createdAt = now;
        this.plannedUrls = List.copyOf(plannedUrls);
        Integer slowPolls = directives.number("slow-polls");
        Integer slowMs = directives.number("slow-ms");
        this.byTime = !pollsOnly && slowPolls == null;
        this.byPolls = slowMs == null;
        this.finishMs = slowMs != null ? slowMs : settings.queuedMillis() + settings.runningMillis();
        this.queuedMs = Math.min(settings.queuedMillis(), finishMs / 2);
        this.pollsToFinish = slowPolls != null ? slowPolls : settings.pollsToFinish();
    }

    /** A copy as the task was while it ran: what a stale, reordered callback shows. */
    private SimTask(SimTask source) {
        this.provider = source.provider;
        this.id = source.id;
        this.model = source.model;
        this.prompt = source.prompt;
        this.params = source.params;
        this.callbackUrl = source.callbackUrl;
        this.referenceUrls = source.referenceUrls;
        this.outputs = source.outputs;
        this.directives = source.directives;
        this.createdAt = source.createdAt;
        this.plannedUrls = source.plannedUrls;
        this.queuedMs = source.queuedMs;
        this.finishMs = source.finishMs;
        this.pollsToFinish = source.pollsToFinish;
        this.byTime = source.byTime;
        this.byPolls = source.byPolls;
        this.state = SimState.RUNNING;
    }

    public SimTask whileRunning() {
        return new SimTask(this);
    }

    /** When the task finishes by time, or null when only polls move it. */
    public synchronized Duration finishesIn() {
        return byTime ? Duration.ofMillis(finishMs) : null;
    }

    /** Counts a poll and advances; true when this poll made the task terminal. */
    public synchronized boolean poll(Instant now) {
        polls++;
        return advance(now);
    }

    /** Advances by time; true when the task became terminal just now. */
    public synchronized boolean advance(Instant now) {
        if (state.terminal()) {
            return false;
        }
        long elapsed = Duration.between(createdAt, now).toMillis();
        if ((byTime && elapsed >= finishMs) || (byPolls && polls >= pollsToFinish)) {
            state = directives.has("fail") ? SimState.FAILED : SimState.SUCCEEDED;
            completedAt = now;
            return true;
        }
        if ((byTime && elapsed >= queuedMs) || (byPolls && polls >= 2)) {
            state = SimState.RUNNING;
        }
        return false;
    }

    public synchronized SimState state() {
        return state;
    }

    public synchronized int polls() {
        return polls;
    }

    public synchronized Instant completedAt() {
        return completedAt;
    }

    /** Progress 0..100 from whichever measure is further along. */
    public synchronized int progress(Instant now) {
        if (state.terminal()) {
            return 100;
        }
        double byTimeShare = byTime ? Duration.between(createdAt, now).toMillis() / (double) finishMs : 0;
        double byPollShare = byPolls ? polls / (double) pollsToFinish : 0;
        return (int) Math.min(99, Math.round(100 * Math.max(byTimeShare, byPollShare)));
    }

    /** Seconds still to go by time, or null when only polls move the task. */
    public synchronized Integer remainingSeconds(Instant now) {
        if (!byTime || state.terminal()) {
            return null;
        }
        long left = finishMs - Duration.between(createdAt, now).toMillis();
        return (int) Math.max(1, Math.ceil(left / 1000.0));
    }

    public synchronized List<String> resultUrls() {
        return state == SimState.SUCCEEDED ? plannedUrls : List.of();
    }

    /** True once: whether the {@code poll=CODE} directive is still to be applied. */
    public synchronized boolean takeFirstPollFault() {
        if (firstPollFaultUsed || !directives.has("poll")) {
            return false;
        }
        firstPollFaultUsed = true;
        return true;
    }

    public synchronized void callbackSent() {
        callbacksSent++;
    }

    public synchronized SimulatedTask view(int createCount) {
        return new SimulatedTask(provider.key(), id, model, prompt, state, resultUrls(), createCount, polls,
                callbacksSent, callbackUrl, referenceUrls);
    }
}
