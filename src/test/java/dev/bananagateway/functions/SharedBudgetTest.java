package dev.bananagateway.functions;

import static dev.bananagateway.testing.Api.api;
import static dev.bananagateway.testing.Api.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bananagateway.testing.LocalStackTestResource;
import dev.bananagateway.testing.SimulatorControl;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * imgeditor's request budget, shared through the table, through the public API: a submit that finds
 * the key's budget spent for longer than its submit budget fails over as it would on imgeditor's own
 * 429, and the provider never sees the refused create.
 */
@QuarkusTest
@TestProfile(SharedBudgetTest.Profile.class)
@QuarkusTestResource(LocalStackTestResource.class)
class SharedBudgetTest {

    /** Two requests a minute (one goes out, one token a minute); imgeditor is tried first. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.providers.imgeditor.requests-per-minute", "2",
                    "gateway.routing.priority", "imgeditor,revid");
        }
    }

    private static final Map<String, AttributeValue> BUCKET = Map.of("pk", AttributeValue.fromS("BUDGET#imgeditor"));

    @ConfigProperty(name = "gateway.simulator.url")
    String simulatorUrl;
    @ConfigProperty(name = "gateway.table-name")
    String table;
    @Inject
    DynamoDbClient dynamo;

    private SimulatorControl sim;

    @BeforeEach
    void spendTheBudget() {
        sim = new SimulatorControl(simulatorUrl);
        sim.reset();
        // another instance took this minute's token a moment ago
        dynamo.putItem(b -> b.tableName(table).item(Map.of("pk", BUCKET.get("pk"),
                "fullAt", AttributeValue.fromN(Long.toString(Instant.now().plus(Duration.ofSeconds(60)).toEpochMilli())))));
    }

    @AfterEach
    void leaveNoBudgetBehind() {
        // the table is shared with other test classes, whose imgeditor budget is larger
        dynamo.deleteItem(b -> b.tableName(table).key(BUCKET));
        sim.reset();
    }

    @Test
    void aCreateWithoutATokenInTimeFailsOverAsOnA429() {
        String prompt = "budget banana " + UUID.randomUUID();
        String id = json("{\"prompt\":\"" + prompt + "\",\"model\":\"nano-banana\"}").post("/v1/tasks").then()
                .statusCode(202).extract().path("id");
        JsonPath view = api().get("/v1/tasks/" + id).then().extract().jsonPath();
        assertEquals("imgeditor", view.getString("attempts[0].provider"));
        assertEquals("REJECTED", view.getString("attempts[0].outcome"));
        assertEquals("RATE_LIMITED", view.getString("attempts[0].error_code"));
        assertEquals("revid", view.getString("provider"), "failed over");
        assertTrue(sim.tasks("imgeditor").isEmpty(), "imgeditor never saw the refused create");
    }

    @Test
    void aPinnedCreateWithoutATokenIsRefusedAsRateLimited() {
        String prompt = "pinned budget banana " + UUID.randomUUID();
        JsonPath problem = json("{\"prompt\":\"" + prompt + "\",\"model\":\"nano-banana\",\"provider\":\"imgeditor\"}")
                .post("/v1/tasks").then().statusCode(503).extract().jsonPath();
        assertEquals("RATE_LIMITED", problem.getString("attempts[0].error_code"), problem.prettify());
        assertTrue(sim.tasks("imgeditor").isEmpty());
    }
}
