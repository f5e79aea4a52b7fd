package dev.bananagateway.local.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bananagateway.vendor.VendorId;

/** One vendor's wire protocol as the simulator speaks it. */
interface SimProtocol {

    VendorId vendor();

    /** Answers one request; the exchange's path is below the vendor's prefix. */
    SimResponse handle(SimExchange exchange);

    /** The vendor's error answer for an HTTP status (injected faults use it too). */
    SimResponse error(int status, String message);

    /** HTTP 200 carrying an error code in the body, where the vendor does that; otherwise a plain error. */
    default SimResponse bodyError(int code, String message) {
        return error(code, message);
    }

    /** The callback body for a finished task; null for vendors without callbacks. */
    default JsonNode callbackBody(SimTask task) {
        return null;
    }

    /** Whether tasks progress only when polled (nbpcloud syncs its record on each result call). */
    default boolean progressesOnlyByPolls() {
        return false;
    }

    /** A new task id in the vendor's style. */
    String newTaskId();
}
