package dev.bananagateway.functions;

import static dev.bananagateway.testing.Api.api;
import static dev.bananagateway.testing.Api.json;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.bananagateway.testing.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/tasks} through the public API: only the caller's tasks, newest first, filtered, paged. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class ListTasksTest {

    private static String newOwner() {
        return "arn:aws:iam::123456789012:user/lister-" + UUID.randomUUID();
    }

    private static RequestSpecification as(String owner) {
        return api().header("x-local-principal", owner);
    }

    private static String submit(String owner, String model, String provider) {
        return json("{\"prompt\":\"listed banana [sim:slow-polls=50] " + UUID.randomUUID() + "\",\"model\":\"" + model
                + "\",\"provider\":\"" + provider + "\"}").header("x-local-principal", owner).post("/v1/tasks").then()
                .statusCode(202).extract().path("id");
    }

    /** Every page of the list with these extra parameters, following next_cursor. */
    private static List<String> allPages(String owner, String parameters) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 20; page++) {
            JsonPath body = as(owner).get("/v1/tasks?limit=2" + parameters + (cursor == null ? "" : "&cursor=" + cursor))
                    .then().statusCode(200).contentType(equalTo("application/json")).extract().jsonPath();
            ids.addAll(body.getList("data.id"));
            cursor = body.getString("next_cursor");
            if (cursor == null) {
                return ids;
            }
        }
        throw new AssertionError("the pages did not end");
    }

    @Test
    void theCallerSeesOnlyItsTasksNewestFirstPageByPage() throws InterruptedException {
        String owner = newOwner();
        List<String> submitted = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            submitted.add(submit(owner, "nano-banana-fast", "nbpcloud"));
            Thread.sleep(2); // distinct creation times: the order below is the order of submission
        }
        submit(newOwner(), "nano-banana-fast", "nbpcloud"); // another caller's
        Collections.reverse(submitted);
        assertEquals(submitted, allPages(owner, ""));

        JsonPath first = as(owner).get("/v1/tasks").then().statusCode(200).body("data.size()", equalTo(5))
                .body("next_cursor", nullValue()).extract().jsonPath();
        assertEquals(submitted.get(0), first.getString("data[0].id"));
        assertEquals("SUBMITTED", first.getString("data[0].status"), "each entry is the task view");
        as(newOwner()).get("/v1/tasks").then().statusCode(200).body("data.size()", equalTo(0))
                .body("next_cursor", nullValue());
    }

    @Test
    void filtersByStatusModelProviderAndCreationTime() {
        String owner = newOwner();
        Instant before = Instant.now();
        String fast = submit(owner, "nano-banana-fast", "nbpcloud");
        String pro = submit(owner, "nano-banana-pro", "nbpcloud");
        String canceled = submit(owner, "nb-pro", "imgeditor");
        as(owner).post("/v1/tasks/" + canceled + "/cancel").then().statusCode(200);
        Instant after = Instant.now().plusMillis(1);

        assertEquals(List.of(canceled), allPages(owner, "&status=CANCELED"));
        assertEquals(List.of(pro, fast), allPages(owner, "&status=SUBMITTED,QUEUED"));
        assertEquals(List.of(canceled, pro), allPages(owner, "&model=nano-banana-pro"));
        assertEquals(List.of(canceled, pro), allPages(owner, "&model=nb-pro"), "an alias names the same model");
        assertEquals(List.of(canceled), allPages(owner, "&provider=imgeditor"));
        assertEquals(List.of(pro, fast), allPages(owner, "&provider=nbpcloud&created_after=" + before.minusMillis(1)
                + "&created_before=" + after));
        assertEquals(List.of(), allPages(owner, "&created_after=" + after));
        assertEquals(List.of(), allPages(owner, "&created_before=" + before.minusSeconds(1)));
    }

    @Test
    void aCursorWorksOnlyForItsCallerUnchangedAndWithItsFilters() {
        String owner = newOwner();
        for (int i = 0; i < 3; i++) {
            submit(owner, "nano-banana-fast", "nbpcloud");
        }
        String cursor = as(owner).get("/v1/tasks?limit=1&provider=nbpcloud").then().statusCode(200)
                .extract().path("next_cursor");
        assertNotNull(cursor);
        as(owner).get("/v1/tasks?limit=1&provider=nbpcloud&cursor=" + cursor).then().statusCode(200)
                .body("data.size()", equalTo(1));
        // the limit may change from page to page
        as(owner).get("/v1/tasks?limit=5&provider=nbpcloud&cursor=" + cursor).then().statusCode(200)
                .body("data.size()", equalTo(2)).body("next_cursor", nullValue());

        refused(as(newOwner()).get("/v1/tasks?limit=1&provider=nbpcloud&cursor=" + cursor), "another caller's");
        refused(as(owner).get("/v1/tasks?limit=1&cursor=" + cursor), "other filters");
        refused(as(owner).get("/v1/tasks?limit=1&provider=nbpcloud&cursor=" + edited(cursor)), "an edited one");
        refused(as(owner).get("/v1/tasks?limit=1&provider=nbpcloud&cursor=not-a-cursor"), "garbage");
    }

    /** The cursor with one character of its payload changed (still base64url). */
    private static String edited(String cursor) {
        int at = cursor.indexOf('.') + 3;
        char c = cursor.charAt(at);
        String edited = cursor.substring(0, at) + (c == 'A' ? 'B' : 'A') + cursor.substring(at + 1);
        assertNotEquals(cursor, edited);
        return edited;
    }

    private static void refused(io.restassured.response.Response response, String what) {
        response.then().statusCode(400).contentType(equalTo("application/problem+json"))
                .body("code", equalTo("INVALID_CURSOR")).body("errors.field", hasItems("cursor"));
    }

    @Test
    void badParametersAreRefusedWithTheParameterNamed() {
        String owner = newOwner();
        for (String[] bad : new String[][] {
                { "limit=0", "limit" }, { "limit=101", "limit" }, { "limit=ten", "limit" },
                { "status=DONE", "status" }, { "model=banana-9000", "model" }, { "provider=acme", "provider" },
                { "created_after=yesterday", "created_after" }, { "created_before=2026-13-01T00:00:00Z", "created_before" },
                { "sort=asc", "sort" } }) {
            as(owner).get("/v1/tasks?" + bad[0]).then().statusCode(400)
                    .contentType(equalTo("application/problem+json")).body("code", equalTo("INVALID_QUERY_PARAMETER"))
                    .body("errors.field", hasItems(bad[1]));
        }
        as(owner).get("/v1/tasks?limit=1&limit=2").then().statusCode(400).body("errors.field", hasItems("limit"));
        assertNull(as(owner).get("/v1/tasks?limit=100").then().statusCode(200).extract().path("next_cursor"));
    }
}
