package dev.bananagateway.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.bananagateway.model.Cost;
import dev.bananagateway.model.Degradation;
import dev.bananagateway.model.GenerationRequest;
import dev.bananagateway.model.Output;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskTest {

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    /** Every component set, and to a value no default has, so a component the builder loses shows. */
    private static Task everyComponentSet() {
        return Task.builder()
                .id("tsk_1")
                .owner("owner-1")
                .request(GenerationRequest.image("nano-banana-pro", "a banana", List.of()))
                .state(TaskState.RUNNING)
                .version(7)
                .provider("revid")
                .providerTaskId("p-1")
                .attempts(List.of(new Attempt("revid", "p-1", Attempt.ACCEPTED, null, 200, null, T0)))
                .outputs(List.of(Output.of("https://cdn.example/1.png")))
                .error(new TaskError("X", "message", true))
                .progress(40)
                .cost(Cost.priceTable(0.09, 25.0))
                .createdAt(T0)
                .updatedAt(T0.plusSeconds(1))
                .completedAt(T0.plusSeconds(2))
                .deadline(T0.plusSeconds(3))
                .ttl(12345)
                .nextCheckAt(T0.plusSeconds(4))
                .pollCount(5)
                .webhookState(WebhookState.PENDING)
                .webhookAttempts(6)
                .degraded(List.of(Degradation.dropped("aspect_ratio", "auto")))
                .lateResult(new LateResult(TaskState.FAILED, List.of(), new TaskError("Y", "late", false), null,
                        T0.plusSeconds(9)))
                .storing(true)
                .storeFailures(2)
                .storeLeaseUntil(T0.plusSeconds(5))
                .build();
    }

    @Test
    void theBuilderSetsEachComponentToItsOwnValue() {
        Task t = everyComponentSet();
        assertEquals(new Task("tsk_1", "owner-1", t.request(), TaskState.RUNNING, 7, "revid", "p-1", t.attempts(),
                t.outputs(), new TaskError("X", "message", true), 40, Cost.priceTable(0.09, 25.0), T0, T0.plusSeconds(1),
                T0.plusSeconds(2), T0.plusSeconds(3), 12345, T0.plusSeconds(4), 5, WebhookState.PENDING, 6,
                List.of(new Degradation("aspect_ratio", "auto", null)),
                new LateResult(TaskState.FAILED, List.of(), new TaskError("Y", "late", false), null,
                        T0.plusSeconds(9)), true, 2, T0.plusSeconds(5)), t);
    }

    @Test
    void aToBuilderRoundTripGivesAnEqualTask() {
        Task t = everyComponentSet();
        assertEquals(t, t.toBuilder().build());
    }

    @Test
    void aChangeThroughTheBuilderChangesOnlyThatComponent() {
        Task t = everyComponentSet();
        Task changed = t.toBuilder().state(TaskState.SUCCEEDED).build();
        assertEquals(TaskState.SUCCEEDED, changed.state());
        assertNotEquals(t, changed);
        assertEquals(t, changed.toBuilder().state(t.state()).build(), "setting it back gives the original");
    }

    @Test
    void anEmptyBuilderGetsTheConstructorsNormalization() {
        Task t = Task.builder().id("tsk_2").state(TaskState.QUEUED).build();
        assertEquals(List.of(), t.attempts());
        assertEquals(List.of(), t.outputs());
        assertEquals(WebhookState.NONE, t.webhookState());
        assertEquals(List.of(), t.degraded());
    }

    @Test
    void aQueuedTaskIsVersionOneWithNothingButItsSchedule() {
        GenerationRequest request = GenerationRequest.image("nano-banana", "a banana", List.of());
        Task t = Task.queued("tsk_3", "owner-3", request, T0, T0.plusSeconds(5), T0.plusSeconds(60), 999);
        assertEquals(new Task("tsk_3", "owner-3", request, TaskState.QUEUED, 1, null, null, List.of(), List.of(),
                null, 0, null, T0, T0, null, T0.plusSeconds(60), 999, T0.plusSeconds(5), 0, WebhookState.NONE, 0,
                List.of(), null, false, 0, null), t);
    }
}
