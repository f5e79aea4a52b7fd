package dev.bananagateway.functions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.bananagateway.model.GenerationRequest;
import dev.bananagateway.task.Task;
import dev.bananagateway.task.TaskIds;
import dev.bananagateway.task.TaskStore;
import dev.bananagateway.testing.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The exported function (status, in the test profile) invoked the way Lambda invokes it: a raw
 * API Gateway v2 event posted to the Lambda mock event server, decoded by Funqy.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class LambdaEventTest {

    @Inject
    TaskStore store;

    private static String statusEvent(String taskId, String principal) {
        return """
                {"version":"2.0","routeKey":"GET /v1/tasks/{taskId}","rawPath":"/v1/tasks/%s","rawQueryString":"",
                 "headers":{"accept":"application/json"},
                 "pathParameters":{"taskId":"%s"},
                 "requestContext":{"routeKey":"GET /v1/tasks/{taskId}","stage":"$default","domainName":"api.example.com",
                   "http":{"method":"GET","path":"/v1/tasks/%s"},
                   "authorizer":{"iam":{"userArn":"%s"}}},
                 "isBase64Encoded":false}
                """.formatted(taskId, taskId, taskId, principal);
    }

    @Test
    void aStatusEventForAnUnknownTaskAnswers404ProblemJson() {
        given().body(statusEvent(TaskIds.newId(), "arn:aws:iam::1:user/a")).post().then()
                .statusCode(200)
                .body("statusCode", equalTo(404))
                .body("headers.content-type", equalTo("application/problem+json"))
                .body("body", containsString("TASK_NOT_FOUND"));
    }

    @Test
    void aStatusEventReturnsTheCallersTaskAndHidesOthers() {
        Instant now = Instant.now();
        String owner = "arn:aws:iam::123456789012:user/alice";
        Task task = Task.queued(TaskIds.newId(), owner,
                GenerationRequest.image("nano-banana-pro", "a banana", List.of()), now, now.plusSeconds(120),
                now.plusSeconds(900), now.plusSeconds(86400).getEpochSecond());
        store.create(task);
        given().body(statusEvent(task.id(), owner)).post().then()
                .statusCode(200)
                .body("statusCode", equalTo(200))
                .body("headers.content-type", equalTo("application/json"))
                .body("body", containsString("\"status\":\"QUEUED\""))
                .body("body", containsString(task.id()));
        given().body(statusEvent(task.id(), "arn:aws:iam::123456789012:user/mallory")).post().then()
                .body("statusCode", equalTo(404));
    }

    /** An event Funqy cannot read fails the invocation with the runtime's error answer, not a hang. */
    @Test
    void anUnreadableEventIsAnsweredWithTheRuntimesErrorJson() {
        given().body("[\"not an API Gateway event\"]").post().then()
                .body("errorType", equalTo("java.lang.IllegalArgumentException"))
                .body("errorMessage", containsString("deserialize"));
    }
}
