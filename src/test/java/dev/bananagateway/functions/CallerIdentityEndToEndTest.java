package dev.bananagateway.functions;

import static dev.bananagateway.testing.Api.json;
import static org.hamcrest.Matchers.equalTo;

import dev.bananagateway.testing.Api;
import dev.bananagateway.testing.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The owner through the public API: the sessions of one role share their tasks and Idempotency-Keys;
 * other roles, other accounts, other users and anonymous callers see none of them. Locally the
 * header {@code x-local-principal} carries the ARN API Gateway would pass.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class CallerIdentityEndToEndTest {

    private static final String ROLE_SESSION = "arn:aws:sts::123456789012:assumed-role/render-worker/";

    private static String body() {
        return "{\"prompt\":\"owned banana " + UUID.randomUUID() + "\",\"model\":\"nano-banana-pro\"}";
    }

    private static String statusAs(String principal, String id) {
        var request = Api.api();
        if (principal != null) {
            request = request.header("x-local-principal", principal);
        }
        return Integer.toString(request.get("/v1/tasks/" + id).then().extract().statusCode());
    }

    @Test
    void everySessionOfARoleSeesItsTasksAndKeys() {
        String body = body();
        String key = "role-key-" + UUID.randomUUID();
        String id = json(body).header("x-local-principal", ROLE_SESSION + "i-0aaa").header("Idempotency-Key", key)
                .post("/v1/tasks").then().statusCode(202).extract().path("id");

        org.junit.jupiter.api.Assertions.assertEquals("200", statusAs(ROLE_SESSION + "i-0bbb", id),
                "another session of the same role");
        json(body).header("x-local-principal", ROLE_SESSION + "lambda-instance-2").header("Idempotency-Key", key)
                .post("/v1/tasks").then().statusCode(202).header("idempotent-replayed", "true")
                .body("id", equalTo(id));

        for (String stranger : new String[] { "arn:aws:sts::123456789012:assumed-role/other-role/i-0aaa",
                "arn:aws:sts::210987654321:assumed-role/render-worker/i-0aaa",
                "arn:aws:iam::123456789012:role/render-worker-2", "arn:aws:iam::123456789012:user/render-worker",
                null }) {
            org.junit.jupiter.api.Assertions.assertEquals("404", statusAs(stranger, id), "seen by " + stranger);
        }
        // another role's identical key is its own key
        String other = json(body).header("x-local-principal", "arn:aws:sts::123456789012:assumed-role/other-role/s")
                .header("Idempotency-Key", key).post("/v1/tasks").then().statusCode(202).extract().path("id");
        org.junit.jupiter.api.Assertions.assertNotEquals(id, other);
    }

    @Test
    void aUserOwnsByItsArnAndOnlyThatUserSeesTheTask() {
        String alice = "arn:aws:iam::123456789012:user/team/alice";
        String id = json(body()).header("x-local-principal", alice).post("/v1/tasks").then().statusCode(202)
                .extract().path("id");
        org.junit.jupiter.api.Assertions.assertEquals("200", statusAs(alice, id));
        for (String stranger : new String[] { "arn:aws:iam::123456789012:user/alice",
                "arn:aws:iam::123456789012:user/team/bob", "arn:aws:sts::123456789012:assumed-role/alice/alice",
                "arn:aws:iam::123456789012:root", null }) {
            org.junit.jupiter.api.Assertions.assertEquals("404", statusAs(stranger, id), "seen by " + stranger);
        }
    }
}
