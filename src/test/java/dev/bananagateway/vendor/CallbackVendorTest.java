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
    void bodyErrorOnHttp200IsAnErrorThatMayHaveCreatedTheTask() {
        VendorException e = createFails(prompt("[sim:create=body-error]"));
        assertEquals(ErrorClass.PROVIDER_ERROR, e.errorClass());
        assertEquals(200, e.httpStatus());
        assertEquals("500", e.vendorCode());
        assertTrue(e.possiblyAccepted());
    }
}
