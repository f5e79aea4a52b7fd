package dev.bananagateway.functions;

import static dev.bananagateway.testing.Api.api;
import static dev.bananagateway.testing.Api.json;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bananagateway.testing.LocalStackTestResource;
import dev.bananagateway.testing.SimulatorControl;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code allow_degrade} through the public API: what the gateway drops for the provider that serves
 * the task is recorded on the task and shown as {@code degraded}, in the submit answer and in the
 * status answer (so read back from the table); without it the same request is refused.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class DegradeTest {

    @ConfigProperty(name = "gateway.simulator.url")
    String simulatorUrl;

    SimulatorControl sim;

    @BeforeEach
    void reset() {
        sim = new SimulatorControl(simulatorUrl);
        sim.reset();
    }

    private static String prompt(String text) {
        return text + " " + UUID.randomUUID();
    }

    /** Submits; returns the submit answer's view and checks the status answer shows the same degradations. */
    private static JsonPath accepted(String body) {
        JsonPath answer = json(body).post("/v1/tasks").then().statusCode(202).extract().jsonPath();
        JsonPath status = api().get("/v1/tasks/" + answer.getString("id")).then().statusCode(200).extract().jsonPath();
        assertEquals(answer.getList("degraded"), status.getList("degraded"), "stored and read back as submitted");
        return answer;
    }

    private static Map<String, Object> degradation(String field, Object requested, Object sent) {
        Map<String, Object> entry = new java.util.LinkedHashMap<>();
        entry.put("field", field);
        entry.put("requested", requested);
        entry.put("sent", sent);
        return entry;
    }

    @Test
    void aTaskWithNothingDegradedShowsAnEmptyList() {
        JsonPath view = accepted("{\"prompt\":\"" + prompt("plain banana") + "\",\"model\":\"nano-banana-pro\"}");
        assertEquals(List.of(), view.getList("degraded"));
    }

    @Test
    void whatTheProviderCannotTakeIsDroppedAndRecorded() {
        JsonPath view = accepted("{\"prompt\":\"" + prompt("auto banana") + "\",\"model\":\"nano-banana-pro\","
                + "\"aspect_ratio\":\"auto\",\"resolution\":\"2K\",\"provider\":\"imgeditor\",\"allow_degrade\":true}");
        assertEquals("imgeditor", view.getString("provider"));
        assertEquals(List.of(degradation("aspect_ratio", "auto", null)), view.getList("degraded"));
    }

    @Test
    void everyFieldDroppedForAProviderIsRecorded() {
        JsonPath view = accepted("{\"prompt\":\"" + prompt("edit banana") + "\",\"model\":\"nano-banana-pro\","
                + "\"reference_images\":[\"https://img.example.com/a.png\"],\"aspect_ratio\":\"auto\","
                + "\"resolution\":\"4K\",\"output_format\":\"jpg\",\"provider\":\"pixazo\",\"allow_degrade\":true}");
        assertEquals(List.of(degradation("aspect_ratio", "auto", null), degradation("resolution", "4K", null),
                degradation("output_format", "jpeg", null)), view.getList("degraded"));
    }

    /**
     * For nano-banana-pro revid goes first (a documented price), then imgeditor, which would drop
     * {@code auto}. Both refuse the create, and nbpcloud, which takes {@code auto}, serves the task:
     * the record is the accepting provider's, not that of the one before it.
     */
    @Test
    void afterFailoverTheRecordIsTheAcceptingProviders() {
        sim.fault("{\"provider\":\"revid\",\"operation\":\"create\",\"fault\":\"429\",\"count\":1}");
        sim.fault("{\"provider\":\"imgeditor\",\"operation\":\"create\",\"fault\":\"429\",\"count\":1}");
        JsonPath view = accepted("{\"prompt\":\"" + prompt("failover banana") + "\",\"model\":\"nano-banana-pro\","
                + "\"aspect_ratio\":\"auto\",\"allow_degrade\":true}");
        assertEquals(List.of("revid", "imgeditor"), view.getList("attempts.provider").subList(0, 2));
        assertEquals("REJECTED", view.getString("attempts[1].outcome"));
        assertNotEquals("imgeditor", view.getString("provider"));
        assertEquals(List.of(), view.getList("degraded"));
    }

    /** nano-banana-2 is imgeditor's alone, so imgeditor is the first provider, and it drops {@code auto}. */
    @Test
    void theFirstProvidersDegradationsAreRecordedWhenItAccepts() {
        JsonPath view = accepted("{\"prompt\":\"" + prompt("cheap banana") + "\",\"model\":\"nano-banana-2\","
                + "\"aspect_ratio\":\"auto\",\"allow_degrade\":true}");
        assertEquals("imgeditor", view.getString("provider"));
        assertEquals(List.of(degradation("aspect_ratio", "auto", null)), view.getList("degraded"));
    }

    @Test
    void imageOnlyFieldsOfAVideoAreDroppedAndRecorded() {
        JsonPath view = accepted("{\"prompt\":\"" + prompt("video banana") + "\",\"model\":\"veo-3.1-fast\","
                + "\"output_format\":\"png\",\"quality\":\"hd\",\"video\":{\"duration_seconds\":4},"
                + "\"allow_degrade\":true}");
        assertEquals(List.of(degradation("output_format", "png", null), degradation("quality", "hd", null)),
                view.getList("degraded"));
    }

    @Test
    void soraKeepsItsAudioAndSaysSo() {
        JsonPath view = accepted("{\"prompt\":\"" + prompt("quiet banana") + "\",\"model\":\"sora-2\","
                + "\"video\":{\"duration_seconds\":4,\"generate_audio\":false},\"allow_degrade\":true}");
        assertEquals(List.of(degradation("video.generate_audio", false, null)), view.getList("degraded"));
    }

    /** Without allow_degrade the same Sora request is refused (before: the check the adapter already had). */
    @Test
    void withoutAllowDegradeNothingIsDropped() {
        json("{\"prompt\":\"cat\",\"model\":\"sora-2\",\"video\":{\"generate_audio\":false}}").post("/v1/tasks")
                .then().statusCode(422).body("code", equalTo("UNSUPPORTED_BY_PROVIDERS"))
                .body("errors.field", hasItem("video.generate_audio"));
    }

    /**
     * imgeditor charges for every image asked for but answers with one {@code image_url} (seed 004): it
     * is asked for one image only, and no other provider serves more, so the request is refused.
     */
    @Test
    void moreThanOneOutputIsRefusedWithImgeditorsReason() {
        String prompt = prompt("two bananas");
        JsonPath problem = json("{\"prompt\":\"" + prompt + "\",\"model\":\"nano-banana-pro\",\"num_outputs\":2}")
                .post("/v1/tasks").then().statusCode(422).contentType(startsWith("application/problem+json"))
                .body("code", equalTo("UNSUPPORTED_BY_PROVIDERS")).extract().jsonPath();
        List<Map<String, String>> errors = problem.getList("errors");
        assertTrue(errors.stream().anyMatch(e -> e.get("field").equals("num_outputs")
                && e.get("message").startsWith("imgeditor: ") && e.get("message").contains("image_url")),
                errors.toString());
        json("{\"prompt\":\"" + prompt + "\",\"model\":\"nano-banana-pro\",\"num_outputs\":2,"
                + "\"provider\":\"imgeditor\"}")
                .post("/v1/tasks").then().statusCode(422).body("code", equalTo("UNSUPPORTED_BY_PROVIDER"))
                .body("errors[0].field", equalTo("num_outputs"))
                .body("errors[0].message", containsString("image_url"));
        assertEquals(List.of(), sim.tasksWithPrompt("imgeditor", prompt), "no provider was called");
    }
}
