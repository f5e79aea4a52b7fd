package dev.bananagateway.local.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bananagateway.provider.ProviderId;
import java.util.function.Function;
import java.util.function.Supplier;

/** One provider's wire protocol as the simulator speaks it, on top of the shared engine. */
abstract class SimProtocol {

    protected final SimEngine engine;
    private final ProviderId provider;
    private final Supplier<String> taskIds;

    /**
     * @param taskIds new task ids in the provider's style
     */
    SimProtocol(ProviderId provider, SimEngine engine, Supplier<String> taskIds) {
        this.provider = provider;
        this.engine = engine;
        this.taskIds = taskIds;
    }

    final ProviderId provider() {
        return provider;
    }

    final String newTaskId() {
        return taskIds.get();
    }

    /** Answers one request; the exchange's path is below the provider's prefix. */
    abstract SimResponse handle(SimExchange exchange);

    /** The provider's error answer for an HTTP status (injected faults use it too). */
    abstract SimResponse error(int status, String message);

    /**
     * A status call: a missing id, an unknown task and a known one, each answered the provider's way
     * ({@code render} draws the known task after the engine applied faults and progression).
     */
    SimResponse statusOf(String taskId, int missingStatus, String missingMessage, String unknownMessage,
            Function<SimTask, SimResponse> render) {
        if (taskId == null || taskId.isBlank()) {
            return error(missingStatus, missingMessage);
        }
        SimTask task = engine.find(provider, taskId);
        return task == null ? error(404, unknownMessage) : engine.poll(this, task, render);
    }

    /** HTTP 200 carrying an error code in the body, where the provider does that; otherwise a plain error. */
    SimResponse bodyError(int code, String message) {
        return error(code, message);
    }

    /** The callback body for a finished task; null for providers without callbacks. */
    JsonNode callbackBody(SimTask task) {
        return null;
    }

    /** Whether tasks progress only when polled (nbpcloud syncs its record on each result call). */
    boolean progressesOnlyByPolls() {
        return false;
    }
}
