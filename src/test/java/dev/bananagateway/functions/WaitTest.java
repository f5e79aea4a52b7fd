package dev.bananagateway.functions;

import static dev.bananagateway.testing.Api.api;
import static dev.bananagateway.testing.Api.json;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bananagateway.testing.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code Prefer: wait=N} on submit and status through the public API. The waits that must run out
 * are one second long; the test checks only that the answer did not come sooner.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class WaitTest {

    /** revid finishes about a second after the create and calls back: well within a 20 s wait. */
    private static String revidBody() {
        return "{\"prompt\":\"waited banana " + UUID.randomUUID() + "\",\"model\":\"nano-banana-pro\","
                + "\"provider\":\"revid\"}";
    }

    /** nbpcloud is only polled, and no sweeper runs in tests: the task stays SUBMITTED. */
    private static String stuckBody() {
        return "{\"prompt\":\"stuck banana " + UUID.randomUUID() + "\",\"model\":\"nano-banana-fast\","
                + "\"provider\":\"nbpcloud\"}";
    }

    @Test
    void aWaitedSubmitAnswers200WithTheFinishedTask() {
        json(revidBody()).header("Prefer", "wait=20").post("/v1/tasks").then().statusCode(200)
                .header("preference-applied", "wait=20").header("location", startsWith("/v1/tasks/tsk_"))
                .body("status", equalTo("SUCCEEDED")).body("outputs.size()", equalTo(1));
    }

    @Test
    void aLongerWaitIsCutToTheMaximumAndOtherPreferencesAreIgnored() {
        json(revidBody()).header("Prefer", "respond-async, wait=3600").post("/v1/tasks").then().statusCode(200)
                .header("preference-applied", "wait=20").body("status", equalTo("SUCCEEDED"));
    }

    @Test
    void aWaitThatRunsOutAnswers202WithTheTaskAsItIs() {
        Instant start = Instant.now();
        String id = json(stuckBody()).header("Prefer", "wait=1").post("/v1/tasks").then().statusCode(202)
                .header("preference-applied", "wait=1").body("status", equalTo("SUBMITTED")).extract().path("id");
        assertTrue(Duration.between(start, Instant.now()).toMillis() >= 1000, "the answer waited out the second");

        start = Instant.now();
        api().header("Prefer", "wait=1").get("/v1/tasks/" + id).then().statusCode(202)
                .header("preference-applied", "wait=1").body("status", equalTo("SUBMITTED"));
        assertTrue(Duration.between(start, Instant.now()).toMillis() >= 1000, "the answer waited out the second");
    }

    @Test
    void aWaitedStatusAnswersWhenTheTaskEnds() {
        String id = json(revidBody()).post("/v1/tasks").then().statusCode(202).extract().path("id");
        api().header("Prefer", "wait=20").get("/v1/tasks/" + id).then().statusCode(200)
                .header("preference-applied", "wait=20").body("status", equalTo("SUCCEEDED"));
        // already terminal: answered at once, still saying what was applied
        api().header("Prefer", "wait=5").get("/v1/tasks/" + id).then().statusCode(200)
                .header("preference-applied", "wait=5").body("status", equalTo("SUCCEEDED"));
    }

    @Test
    void aWaitThatIsNotAWholeNumberOfSecondsIsIgnored() {
        for (String prefer : new String[] { "wait=0", "wait=abc", "wait=-1", "wait=1.5", "wait" }) {
            String id = json(stuckBody()).header("Prefer", prefer).post("/v1/tasks").then().statusCode(202)
                    .header("preference-applied", nullValue()).extract().path("id");
            api().header("Prefer", prefer).get("/v1/tasks/" + id).then().statusCode(200)
                    .header("preference-applied", nullValue());
        }
    }
}
