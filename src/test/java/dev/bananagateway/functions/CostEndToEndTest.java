package dev.bananagateway.functions;

import static dev.bananagateway.testing.Api.api;
import static dev.bananagateway.testing.Api.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bananagateway.lifecycle.SweeperService;
import dev.bananagateway.task.TaskStore;
import dev.bananagateway.task.TaskUpdate;
import dev.bananagateway.testing.LocalStackTestResource;
import dev.bananagateway.testing.SimulatorControl;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The task's cost through the public API: always USD, the provider's credits beside it, and a source that says
 * where the amount comes from (README "Pricing"). The simulator charges what the documents' examples show:
 * nbpcloud's {@code credits_cost} as its price list, Crun 4 credits, imgeditor its table's first figure.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
public class CostEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    SweeperService sweeper;
    @Inject
    TaskStore store;
    @ConfigProperty(name = "gateway.simulator.url")
    String simulatorUrl;

    @BeforeEach
    void reset() {
        new SimulatorControl(simulatorUrl).reset();
    }

    @Test
    void crunsReportedCreditsBecomeUsd() throws Exception {
        JsonNode submitted = submit("{\"prompt\":\"" + unique("a banana") + "\",\"model\":\"nano-banana\","
                + "\"provider\":\"crun\"}");
        // no document prices Crun: the estimate is the configured price (its default)
        assertCost(submitted, 0.02, null, "configured");
        JsonNode done = awaitTerminal(submitted.path("id").asText());
        assertEquals("SUCCEEDED", done.path("status").asText());
        // Crun's answer reports 4 credits; a credit's USD price is configuration (default $0.005)
        assertCost(done, 0.02, 4.0, "provider_reported");
    }

    @Test
    void nbpcloudsCreateAnswerGivesTheCharge() throws Exception {
        JsonNode submitted = submit("{\"prompt\":\"" + unique("a banana") + "\",\"model\":\"nano-banana-pro\","
                + "\"provider\":\"nbpcloud\"}");
        assertCost(submitted, 0.10, 20.0, "provider_reported");
        JsonNode done = awaitTerminal(submitted.path("id").asText());
        assertEquals("SUCCEEDED", done.path("status").asText());
        assertCost(done, 0.10, 20.0, "provider_reported");
    }

    @Test
    void aTaskFailedAtNbpcloudWasRefunded() throws Exception {
        JsonNode submitted = submit("{\"prompt\":\"" + unique("[sim:fail] a banana") + "\",\"model\":\"nano-banana\","
                + "\"provider\":\"nbpcloud\"}");
        JsonNode done = awaitTerminal(submitted.path("id").asText());
        assertEquals("FAILED", done.path("status").asText());
        assertCost(done, 0, 0.0, "refunded");
    }

    @Test
    void aTaskFailedWhereNoRefundIsDocumentedKeepsItsCost() throws Exception {
        JsonNode submitted = submit("{\"prompt\":\"" + unique("[sim:fail] a banana") + "\","
                + "\"model\":\"nano-banana-pro\",\"provider\":\"revid\"}");
        JsonNode done = awaitTerminal(submitted.path("id").asText());
        assertEquals("FAILED", done.path("status").asText());
        assertCost(done, 0.09, 25.0, "price_table");
    }

    @Test
    void imgeditorsCreditsUsedAreTheCharge() {
        JsonNode submitted = submit("{\"prompt\":\"" + unique("a banana") + "\",\"model\":\"nano-banana-pro\","
                + "\"provider\":\"imgeditor\"}");
        assertCost(submitted, 0.06, 6.0, "provider_reported");
    }

    @Test
    void documentedUsdPricesArePriceTable() {
        assertCost(submit("{\"prompt\":\"" + unique("a banana") + "\",\"model\":\"nano-banana-pro\","
                + "\"reference_images\":[\"https://img.example.com/in.png\"],\"provider\":\"pixazo\"}"),
                0.045, null, "price_table");
    }

    /** imgeditor's $0.06 rests on an assumed credit price; revid's $0.09 is its document's. */
    @Test
    void routingByPricePrefersADocumentedPriceToALowerAssumedOne() {
        JsonNode submitted = submit("{\"prompt\":\"" + unique("a banana") + "\",\"model\":\"nano-banana-pro\"}");
        assertEquals("revid", submitted.path("provider").asText());
        assertCost(submitted, 0.09, 25.0, "price_table");
    }

    private static void assertCost(JsonNode view, double amount, Double credits, String source) {
        JsonNode cost = view.path("cost");
        assertEquals("usd", cost.path("unit").asText(), cost.toString());
        assertEquals(amount, cost.path("amount").asDouble(), 1e-9, cost.toString());
        assertEquals(source, cost.path("source").asText(), cost.toString());
        if (credits == null) {
            assertFalse(cost.has("credits"), cost.toString());
        } else {
            assertEquals(credits, cost.path("credits").asDouble(), 1e-9, cost.toString());
        }
        assertTrue(Set.of("amount", "unit", "credits", "source").containsAll(fields(cost)), cost.toString());
    }

    private static Set<String> fields(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String unique(String prompt) {
        return prompt + " " + UUID.randomUUID();
    }

    private static JsonNode submit(String body) {
        return read(json(body).post("/v1/tasks").then().statusCode(202).extract().asString());
    }

    /** Sweeps (as the schedule does) until the task is terminal; returns its view. */
    private JsonNode awaitTerminal(String id) throws InterruptedException {
        Instant until = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(until)) {
            JsonNode view = read(api().get("/v1/tasks/" + id).then().statusCode(200).extract().asString());
            if (Set.of("SUCCEEDED", "FAILED", "CANCELED").contains(view.path("status").asText())) {
                return view;
            }
            store.get(id).filter(t -> !t.terminal()).ifPresent(t ->
                    store.update(TaskUpdate.of(id).nextCheckAt(Instant.now().minusMillis(1))));
            sweeper.sweep(Duration.ZERO);
            Thread.sleep(200);
        }
        throw new AssertionError("task " + id + " did not finish");
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }
}
