package dev.bananagateway.provider;

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

/** The callback cases for providers that call back (revid, crun), on top of the common ones. */
public abstract class CallbackProviderTest extends SimulatedProviderTest {

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
        String taskId = provider().submit(request, receiver.url("/callbacks/" + key() + "/t1")).taskId();
        String body = receiver.next(WAIT);
        assertNotNull(body, "the simulator called back");
        ProviderStatus status = provider().parseCallback(body, Map.of("content-type", "application/json"));
        assertEquals(ProviderTaskState.SUCCEEDED, status.state());
        assertEquals(taskId, status.providerTaskId());
        JsonNode simulated = awaitSimulated(request.prompt(), t -> t.path("callbacksSent").asInt() == 1, "one callback");
        assertEquals(Json.strings(simulated.path("resultUrls")), status.outputs().stream().map(Output::url).toList());
        assertEquals(1, simulated.path("createCount").asInt());
    }

    @Test
    void failureCallbackIsAFailure() throws Exception {
        provider().submit(request(prompt("[sim:fail]")), receiver.url("/cb"));
        ProviderStatus status = provider().parseCallback(receiver.next(WAIT), Map.of());
        assertEquals(ProviderTaskState.FAILED, status.state());
        assertEquals(ErrorClass.GENERATION_FAILED, status.error().errorClass());
    }

    @Test
    void duplicateCallbacksCarryTheSameTask() throws Exception {
        String taskId = provider().submit(request(prompt("[sim:duplicate-callback]")), receiver.url("/cb")).taskId();
        assertEquals(taskId, provider().parseCallback(receiver.next(WAIT), Map.of()).providerTaskId());
        assertEquals(taskId, provider().parseCallback(receiver.next(WAIT), Map.of()).providerTaskId());
    }

    @Test
    void suppressedAndDroppedCallbacksNeverArrive() throws Exception {
        String silent = prompt("[sim:no-callback]");
        provider().submit(request(silent), receiver.url("/cb"));
        sim.fault("{\"provider\":\"" + key() + "\",\"operation\":\"callback\",\"fault\":\"drop\",\"count\":1}");
        String dropped = prompt("");
        provider().submit(request(dropped), receiver.url("/cb"));
        assertEquals(0, awaitSimulatedState(silent, "SUCCEEDED").path("callbacksSent").asInt());
        assertEquals(0, awaitSimulatedState(dropped, "SUCCEEDED").path("callbacksSent").asInt());
        assertNull(receiver.next(Duration.ofMillis(300)));
    }

    @Test
    void delayedCallbackStillArrives() throws Exception {
        String taskId = provider().submit(request(prompt("[sim:delay-callback=300] [sim:slow-ms=100]")),
                receiver.url("/cb")).taskId();
        String body = receiver.next(WAIT);
        assertNotNull(body);
        assertEquals(taskId, provider().parseCallback(body, Map.of()).providerTaskId());
    }

    @Test
    void aStaleRunningCallbackArrivesAfterTheFinalOne() throws Exception {
        String taskId = provider().submit(request(prompt("[sim:stale-callback]")), receiver.url("/cb")).taskId();
        ProviderStatus last = provider().parseCallback(receiver.next(WAIT), Map.of());
        ProviderStatus stale = provider().parseCallback(receiver.next(WAIT), Map.of());
        assertEquals(ProviderTaskState.SUCCEEDED, last.state());
        assertEquals(ProviderTaskState.RUNNING, stale.state(), "the overtaken delivery shows the task running");
        assertEquals(taskId, stale.providerTaskId());
        assertTrue(stale.outputs().isEmpty());
    }

    @Test
    void aFastTasksCallbackCanOvertakeTheCreateAnswer() throws Exception {
        long started = System.nanoTime();
        provider().submit(request(prompt("[sim:slow-ms=0] [sim:answer-delay=400]")), receiver.url("/cb"));
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() >= 400, "the answer was held back");
        assertEquals(1, receiver.pending(), "the callback came before the create answer");
    }

    @Test
    void aDirectiveScopedToAnotherProviderDoesNotApply() throws Exception {
        String other = key().equals("revid") ? "crun" : "revid";
        provider().submit(request(prompt("[sim:" + other + ":create=429]")), receiver.url("/cb"));
        ProviderException e = createFails(prompt("[sim:" + key() + ":create=429] [sim:" + other + ":create=500]"));
        assertEquals(ErrorClass.RATE_LIMITED, e.errorClass(), "the directive scoped to this provider wins");
    }

    @Test
    void bodyErrorOnHttp200IsAnErrorThatMayHaveCreatedTheTask() {
        ProviderException e = createFails(prompt("[sim:create=body-error]"));
        assertEquals(ErrorClass.PROVIDER_ERROR, e.errorClass());
        assertEquals(200, e.httpStatus());
        assertEquals("500", e.providerCode());
        assertTrue(e.possiblyAccepted());
    }
}
