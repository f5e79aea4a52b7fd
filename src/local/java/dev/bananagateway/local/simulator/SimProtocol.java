package dev.bananagateway.local.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bananagateway.provider.ProviderId;
import java.util.function.Function;
import java.util.function.Supplier;

/** One provider's wire protocol as the simulator speaks it, on top of the shared engine. */
public abstract class SimProtocol {

    protected final SimEngine engine;
    private final ProviderId provider;
    private final Supplier<String> taskIds;

    /**
     * @param taskIds new task ids in the provider's style
     */
    public SimProtocol(ProviderId provider, SimEngine engine, Supplier<String> taskIds) {
        this.provider = provider;
        this.engine = engine;
        this.taskIds = taskIds;
    }

    public final ProviderId provider() {
        return provider;
    }

    public final String newTaskId() {
        return taskIds.get();
    }

    /** Answers one request; the exchange's path is below the provider's prefix. */
    public abstract SimResponse handle(SimExchange exchange);

    /** The provider's error answer for an HTTP status (injected faults use it too). */
    public abstract SimResponse error(int status, String message);

    /**
     * A status call: a missing id, an unknown task and a known one, each answered the provider's way
     * ({@code render} draws the known task after the engine applied faults and progression).
     */
    public SimResponse statusOf(String taskId, int missingStatus, String missingMessage, String unknownMessage,
            Function<SimTask, SimResponse> render) {
        if (taskId == null || taskId.isBlank()) {
            return error(missingStatus, missingMessage);
        }
        SimTask task = engine.find(provider, taskId);
        return task == null ? error(404, unknownMessage) : engine.poll(this, task, render);
    }

    /**
     * The answer to an injected 5xx after which the task exists anyway (the answer was lost, not the
     * task): the provider's error shape, unless in that shape the status means that nothing was created
     * (nbpcloud's 500); such a provider answers what a crashed server sends instead.
     */
    public SimResponse lostAnswer(int status) {
        return error(status, "Injected fault " + status);
    }

    /**
     * An injected fault this provider documents with an answer of its own (nbpcloud's {@code misconfigured}),
     * or null when {@code fault} names none. A create answered so creates nothing.
     */
    public SimResponse documentedFault(String fault) {
        return null;
    }

    /** HTTP 200 carrying an error code in the body, where the provider does that; otherwise a plain error. */
    public SimResponse bodyError(int code, String message) {
        return error(code, message);
    }

    /** The callback body for a finished task; null for providers without callbacks. */
    public JsonNode callbackBody(SimTask task) {
        return null;
    }

    /** Forgets this provider's own state beyond the engine's (a rate window, say). */
    public void reset() {
    }

    /** Whether tasks progress only when polled (nbpcloud syncs its record on each result call). */
    public boolean progressesOnlyByPolls() {
        return false;
    }
}
