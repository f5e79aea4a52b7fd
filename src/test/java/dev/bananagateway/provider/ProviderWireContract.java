package dev.bananagateway.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bananagateway.model.GenerationRequest;
import dev.bananagateway.model.Output;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * What every provider's wire contract must satisfy, checked against the example payloads of the
 * provider's documents, kept as fixtures in {@code src/test/resources/providers/<id>/} (docs/providers.md
 * 3-7):
 * <ul>
 * <li>a documented request is one the adapter accepts, and the body it sends for it is the documented body;</li>
 * <li>a documented create answer gives the documented task id;</li>
 * <li>a documented status answer parses to its state: an unfinished one to a non-terminal state with neither
 * outputs nor error, a success to SUCCEEDED with exactly the documented output files, a failure to FAILED with
 * the provider's code and message;</li>
 * <li>documented callback bodies parse the same way on providers that call back; the others refuse callbacks;</li>
 * <li>a documented error answer to a create fails with the right class, code, Retry-After and message, and is
 * marked possibly accepted exactly when the provider may have created the task anyway.</li>
 * </ul>
 * Each provider's WireTest extends this, supplies its adapter, the adapter's mapping and parsing (the wire
 * classes are package-private), its fixtures and what must be read from them, and keeps its provider-specific
 * tests. Plain JUnit: the adapters are built without an endpoint and never call out.
 */
public abstract class ProviderWireContract {

    /** The task id the status parsing is given, as a poll would; an id in the answer wins over it. */
    protected static final String POLLED_TASK_ID = "polled-task-id";

    /** The adapter under test, built without an endpoint. */
    protected abstract Provider provider();

    /** The body the adapter sends to create a task for the request, as its submit builds it. */
    protected abstract JsonNode createBody(GenerationRequest request, String callbackUrl);

    /** The task id the adapter reads from an answer to its create call, as its submit does (and fails alike). */
    protected abstract String createdTaskId(WireResponse answer) throws ProviderException;

    /** The status the adapter reads from an answer to its status call for {@code taskId}, as its poll does. */
    protected abstract ProviderStatus polledStatus(WireResponse answer, String taskId) throws ProviderException;

    /** The documents' requests, each as a normalized request and the body the adapter must send for it. */
    protected abstract List<DocumentedRequest> documentedRequests();

    /** The documents' create answers and the task id each gives. */
    protected abstract List<CreateAnswer> createAnswers();

    /** The documents' status answers; at least one unfinished task and, here or among the callbacks, a success. */
    protected abstract List<StatusAnswer> statusAnswers();

    /** The documents' callback bodies; required exactly when the provider calls back. */
    protected List<StatusAnswer> callbacks() {
        return List.of();
    }

    /** The documents' error answers, as answers to a create call. */
    protected List<ErrorAnswer> errorAnswers() {
        return List.of();
    }

    /** The text of one of this provider's fixtures. */
    protected final String fixture(String name) {
        return ProviderFixtures.text(provider().id(), name);
    }

    /** One of this provider's fixtures as JSON. */
    protected final JsonNode fixtureJson(String name) {
        return ProviderFixtures.json(provider().id(), name);
    }

    @TestFactory
    Stream<DynamicTest> documentedRequestsAreAcceptedAndSentAsDocumented() {
        return documentedRequests().stream().map(example -> dynamicTest(example.fixture(), () -> {
            assertEquals(Optional.empty(), provider().check(example.request()),
                    example.fixture() + ": the documented request is refused");
            assertEquals(fixtureJson(example.fixture()), createBody(example.request(), example.callbackUrl()),
                    example.fixture() + ": the body sent");
        }));
    }

    @TestFactory
    Stream<DynamicTest> createAnswersGiveTheTaskId() {
        return createAnswers().stream().map(example -> dynamicTest(example.fixture(), () -> assertEquals(
                example.taskId(), createdTaskId(new WireResponse(200, fixture(example.fixture()), null)),
                example.fixture() + ": task id")));
    }

    @TestFactory
    Stream<DynamicTest> statusAnswersParse() {
        return statusAnswers().stream().map(example -> dynamicTest(example.name(), () -> verify(example,
                polledStatus(new WireResponse(200, body(example), null), POLLED_TASK_ID))));
    }

    @TestFactory
    Stream<DynamicTest> callbacksParse() {
        return callbacks().stream().map(example -> dynamicTest(example.name(),
                () -> verify(example, provider().parseCallback(body(example), Map.of()))));
    }

    @TestFactory
    Stream<DynamicTest> errorAnswersAreClassified() {
        return errorAnswers().stream().map(example -> dynamicTest(example.fixture() + ", HTTP " + example.httpStatus(),
                () -> {
                    String name = example.fixture();
                    ProviderException e = assertThrows(ProviderException.class, () -> createdTaskId(new WireResponse(
                            example.httpStatus(), fixture(name), example.retryAfterHeader())), name);
                    assertEquals(provider().id(), e.provider(), name + ": provider");
                    assertEquals(example.errorClass(), e.errorClass(), name + ": error class");
                    assertEquals(example.httpStatus(), e.httpStatus(), name + ": HTTP status");
                    assertEquals(example.providerCode(), e.providerCode(), name + ": provider code");
                    assertEquals(example.possiblyAccepted(), e.possiblyAccepted(), name + ": possibly accepted");
                    assertEquals(example.retryAfter(), e.retryAfter(), name + ": Retry-After");
                    if (example.message() != null) {
                        assertTrue(e.getMessage().contains(example.message()),
                                name + ": the provider's message is kept, got: " + e.getMessage());
                    }
                }));
    }

