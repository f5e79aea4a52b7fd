package dev.bananagateway.provider;

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
 * {@code @QuarkusTest}s, one per provider, and add the provider's own cases.
 */
public abstract class SimulatedProviderTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);

    @ConfigProperty(name = "gateway.simulator.url")
    protected String simulatorUrl;

    protected SimulatorControl sim;

    /** The adapter bean under test. */
    protected abstract Provider provider();

    /** Another instance of the adapter, calling the given endpoint. */
    protected abstract Provider providerAt(ProviderEndpoint endpoint);

    /** A request this provider serves, with the given prompt. */
    protected abstract GenerationRequest request(String prompt);

    /** A request this provider cannot serve. */
    protected abstract GenerationRequest unsupportedRequest();

    @BeforeEach
    void resetSimulator() {
        sim = new SimulatorControl(simulatorUrl);
        sim.reset();
    }

    protected String key() {
        return provider().id().key();
    }

    /** A prompt no other test uses, with the given simulator directives. */
    protected static String prompt(String directives) {
        return "banana " + UUID.randomUUID() + " " + directives;
    }

    @Test
    void succeedsWithTheFilesTheSimulatorMade() throws Exception {
        GenerationRequest request = request(prompt(""));
        String taskId = provider().submit(request, null).taskId();
        ProviderStatus status = pollUntilTerminal(taskId, request);
        assertEquals(ProviderTaskState.SUCCEEDED, status.state());
        assertEquals(taskId, status.providerTaskId());
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
        ProviderStatus status = pollUntilTerminal(provider().submit(request, null).taskId(), request);
        assertEquals(ProviderTaskState.FAILED, status.state());
        assertTrue(status.error().errorClass() == ErrorClass.GENERATION_FAILED
                || status.error().errorClass() == ErrorClass.CONTENT_REJECTED);
        assertTrue(status.outputs().isEmpty());
    }

    /** {@code [sim:no-outputs]}: the provider reports success but no file; the adapter reports it as it is. */
    @Test
    void successWithoutOutputsIsReportedWithoutOutputs() throws Exception {
        GenerationRequest request = request(prompt("[sim:no-outputs]"));
        ProviderStatus status = pollUntilTerminal(provider().submit(request, null).taskId(), request);
        assertEquals(ProviderTaskState.SUCCEEDED, status.state());
        assertTrue(status.outputs().isEmpty(), () -> status.outputs().toString());
        assertTrue(onlyTask(request.prompt()).path("resultUrls").isEmpty());
    }

    /** A 408 is the server giving up on reading the request: nothing was created, another provider may be tried. */
    @Test
    void requestTimeoutOnCreateIsCertainlyNotAccepted() {
        String prompt = prompt("[sim:create=408]");
        ProviderException e = createFails(prompt);
        assertEquals(ErrorClass.PROVIDER_UNAVAILABLE, e.errorClass());
        assertEquals(408, e.httpStatus());
        assertTrue(e.errorClass().failover());
        assertFalse(e.possiblyAccepted());
        assertTrue(sim.tasksWithPrompt(key(), prompt).isEmpty());
    }

    @Test
    void requestTimeoutOnPollIsTransient() throws Exception {
        GenerationRequest request = request(prompt("[sim:poll=408]"));
        String taskId = provider().submit(request, null).taskId();
        ProviderException e = assertThrows(ProviderException.class, () -> provider().poll(taskId, request));
        assertEquals(ErrorClass.PROVIDER_UNAVAILABLE, e.errorClass());
        assertTrue(e.errorClass().retriablePoll());
        assertEquals(ProviderTaskState.SUCCEEDED, pollUntilTerminal(taskId, request).state());
    }

    @Test
    void rateLimitedCreateIsNotAcceptedAndCarriesRetryAfter() {
        String prompt = prompt("[sim:create=429] [sim:retry-after=3]");
        ProviderException e = createFails(prompt);
        assertEquals(ErrorClass.RATE_LIMITED, e.errorClass());
        assertEquals(Duration.ofSeconds(3), e.retryAfter());
        assertFalse(e.possiblyAccepted());
        assertTrue(sim.tasksWithPrompt(key(), prompt).isEmpty());
    }

    @Test
    void maintenanceIsUnavailableAndNotAccepted() {
        ProviderException e = createFails(prompt("[sim:create=455]"));
        assertEquals(ErrorClass.PROVIDER_UNAVAILABLE, e.errorClass());
        assertFalse(e.possiblyAccepted());
    }

    @Test
    void serverErrorOnCreateMayHaveCreatedTheTask() {
        String prompt = prompt("[sim:create=500]");
        ProviderException e = createFails(prompt);
        assertEquals(ErrorClass.PROVIDER_ERROR, e.errorClass());
        assertTrue(e.possiblyAccepted());
        assertEquals(1, sim.tasksWithPrompt(key(), prompt).size(), "the simulator did create it");
    }

    @Test
    void cloudflarePageIsUnavailableAndPossiblyAccepted() {
        ProviderException e = createFails(prompt("[sim:create=522]"));
        assertEquals(ErrorClass.PROVIDER_UNAVAILABLE, e.errorClass());
        assertEquals(522, e.httpStatus());
        assertTrue(e.possiblyAccepted());
    }

    @Test
    void accountErrorsAreNotAccepted() {
        ProviderException credits = createFails(prompt("[sim:create=402]"));
        assertEquals(ErrorClass.INSUFFICIENT_CREDITS, credits.errorClass());
        assertFalse(credits.possiblyAccepted());
        assertEquals(ErrorClass.FORBIDDEN, createFails(prompt("[sim:create=403]")).errorClass());
        assertEquals(ErrorClass.INVALID_REQUEST, createFails(prompt("[sim:create=422]")).errorClass());
    }

    @Test
    void wrongKeyIsAuthFailedAndTheKeyIsNotInTheMessage() {
        String wrongKey = "wrong-key-" + UUID.randomUUID();
        Provider wrong = providerAt(new ProviderEndpoint(provider().id(), URI.create(simulatorUrl + "/" + key()), wrongKey,
                true, Duration.ofSeconds(1), Duration.ofSeconds(2)));
        ProviderException e = assertThrows(ProviderException.class, () -> wrong.submit(request(prompt("")), null));
        assertEquals(ErrorClass.AUTH_FAILED, e.errorClass());
        assertFalse(e.possiblyAccepted());
        assertFalse(e.getMessage().contains(wrongKey));
    }

    @Test
    void connectionRefusedIsCertainlyNotAccepted() {
        Provider unreachable = providerAt(new ProviderEndpoint(provider().id(),
                URI.create("http://localhost:" + DynamoDbLocal.freePort() + "/" + key()),
                ProviderEndpoint.simulatorKey(provider().id()), true, Duration.ofSeconds(1), Duration.ofSeconds(2)));
        ProviderException e = assertThrows(ProviderException.class, () -> unreachable.submit(request(prompt("")), null));
        assertEquals(ErrorClass.PROVIDER_UNAVAILABLE, e.errorClass());
        assertEquals(0, e.httpStatus());
        assertFalse(e.possiblyAccepted());
    }

    @Test
    void firstPollErrorIsRetriableAndLaterPollsWork() throws Exception {
        GenerationRequest request = request(prompt("[sim:poll=500]"));
        String taskId = provider().submit(request, null).taskId();
        ProviderException e = assertThrows(ProviderException.class, () -> provider().poll(taskId, request));
        assertEquals(ErrorClass.PROVIDER_ERROR, e.errorClass());
        assertTrue(e.errorClass().retriablePoll());
        assertEquals(ProviderTaskState.SUCCEEDED, pollUntilTerminal(taskId, request).state());
    }

    @Test
    void unknownTaskIsNotFound() {
        ProviderException e = assertThrows(ProviderException.class,
                () -> provider().poll("no-such-task", request(prompt(""))));
        assertEquals(ErrorClass.NOT_FOUND, e.errorClass());
    }

    @Test
    void unsupportedRequestIsRejectedBeforeAnyCall() {
        ProviderException e = assertThrows(ProviderException.class, () -> provider().submit(unsupportedRequest(), null));
        assertEquals(ErrorClass.INVALID_REQUEST, e.errorClass());
        assertEquals("UNSUPPORTED_BY_PROVIDER", e.providerCode());
        assertTrue(sim.tasks(key()).isEmpty());
    }

    @Test
    void globalFaultFromTheControlApiAppliesOnce() throws Exception {
        sim.fault("{\"provider\":\"" + key() + "\",\"operation\":\"create\",\"fault\":\"503\",\"count\":1}");
        ProviderException e = createFails(prompt(""));
        assertEquals(ErrorClass.PROVIDER_UNAVAILABLE, e.errorClass());
        assertFalse(e.possiblyAccepted(), "a 503 that explains itself in JSON did not create a task");
        assertFalse(provider().submit(request(prompt("")), null).taskId().isBlank());
    }

    // ---- helpers ----

    protected ProviderException createFails(String prompt) {
        return assertThrows(ProviderException.class, () -> provider().submit(request(prompt), null));
    }

    protected ProviderStatus pollUntilTerminal(String taskId, GenerationRequest request) throws Exception {
        return pollUntil(taskId, request, s -> s.state().terminal());
    }

    protected ProviderStatus pollUntil(String taskId, GenerationRequest request,
            java.util.function.Predicate<ProviderStatus> done) throws Exception {
        Instant deadline = Instant.now().plus(DEADLINE);
        while (true) {
            ProviderStatus status = provider().poll(taskId, request);
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
