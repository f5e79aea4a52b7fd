package dev.bananagateway.functions;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bananagateway.lifecycle.SweeperService;
import dev.bananagateway.observability.EmfRules;
import dev.bananagateway.observability.LogContext;
import dev.bananagateway.task.TaskStore;
import dev.bananagateway.task.TaskUpdate;
import dev.bananagateway.testing.JsonLogCapture;
import dev.bananagateway.testing.LocalStackTestResource;
import dev.bananagateway.testing.SecretScan;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Logs and metrics as Lambda receives them: JSON logs on (as in the prod profile), metrics on, the
 * submit function invoked through the Lambda runtime loop (the mock event server), then swept.
 * Every log line is one JSON object carrying the invocation's fields, and no secret; every metric
 * line follows the Embedded Metric Format.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
@TestProfile(ObservabilityTest.LambdaLogs.class)
class ObservabilityTest {

    public static class LambdaLogs implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.funqy.export", "submit",
                    "quarkus.log.console.json.enabled", "true",
                    "gateway.metrics.enabled", "true",
                    "gateway.metrics.namespace", "BananaGateway/test");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    SweeperService sweeper;
    @Inject
    TaskStore store;
    @ConfigProperty(name = "gateway.callback-secret")
    String callbackSecret;
    @ConfigProperty(name = "gateway.webhook-secret")
    String webhookSecret;

    private static String submitEvent(String body) throws IOException {
        return JSON.writeValueAsString(Map.of("version", "2.0", "routeKey", "POST /v1/tasks", "rawPath", "/v1/tasks",
                "rawQueryString", "", "headers", Map.of("content-type", "application/json"),
                "requestContext", Map.of("routeKey", "POST /v1/tasks", "stage", "$default",
                        "domainName", "api.example.com", "http", Map.of("method", "POST", "path", "/v1/tasks"),
                        "authorizer", Map.of("iam", Map.of("userArn", "arn:aws:iam::123456789012:user/ops"))),
                "body", body, "isBase64Encoded", false));
    }

    /** Invokes submit through the runtime loop; returns the task id from the answer. */
    private static String submit(String body, int expectedStatus) throws IOException {
        String answer = given().body(submitEvent(body)).post().then().statusCode(200).extract().asString();
        JsonNode response = JSON.readTree(answer);
        assertEquals(expectedStatus, response.get("statusCode").asInt(), answer);
        JsonNode view = JSON.readTree(response.get("body").asText());
        return view.has("id") ? view.get("id").asText() : view.get("task_id").asText();
    }

    @Test
    void lambdaLogsAreJsonLinesWithTheInvocationsFieldsAndMetricsFollowTheFormat() throws Exception {
        List<String> stdout = new ArrayList<>();
        PrintStream original = System.out;
        List<JsonNode> logs = new ArrayList<>();
        String succeeded;
        String failed;
        try (JsonLogCapture capture = JsonLogCapture.install()) {
            System.setOut(new PrintStream(new LineTee(original, stdout), true, StandardCharsets.UTF_8));
            try {
                succeeded = submit("{\"prompt\":\"a banana " + UUID.randomUUID()
                        + "\",\"model\":\"nano-banana-fast\",\"provider\":\"nbpcloud\"}", 202);
                failed = submit("{\"prompt\":\"a banana [sim:create=429] " + UUID.randomUUID()
                        + "\",\"model\":\"nano-banana-fast\",\"provider\":\"nbpcloud\"}", 503);
                awaitTerminal(succeeded);
                // what a function's catch-all does with an unexpected exception
                Logger.getLogger(SubmitFunction.class).error("submit failed",
                        new IllegalStateException("outer", new IllegalArgumentException("inner")));
            } finally {
                System.setOut(original);
            }
            for (String line : capture.lines()) {
                logs.add(JSON.readTree(line)); // throws unless every line is JSON
                assertTrue(JSON.readTree(line).isObject(), "one JSON object per line: " + line);
            }
            assertEquals(capture.records(), capture.lines().size(),
                    "every record, stack traces included, is exactly one line");
        }

        // the invocations' own lines carry the function, the Lambda request id, the task and provider
        List<JsonNode> createFailed = logs.stream().filter(l -> l.path("message").asText().startsWith("create failed"))
                .toList();
        assertEquals(1, createFailed.size(), "the refused create is logged once");
        JsonNode mdc = createFailed.get(0).get("mdc");
        assertNotNull(mdc, "invocation fields under mdc");
        assertEquals("submit", mdc.path(LogContext.FUNCTION).asText());
        assertFalse(mdc.path(LogContext.AWS_REQUEST_ID).asText().isEmpty(), "the Lambda request id");
        assertEquals(failed, mdc.path(LogContext.TASK_ID).asText());
        assertEquals("nbpcloud", mdc.path(LogContext.PROVIDER).asText());

        // fields are cleared after each invocation: lines of the sweep (other threads, later) carry
        // no function or request id from a submit, and only their own task
        List<JsonNode> succeededLines = logs.stream()
                .filter(l -> l.path("message").asText().startsWith("TASK_SUCCEEDED")).toList();
        assertEquals(1, succeededLines.size());
        JsonNode sweepMdc = succeededLines.get(0).path("mdc");
        assertEquals(succeeded, sweepMdc.path(LogContext.TASK_ID).asText());
        assertTrue(sweepMdc.path(LogContext.FUNCTION).isMissingNode(), "no function left over: " + sweepMdc);
        assertTrue(sweepMdc.path(LogContext.AWS_REQUEST_ID).isMissingNode(), "no request id left over: " + sweepMdc);
        Set<String> requestIds = new HashSet<>();
        for (JsonNode line : logs) {
            String taskId = line.path("mdc").path(LogContext.TASK_ID).asText(null);
            String requestId = line.path("mdc").path(LogContext.AWS_REQUEST_ID).asText(null);
            if (requestId != null && taskId != null) {
                requestIds.add(requestId + " " + taskId);
            }
        }
        assertEquals(requestIds.stream().map(s -> s.split(" ")[0]).distinct().count(), requestIds.size(),
                "one task per invocation's lines: " + requestIds);

        // an exception is one JSON line with the exception inside
        JsonNode error = logs.stream().filter(l -> "submit failed".equals(l.path("message").asText())).findFirst()
                .orElseThrow();
        assertEquals("ERROR", error.path("level").asText());
        assertTrue(error.toString().contains("IllegalStateException") && error.toString().contains("inner"),
                "the exception and its cause are in the line: " + error);

        // no secret in any log or metric line
        SecretScan scan = new SecretScan(SecretScan.configuredSecrets(callbackSecret, webhookSecret), List.of());
        for (JsonNode line : logs) {
            assertTrue(scan.leakIn(line.toString()).isEmpty(), () -> "secret in " + scan.redact(line.toString()));
        }
        for (String line : stdout) {
            assertTrue(scan.leakIn(line).isEmpty(), () -> "secret in " + scan.redact(line));
        }

        // the metrics the flow produced, each line by the format's rules
        List<EmfRules.Datum> data = new ArrayList<>();
        for (String line : stdout) {
            if (line.startsWith("{\"_aws\"")) {
                data.addAll(EmfRules.check(line));
            }
        }
        assertTrue(data.stream().allMatch(d -> d.namespace().equals("BananaGateway/test")));
        assertTrue(has(data, "TasksSubmitted", List.of("Provider")), "TasksSubmitted by provider");
        assertTrue(has(data, "TasksFailed", List.of("Provider", "ErrorCode")), "TasksFailed by provider and code");
        assertTrue(has(data, "TasksSucceeded", List.of()), "TasksSucceeded in total");
        assertTrue(has(data, "TaskDuration", List.of("Provider")), "TaskDuration");
        assertTrue(has(data, "CostUsd", List.of("Provider")), "CostUsd");
        assertTrue(has(data, "ProviderCallLatency", List.of("Provider", "Call")), "create and poll latency");
        assertTrue(has(data, "ProviderErrors", List.of("Provider", "ErrorClass")), "the 429 as a provider error");
        assertTrue(has(data, "SweepDuration", List.of()) && has(data, "SweepLag", List.of()), "sweep metrics");
    }

    private static boolean has(List<EmfRules.Datum> data, String name, List<String> dimensions) {
        return data.stream().anyMatch(d -> d.name().equals(name) && d.dimensions().equals(dimensions));
    }

    /** Sweeps (as the schedule does) until the task is terminal. */
    private void awaitTerminal(String id) throws InterruptedException {
        Instant until = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(until)) {
            if (store.get(id).orElseThrow().terminal()) {
                return;
            }
            store.update(TaskUpdate.of(id).nextCheckAt(Instant.now().minusMillis(1)));
            sweeper.sweep(Duration.ZERO);
            Thread.sleep(200);
        }
        throw new AssertionError("task " + id + " did not finish");
    }

    /** Passes output through and keeps each complete line. */
    private static final class LineTee extends OutputStream {
        private final PrintStream through;
        private final List<String> lines;
        private final ByteArrayOutputStream current = new ByteArrayOutputStream();

        LineTee(PrintStream through, List<String> lines) {
            this.through = through;
            this.lines = lines;
        }

        @Override
        public synchronized void write(int b) {
            through.write(b);
            if (b == '\n') {
                lines.add(current.toString(StandardCharsets.UTF_8));
                current.reset();
            } else {
                current.write(b);
            }
        }
    }
}
