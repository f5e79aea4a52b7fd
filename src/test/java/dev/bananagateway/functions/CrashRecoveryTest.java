package dev.bananagateway.functions;

import dev.bananagateway.provider.revid.RevidProvider;
import static dev.bananagateway.testing.Api.api;
import static dev.bananagateway.testing.Api.json;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bananagateway.lifecycle.CallbackTokens;
import dev.bananagateway.lifecycle.SweeperService;
import dev.bananagateway.model.GenerationRequest;
import dev.bananagateway.task.Task;
import dev.bananagateway.task.TaskIds;
import dev.bananagateway.task.TaskState;
import dev.bananagateway.task.TaskStore;
import dev.bananagateway.testing.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A submit that died between the provider's accept and our update leaves a QUEUED task naming the
 * provider it was calling (the write-ahead). Such a task is never resubmitted.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class CrashRecoveryTest {

    @Inject
    TaskStore store;
    @Inject
    SweeperService sweeper;
    @Inject
    CallbackTokens tokens;

    /** What a crashed submit leaves behind: the write-ahead item only, already due for the sweeper. */
    private Task crashedSubmit(String provider) {
        Instant now = Instant.now();
        GenerationRequest request = GenerationRequest.image("nano-banana-pro", "crashed " + provider, List.of());
        Task written = Task.queued(TaskIds.newId(), "anonymous", request, now.minusSeconds(300),
                now.minusSeconds(1), now.plusSeconds(600), now.plusSeconds(86400).getEpochSecond());
        Task withProvider = written.toBuilder().provider(provider).build();
        store.create(withProvider);
        return withProvider;
    }

    @Test
    void aStuckTaskAtAProviderWithoutCallbacksFailsUncertainAndIsNotResubmitted() {
        Task task = crashedSubmit("nbpcloud");
        sweeper.sweep(Duration.ZERO);
        api().get("/v1/tasks/" + task.id()).then().statusCode(200)
                .body("status", equalTo("FAILED"))
                .body("error.code", equalTo("SUBMISSION_UNCERTAIN"))
                .body("attempts.size()", equalTo(0));
    }

    @Test
    void aStuckTaskAtACallbackProviderWaitsAndItsCallbackStillCompletesIt() {
        Task task = crashedSubmit("revid");
        sweeper.sweep(Duration.ZERO);
        Task waiting = store.get(task.id()).orElseThrow();
        assertEquals(TaskState.QUEUED, waiting.state(), "a callback may still come: wait, do not resubmit");

        String url = tokens.callbackUrl("http://localhost", RevidProvider.ID, task.id());
        String path = url.substring("http://localhost".length());
        json("""
                {"code":200,"msg":"Playground task completed successfully.","data":{"taskId":"rv-crashed-1",
                 "model":"nano-banana-pro","state":"success","param":"{}",
                 "resultJson":"{\\"resultUrls\\":[\\"https://static.example.com/crashed.png\\"]}",
                 "failCode":null,"failMsg":null,"costTime":1,"completeTime":1757584170000,"createTime":1757584164490}}
                """).post(path).then().statusCode(200);
        // the success is applied; the made-up file cannot be copied, so the task waits storing it
        api().get("/v1/tasks/" + task.id()).then()
                .body("status", equalTo("RUNNING"))
                .body("progress", equalTo(100))
                .body("storing", equalTo(true))
                .body("outputs[0].source_url", equalTo("https://static.example.com/crashed.png"));
        assertEquals("rv-crashed-1", store.get(task.id()).orElseThrow().providerTaskId(),
                "the callback recorded the provider task id submit never wrote");
    }
}