    @Test
    void examplesCoverARequestACreateAnswerAndBothEndsOfATask() {
        String id = provider().id().key();
        assertFalse(documentedRequests().isEmpty(), id + ": no documented request");
        assertFalse(createAnswers().isEmpty(), id + ": no documented create answer");
        assertTrue(statusAnswers().stream().anyMatch(a -> !a.state().terminal()),
                id + ": no documented status answer of an unfinished task");
        assertTrue(Stream.concat(statusAnswers().stream(), callbacks().stream())
                .anyMatch(a -> a.state() == ProviderTaskState.SUCCEEDED), id + ": no documented success");
    }

    @Test
    void callbacksAreDocumentedExactlyWhenTheProviderCallsBack() {
        String id = provider().id().key();
        if (provider().supportsCallbacks()) {
            assertFalse(callbacks().isEmpty(), id + " calls back, but no documented callback body is checked");
            return;
        }
        assertTrue(callbacks().isEmpty(), id + " sends no callbacks, yet callback bodies are listed");
        String answer = body(statusAnswers().get(0));
        ProviderException e = assertThrows(ProviderException.class, () -> provider().parseCallback(answer, Map.of()),
                id + " must refuse a callback");
        assertEquals(ErrorClass.INVALID_REQUEST, e.errorClass());
    }

    private String body(StatusAnswer example) {
        return example.edit().apply(fixture(example.fixture()));
    }

    private static void verify(StatusAnswer expected, ProviderStatus status) {
        String name = expected.name();
        assertEquals(expected.state(), status.state(), name + ": state");
        assertEquals(expected.taskId(), status.providerTaskId(), name + ": task id");
        assertEquals(expected.outputs(), status.outputs(), name + ": outputs");
        assertEquals(expected.error(), status.error(), name + ": error");
        expected.more().accept(status);
    }

    /** A documented request: the fixture holding the body to send, and the normalized request it comes from. */
    public record DocumentedRequest(String fixture, GenerationRequest request, String callbackUrl) {
    }

    /** A documented create answer and the task id the adapter must read from it. */
    public record CreateAnswer(String fixture, String taskId) {
    }

    /**
     * A documented status answer or callback body and what the adapter must read from it. The body is the
     * fixture, optionally edited into a variant the documents describe but do not print (e.g. the same
     * answer once the task is done).
     */
    public record StatusAnswer(String fixture, String variant, UnaryOperator<String> edit, ProviderTaskState state,
            String taskId, List<Output> outputs, ProviderError error, Consumer<ProviderStatus> more) {

        /** A task not finished yet: no outputs, no error. */
        public static StatusAnswer unfinished(String fixture, ProviderTaskState state, String taskId) {
            if (state.terminal()) {
                throw new IllegalArgumentException(state + " is terminal");
            }
            return new StatusAnswer(fixture, null, UnaryOperator.identity(), state, taskId, List.of(), null, s -> {
            });
        }

        /** A finished task with exactly these output files. */
        public static StatusAnswer succeeded(String fixture, String taskId, Output... outputs) {
            if (outputs.length == 0) {
                throw new IllegalArgumentException("a documented success has outputs");
            }
            return new StatusAnswer(fixture, null, UnaryOperator.identity(), ProviderTaskState.SUCCEEDED, taskId,
                    List.of(outputs), null, s -> {
                    });
        }

        /** A failed task: no outputs, this error. */
        public static StatusAnswer failed(String fixture, String taskId, ProviderError error) {
            return new StatusAnswer(fixture, null, UnaryOperator.identity(), ProviderTaskState.FAILED, taskId,
                    List.of(), error, s -> {
                    });
        }

        /** The fixture edited into a variant, named for the test's display name. */
        public StatusAnswer edited(String variantName, UnaryOperator<String> change) {
            return new StatusAnswer(fixture, variantName, change, state, taskId, outputs, error, more);
        }

        /** Further checks on the parsed status (progress, ETA, cost). */
        public StatusAnswer and(Consumer<ProviderStatus> check) {
            return new StatusAnswer(fixture, variant, edit, state, taskId, outputs, error, more.andThen(check));
        }

        public String name() {
            return variant == null ? fixture : fixture + ", " + variant;
        }
    }

    /**
     * A documented error answer to a create call: the fixture as the body, its HTTP status and Retry-After
     * header, and the failure the adapter must make of it. {@code message} is the provider's own text the
     * failure must keep (null when the body has none); the provider code is null and the answer not possibly
     * accepted unless said.
     */
    public record ErrorAnswer(String fixture, int httpStatus, String retryAfterHeader, ErrorClass errorClass,
            String message, String providerCode, boolean possiblyAccepted, Duration retryAfter) {

        public static ErrorAnswer of(String fixture, int httpStatus, ErrorClass errorClass, String message) {
            return new ErrorAnswer(fixture, httpStatus, null, errorClass, message, null, false, null);
        }

        public ErrorAnswer withProviderCode(String code) {
            return new ErrorAnswer(fixture, httpStatus, retryAfterHeader, errorClass, message, code, possiblyAccepted,
                    retryAfter);
        }

        /** The provider may have created the task although the create failed. */
        public ErrorAnswer mayHaveBeenAccepted() {
            return new ErrorAnswer(fixture, httpStatus, retryAfterHeader, errorClass, message, providerCode, true,
                    retryAfter);
        }

        public ErrorAnswer withRetryAfter(String header, Duration expected) {
            return new ErrorAnswer(fixture, httpStatus, header, errorClass, message, providerCode, possiblyAccepted,
                    expected);
        }
    }
}
