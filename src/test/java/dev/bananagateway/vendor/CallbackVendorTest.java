package dev.bananagateway.vendor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bananagateway.model.GenerationRequest;
import dev.bananagateway.model.Output;
import dev.bananagateway.testing.CallbackReceiver;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The callback cases for vendors that call back (revid, crun), on top of the common ones. */
public abstract class CallbackVendorTest extends SimulatedVendorTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private CallbackReceiver receiver;

    @BeforeEach
    void startReceiver() {
        receiver = new CallbackReceiver();
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    @Test
    void successCallbackParsesToTheSimulatorsResult() throws Exception {
        GenerationRequest request = request(prompt(""));
        String taskId = vendor().submit(request, receiver.url("/callbacks/" + key() + "/t1"));
        String body = receiver.next(WAIT);
        assertNotNull(body, "the simulator called back");
        VendorStatus status = vendor().parseCallback(body, Map.of("content-type", "application/json"));
        assertEquals(VendorTaskState.SUCCEEDED, status.state());
        assertEquals(taskId, status.vendorTaskId());
        JsonNode simulated = awaitSimulated(request.prompt(), t -> t.path("callbacksSent").asInt() == 1, "one callback");
        assertEquals(Json.strings(simulated.path("resultUrls")), status.outputs().stream().map(Output::url).toList());
        assertEquals(1, simulated.path("createCount").asInt());
    }

    @Test
    void failureCallbackIsAFailure() throws Exception {
        vendor().submit(request(prompt("[sim:fail]")), receiver.url("/cb"));
        VendorStatus status = vendor().parseCallback(receiver.next(WAIT), Map.of());
        assertEquals(VendorTaskState.FAILED, status.state());
        assertEquals(ErrorClass.GENERATION_FAILED, status.error().errorClass());
    }

    @Test
    void duplicateCallbacksCarryTheSameTask() throws Exception {
        String taskId = vendor().submit(request(prompt("[sim:duplicate-callback]")), receiver.url("/cb"));
        assertEquals(taskId, vendor().parseCallback(receiver.next(WAIT), Map.of()).vendorTaskId());
        assertEquals(taskId, vendor().parseCallback(receiver.next(WAIT), Map.of()).vendorTaskId());
    }

    @Test
    void suppressedAndDroppedCallbacksNeverArrive() throws Exception {
        String silent = prompt("[sim:no-callback]");
        vendor().submit(request(silent), receiver.url("/cb"));
        sim.fault("{\"vendor\":\"" + key() + "\",\"operation\":\"callback\",\"fault\":\"drop\",\"count\":1}");
        String dropped = prompt("");
        vendor().submit(request(dropped), receiver.url("/cb"));
        assertEquals(0, awaitSimulatedState(silent, "SUCCEEDED").path("callbacksSent").asInt());
        assertEquals(0, awaitSimulatedState(dropped, "SUCCEEDED").path("callbacksSent").asInt());
        assertNull(receiver.next(Duration.ofMillis(300)));
    }

    @Test
    void delayedCallbackStillArrives() throws Exception {
        String taskId = vendor().submit(request(prompt("[sim:delay-callback=300] [sim:slow-ms=100]")),
                receiver.url("/cb"));
        String body = receiver.next(WAIT);
        assertNotNull(body);
        assertEquals(taskId, vendor().parseCallback(body, Map.of()).vendorTaskId());
    }

    @Test
    void aStaleRunningCallbackArrivesAfterTheFinalOne() throws Exception {
        String taskId = vendor().submit(request(prompt("[sim:stale-callback]")), receiver.url("/cb"));
        VendorStatus last = vendor().parseCallback(receiver.next(WAIT), Map.of());
        VendorStatus stale = vendor().parseCallback(receiver.next(WAIT), Map.of());
        assertEquals(VendorTaskState.SUCCEEDED, last.state());
        assertEquals(VendorTaskState.RUNNING, stale.state(), "the overtaken delivery shows the task running");
        assertEquals(taskId, stale.vendorTaskId());
        assertTrue(stale.outputs().isEmpty());
    }

    @Test
    void aFastTasksCallbackCanOvertakeTheCreateAnswer() throws Exception {
        long started = System.nanoTime();
        vendor().submit(request(prompt("[sim:slow-ms=0] [sim:answer-delay=400]")), receiver.url("/cb"));
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() >= 400, "the answer was held back");
        assertEquals(1, receiver.pending(), "the callback came before the create answer");
    }

    @Test
    void aDirectiveScopedToAnotherVendorDoesNotApply() throws Exception {
        String other = key().equals("revid") ? "crun" : "revid";
        vendor().submit(request(prompt("[sim:" + other + ":create=429]")), receiver.url("/cb"));
        VendorException e = createFails(prompt("[sim:" + key() + ":create=429] [sim:" + other + ":create=500]"));
        assertEquals(ErrorClass.RATE_LIMITED, e.errorClass(), "the directive scoped to this vendor wins");
    }

    @Test
    void bodyErrorOnHttp200IsAnErrorThatMayHaveCreatedTheTask() {
        VendorException e = createFails(prompt("[sim:create=body-error]"));
        assertEquals(ErrorClass.PROVIDER_ERROR, e.errorClass());
        assertEquals(200, e.httpStatus());
        assertEquals("500", e.vendorCode());
        assertTrue(e.possiblyAccepted());
    }
}
