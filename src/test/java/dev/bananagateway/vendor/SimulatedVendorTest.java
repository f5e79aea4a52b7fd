package dev.bananagateway.vendor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bananagateway.local.DynamoDbLocal;
import dev.bananagateway.model.GenerationRequest;
import dev.bananagateway.model.Output;
import dev.bananagateway.testing.SimulatorControl;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every adapter must do against the simulator: success with the simulator's own files,
 * generation failure, and each error class a create or poll can meet. Subclasses are the
 * {@code @QuarkusTest}s, one per vendor, and add the vendor's own cases.
 */
public abstract class SimulatedVendorTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);

    @ConfigProperty(name = "gateway.simulator.url")
    protected String simulatorUrl;

    protected SimulatorControl sim;

    /** The adapter bean under test. */
    protected abstract Vendor vendor();

    /** Another instance of the adapter, calling the given endpoint. */
    protected abstract Vendor vendorAt(VendorEndpoint endpoint);

    /** A request this vendor serves, with the given prompt. */
    protected abstract GenerationRequest request(String prompt);

    /** A request this vendor cannot serve. */
    protected abstract GenerationRequest unsupportedRequest();

    @BeforeEach
    void resetSimulator() {
        sim = new SimulatorControl(simulatorUrl);
        sim.reset();
    }

    protected String key() {
        return vendor().id().key();
    }

    /** A prompt no other test uses, with the given simulator directives. */
    protected static String prompt(String directives) {
        return "banana " + UUID.randomUUID() + " " + directives;
    }

    @Test
    void succeedsWithTheFilesTheSimulatorMade() throws Exception {
        GenerationRequest request = request(prompt(""));
        String taskId = vendor().submit(request, null);
        VendorStatus status = pollUntilTerminal(taskId, request);
        assertEquals(VendorTaskState.SUCCEEDED, status.state());
        assertEquals(taskId, status.vendorTaskId());
        JsonNode simulated = onlyTask(request.prompt());
        assertEquals(taskId, simulated.path("taskId").asText());
        assertEquals(1, simulated.path("createCount").asInt(), "submitted once");
        assertEquals(Json.strings(simulated.path("resultUrls")), status.outputs().stream().map(Output::url).toList());
        HttpResponse<byte[]> file = sim.get(status.outputs().get(0).url());
        assertEquals(200, file.statusCode());
        assertTrue(file.body().length > 0);
        assertTrue(file.headers().firstValue("Content-Type").orElse("").matches("(image|video)/.+"));
    }

    @Test
    void generationFailureIsATerminalFailure() throws Exception {
        GenerationRequest request = request(prompt("[sim:fail]"));
        VendorStatus status = pollUntilTerminal(vendor().submit(request, null), request);
        assertEquals(VendorTaskState.FAILED, status.state());
        assertTrue(status.error().errorClass() == ErrorClass.GENERATION_FAILED
                || status.error().errorClass() == ErrorClass.CONTENT_REJECTED);
        assertTrue(status.outputs().isEmpty());
    }

    @Test
    void rateLimitedCreateIsNotAcceptedAndCarriesRetryAfter() {
        String prompt = prompt("[sim:create=429] [sim:retry-after=3]");
        VendorException e = createFails(prompt);
        assertEquals(ErrorClass.RATE_LIMITED, e.errorClass());
        assertEquals(Duration.ofSeconds(3), e.retryAfter());
        assertFalse(e.possiblyAccepted());
        assertTrue(sim.tasksWithPrompt(key(), prompt).isEmpty());
    }

    @Test
    void maintenanceIsUnavailableAndNotAccepted() {
        VendorException e = createFails(prompt("[sim:create=455]"));
        assertEquals(ErrorClass.PROVIDER_UNAVAILABLE, e.errorClass());
        assertFalse(e.possiblyAccepted());
    }

    @Test
    void serverErrorOnCreateMayHaveCreatedTheTask() {
        String prompt = prompt("[sim:create=500]");
        VendorException e = createFails(prompt);
        assertEquals(ErrorClass.PROVIDER_ERROR, e.errorClass());
        assertTrue(e.possiblyAccepted());
        assertEquals(1, sim.tasksWithPrompt(key(), prompt).size(), "the simulator did create it");
    }

    @Test
    void cloudflarePageIsUnavailableAndPossiblyAccepted() {
        VendorException e = createFails(prompt("[sim:create=522]"));
        assertEquals(ErrorClass.PROVIDER_UNAVAILABLE, e.errorClass());
        assertEquals(522, e.httpStatus());
        assertTrue(e.possiblyAccepted());
    }

    @Test
    void accountErrorsAreNotAccepted() {
        VendorException credits = createFails(prompt("[sim:create=402]"));
        assertEquals(ErrorClass.INSUFFICIENT_CREDITS, credits.errorClass());
        assertFalse(credits.possiblyAccepted());
        assertEquals(ErrorClass.FORBIDDEN, createFails(prompt("[sim:create=403]")).errorClass());
        assertEquals(ErrorClass.INVALID_REQUEST, createFails(prompt("[sim:create=422]")).errorClass());
    }

    @Test
    void wrongKeyIsAuthFailedAndTheKeyIsNotInTheMessage() {
        String wrongKey = "wrong-key-" + UUID.randomUUID();
        Vendor wrong = vendorAt(new VendorEndpoint(vendor().id(), URI.create(simulatorUrl + "/" + key()), wrongKey,
                true, Duration.ofSeconds(1), Duration.ofSeconds(2)));
        VendorException e = assertThrows(VendorException.class, () -> wrong.submit(request(prompt("")), null));
        assertEquals(ErrorClass.AUTH_FAILED, e.errorClass());
        assertFalse(e.possiblyAccepted());
        assertFalse(e.getMessage().contains(wrongKey));
    }

    @Test
    void connectionRefusedIsCertainlyNotAccepted() {
        Vendor unreachable = vendorAt(new VendorEndpoint(vendor().id(),
                URI.create("http://localhost:" + DynamoDbLocal.freePort() + "/" + key()),
                VendorEndpoint.simulatorKey(vendor().id()), true, Duration.ofSeconds(1), Duration.ofSeconds(2)));
        VendorException e = assertThrows(VendorException.class, () -> unreachable.submit(request(prompt("")), null));
        assertEquals(ErrorClass.PROVIDER_UNAVAILABLE, e.errorClass());
        assertEquals(0, e.httpStatus());
        assertFalse(e.possiblyAccepted());
    }

    @Test
    void firstPollErrorIsRetriableAndLaterPollsWork() throws Exception {
        GenerationRequest request = request(prompt("[sim:poll=500]"));
        String taskId = vendor().submit(request, null);
        VendorException e = assertThrows(VendorException.class, () -> vendor().poll(taskId, request));
        assertEquals(ErrorClass.PROVIDER_ERROR, e.errorClass());
        assertTrue(e.errorClass().retriablePoll());
        assertEquals(VendorTaskState.SUCCEEDED, pollUntilTerminal(taskId, request).state());
    }

    @Test
    void unknownTaskIsNotFound() {
        VendorException e = assertThrows(VendorException.class,
                () -> vendor().poll("no-such-task", request(prompt(""))));
        assertEquals(ErrorClass.NOT_FOUND, e.errorClass());
    }

    @Test
    void unsupportedRequestIsRejectedBeforeAnyCall() {
        VendorException e = assertThrows(VendorException.class, () -> vendor().submit(unsupportedRequest(), null));
        assertEquals(ErrorClass.INVALID_REQUEST, e.errorClass());
        assertEquals("UNSUPPORTED_BY_VENDOR", e.vendorCode());
        assertTrue(sim.tasks(key()).isEmpty());
    }

    @Test
    void globalFaultFromTheControlApiAppliesOnce() throws Exception {
        sim.fault("{\"vendor\":\"" + key() + "\",\"operation\":\"create\",\"fault\":\"503\",\"count\":1}");
        VendorException e = createFails(prompt(""));
        assertEquals(ErrorClass.PROVIDER_UNAVAILABLE, e.errorClass());
        assertFalse(e.possiblyAccepted(), "a 503 that explains itself in JSON did not create a task");
        assertFalse(vendor().submit(request(prompt("")), null).isBlank());
    }

    // ---- helpers ----

    protected VendorException createFails(String prompt) {
        return assertThrows(VendorException.class, () -> vendor().submit(request(prompt), null));
    }

    protected VendorStatus pollUntilTerminal(String taskId, GenerationRequest request) throws Exception {
        return pollUntil(taskId, request, s -> s.state().terminal());
    }

    protected VendorStatus pollUntil(String taskId, GenerationRequest request,
            java.util.function.Predicate<VendorStatus> done) throws Exception {
        Instant deadline = Instant.now().plus(DEADLINE);
        while (true) {
            VendorStatus status = vendor().poll(taskId, request);
            if (done.test(status)) {
                return status;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("task " + taskId + " still " + status.state() + " at the deadline");
            }
            Thread.sleep(50);
        }
    }

    /** Waits until the simulator lists a task with this prompt in the given state. */
    protected JsonNode awaitSimulatedState(String prompt, String state) throws InterruptedException {
        return awaitSimulated(prompt, t -> state.equals(t.path("state").asText()), "state " + state);
    }

    /** Waits until the simulator's view of the task with this prompt satisfies {@code condition}. */
    protected JsonNode awaitSimulated(String prompt, java.util.function.Predicate<JsonNode> condition, String what)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(DEADLINE);
        while (Instant.now().isBefore(deadline)) {
            List<JsonNode> tasks = sim.tasksWithPrompt(key(), prompt);
            if (!tasks.isEmpty() && condition.test(tasks.get(0))) {
                return tasks.get(0);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no simulated " + key() + " task reached " + what);
    }

    protected JsonNode onlyTask(String prompt) {
        List<JsonNode> tasks = sim.tasksWithPrompt(key(), prompt);
        assertEquals(1, tasks.size(), "exactly one task with this prompt");
        return tasks.get(0);
    }
}
