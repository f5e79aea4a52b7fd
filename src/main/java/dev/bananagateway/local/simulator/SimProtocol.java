package dev.bananagateway.local.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bananagateway.vendor.VendorId;
import java.util.function.Function;
import java.util.function.Supplier;

/** One vendor's wire protocol as the simulator speaks it, on top of the shared engine. */
abstract class SimProtocol {

    protected final SimEngine engine;
    private final VendorId vendor;
    private final Supplier<String> taskIds;

    /**
     * @param taskIds new task ids in the vendor's style
     */
    SimProtocol(VendorId vendor, SimEngine engine, Supplier<String> taskIds) {
        this.vendor = vendor;
        this.engine = engine;
        this.taskIds = taskIds;
    }

    final VendorId vendor() {
        return vendor;
    }

    final String newTaskId() {
        return taskIds.get();
    }

    /** Answers one request; the exchange's path is below the vendor's prefix. */
    abstract SimResponse handle(SimExchange exchange);

    /** The vendor's error answer for an HTTP status (injected faults use it too). */
    abstract SimResponse error(int status, String message);

    /**
     * A status call: a missing id, an unknown task and a known one, each answered the vendor's way
     * ({@code render} draws the known task after the engine applied faults and progression).
     */
    SimResponse statusOf(String taskId, int missingStatus, String missingMessage, String unknownMessage,
            Function<SimTask, SimResponse> render) {
        if (taskId == null || taskId.isBlank()) {
            return error(missingStatus, missingMessage);
        }
        SimTask task = engine.find(vendor, taskId);
        return task == null ? error(404, unknownMessage) : engine.poll(this, task, render);
    }

    /** HTTP 200 carrying an error code in the body, where the vendor does that; otherwise a plain error. */
    SimResponse bodyError(int code, String message) {
        return error(code, message);
    }

    /** The callback body for a finished task; null for vendors without callbacks. */
    JsonNode callbackBody(SimTask task) {
        return null;
    }

    /** Whether tasks progress only when polled (nbpcloud syncs its record on each result call). */
    boolean progressesOnlyByPolls() {
        return false;
    }
}
