package dev.bananagateway.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bananagateway.local.DynamoDbLocal;
import dev.bananagateway.model.GenerationRequest;
import dev.bananagateway.model.Output;
import dev.bananagateway.task.DynamoTaskStore;
import dev.bananagateway.task.Task;
import dev.bananagateway.task.TaskIds;
import dev.bananagateway.task.TaskState;
import dev.bananagateway.task.TaskTable;
import dev.bananagateway.task.TaskUpdate;
import dev.bananagateway.testing.LocalDynamo;
import dev.bananagateway.provider.Json;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Part 4: JVM-mode cold start and memory of the packaged Lambda application (the status function),
 * started the way Lambda's Java runtime starts it: a fresh JVM running the AWS Lambda Java Runtime
 * Interface Client around the template's handler, which finds the Runtime API through
 * {@code AWS_LAMBDA_RUNTIME_API} (here {@link LambdaRuntimeStub}), with DynamoDB Local as its table. Cold start = process start until the Runtime API receives the first response; memory
 * = the process's resident set after warm invocations.
 */
@Tag("bench")
@Order(1)
class ColdStartBenchmarkIT {

    static final String PART = "cold-start";
    private static final int COLD_STARTS = Integer.getInteger("bench.cold-starts", 5);
    private static final int WARM_INVOCATIONS = Integer.getInteger("bench.warm-invocations", 200);
    private static final String FUNCTION = "StatusFunction";
    /** The AWS Lambda Java Runtime Interface Client's entry point: it runs the handler the template names. */
    private static final String RUNTIME_CLIENT_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    private static final String TABLE = "banana-gateway-tasks-bench";
    private static final String OWNER = "arn:aws:iam::123456789012:user/bench";

    @Test
    void coldStartsAndWarmMemoryOfTheStatusFunction() throws Exception {
        Path runner = Path.of(System.getProperty("bench.runner-jar", "target/banana-gateway-1.0.0-SNAPSHOT-runner.jar"));
        if (!Files.isRegularFile(runner)) {
            throw new IllegalStateException(runner + " is missing: the package phase builds it");
        }
        Path runtimeClient = Path.of(System.getProperty("bench.runtime-dir", "target/bench-runtime"));
        if (!Files.isDirectory(runtimeClient)) {
            throw new IllegalStateException(runtimeClient + " is missing: the bench profile copies it before integration-test");
        }
        Path project = Path.of(System.getProperty("bench.project-dir", "."));
        SamTemplate template = SamTemplate.read(project.resolve("template-jvm.yaml"));
        int memoryMb = template.memorySizes().get(FUNCTION);
        String javaToolOptions = template.global("JAVA_TOOL_OPTIONS");
        String handler = template.global("Handler");
        Path logs = BenchResults.dir();
        Files.createDirectories(logs);

        try (DynamoDbLocal dynamo = DynamoDbLocal.start(0); DynamoDbClient client = client(dynamo)) {
            TaskTable.createIfAbsent(client, TABLE);
            String taskId = seedTask(client);
            String event = statusEvent(taskId);
            Launch launch = new Launch(runner, runtimeClient, handler, memoryMb, javaToolOptions, dynamo.endpoint().toString());

            List<Double> coldMillis = new ArrayList<>();
            LatencySamples warm = new LatencySamples(WARM_INVOCATIONS);
            Map<String, Long> memory = Map.of();
            for (int run = 1; run <= COLD_STARTS; run++) {
                try (LambdaRuntimeStub runtime = new LambdaRuntimeStub()) {
                    runtime.enqueue(event);
                    long started = System.nanoTime();
                    Process process = launch.start(runtime.address(), logs.resolve("cold-start-" + run + ".log"));
                    try {
                        LambdaRuntimeStub.Answer first = await(runtime, process);
                        expectTask(first, taskId);
                        coldMillis.add((first.receivedNanos() - started) / 1_000_000.0);
                        if (run == COLD_STARTS) {
                            for (int i = 0; i < WARM_INVOCATIONS; i++) {
                                runtime.enqueue(event);
                                LambdaRuntimeStub.Answer answer = await(runtime, process);
                                expectTask(answer, taskId);
                                warm.add(answer.receivedNanos() - runtime.handedOutNanos(answer.requestId()));
                            }
                            memory = ProcStatus.memoryKb(process.pid());
                        }
                    } finally {
                        stop(process);
                    }
                }
            }

            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("runs", COLD_STARTS);
            figures.put("cold-ms", join(coldMillis));
            figures.put("cold-ms.median", median(coldMillis));
            figures.put("warm.invocations", WARM_INVOCATIONS);
            figures.put("warm.p50", warm.percentileMillis(50));
            figures.put("warm.p99", warm.percentileMillis(99));
            figures.put("rss-kb", memory.get("VmRSS"));
            figures.put("hwm-kb", memory.get("VmHWM"));
            figures.put("function", FUNCTION);
            figures.put("handler", handler);
            figures.put("runtime-client", runtimeClientJar(runtimeClient));
            figures.put("memory-size-mb", memoryMb);
            figures.put("java-tool-options", javaToolOptions);
            figures.put("jvm-options", String.join(" ", launch.jvmOptions()));
            figures.put("package", project.toAbsolutePath().normalize().relativize(runner.toAbsolutePath().normalize()));
            BenchResults.write(PART, figures);
        }
    }

    /** How the function's process is started: the package, Lambda's environment, the JVM options. */
    private record Launch(Path runner, Path runtimeClient, String handler, int memoryMb, String javaToolOptions,
            String dynamoEndpoint) {

        /** The JVM sees the function's memory size as its RAM, as in a Lambda sandbox of that size. */
        List<String> jvmOptions() {
            return List.of("-XX:MaxRAM=" + memoryMb + "m");
        }

        Process start(String runtimeApi, Path log) throws IOException {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions());
            command.add("-cp");
            command.add(runner + File.pathSeparator + runtimeClient.resolve("*"));
            command.add(RUNTIME_CLIENT_MAIN);
            command.add(handler);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            Map<String, String> env = builder.environment();
            // only what Lambda and the template set: nothing inherited may change the function's configuration
            env.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("QUARKUS_") || k.startsWith("GATEWAY_")
                    || k.endsWith("_API_KEY") || k.endsWith("_SECRET") || k.equals("TABLE_NAME")
                    || k.equals("PUBLIC_BASE_URL") || k.startsWith("JAVA_") || k.startsWith("JDK_"));
            env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
            env.put("AWS_LAMBDA_FUNCTION_NAME", "banana-gateway-status");
            env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
            env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(memoryMb));
            env.put("AWS_REGION", "us-east-1");
            env.put("AWS_DEFAULT_REGION", "us-east-1");
            env.put("AWS_ACCESS_KEY_ID", "local");
            env.put("AWS_SECRET_ACCESS_KEY", "local");
            env.put("JAVA_TOOL_OPTIONS", javaToolOptions);
            env.put("QUARKUS_FUNQY_EXPORT", "status");
            env.put("TABLE_NAME", TABLE);
            env.put("QUARKUS_DYNAMODB_ENDPOINT_OVERRIDE", dynamoEndpoint);
            return builder.start();
        }
    }

    /** The Runtime Interface Client's artifact, with its version, as the bench profile copied it. */
    private static String runtimeClientJar(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(name -> name.startsWith("aws-lambda-java-runtime-interface-client"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no runtime interface client in " + dir));
        }
    }

    private static DynamoDbClient client(DynamoDbLocal dynamo) {
        return DynamoDbClient.builder().endpointOverride(dynamo.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** A finished task with an output: the status function reads it and renders its full view. */
    private static String seedTask(DynamoDbClient client) {
        DynamoTaskStore store = new DynamoTaskStore(client, TABLE, 4, LocalDynamo.json(), Clock.systemUTC());
        Instant now = Instant.now();
        Task task = Task.queued(TaskIds.newId(), OWNER,
                GenerationRequest.image("nano-banana-pro", "a banana astronaut, studio light", List.of()), now,
                now.plusSeconds(120), now.plusSeconds(900), now.plus(Duration.ofDays(1)).getEpochSecond());
        store.create(task);
        store.update(TaskUpdate.of(task.id()).state(TaskState.SUBMITTED).provider("nbpcloud", "task-bench"));
        store.update(TaskUpdate.of(task.id()).state(TaskState.SUCCEEDED).progress(100)
                .outputs(List.of(Output.of("https://files.example.com/bench/0.png"))));
        return task.id();
    }

    /** {@code GET /v1/tasks/{taskId}} as API Gateway (HTTP API, payload 2.0) hands it to the function. */
    private static String statusEvent(String taskId) {
        String path = "/v1/tasks/" + taskId;
        ObjectNode event = Json.object().put("version", "2.0").put("routeKey", "GET /v1/tasks/{taskId}")
                .put("rawPath", path).put("rawQueryString", "").put("isBase64Encoded", false);
        event.set("headers", Json.object().put("accept", "application/json").put("host", "api.example.com"));
        event.set("pathParameters", Json.object().put("taskId", taskId));
        ObjectNode context = Json.object().put("routeKey", "GET /v1/tasks/{taskId}").put("stage", "$default")
                .put("domainName", "api.example.com").put("requestId", "bench");
        context.set("http", Json.object().put("method", "GET").put("path", path));
        context.set("authorizer", Json.object().set("iam", Json.object().put("userArn", OWNER)));
        event.set("requestContext", context);
        return Json.write(event);
    }

    /** The function's next answer; fails fast when the process died instead. */
    private static LambdaRuntimeStub.Answer await(LambdaRuntimeStub runtime, Process process)
            throws InterruptedException {
        Instant until = Instant.now().plusSeconds(60);
        LambdaRuntimeStub.Answer answer;
        while ((answer = runtime.nextAnswer(Duration.ofMillis(200))) == null) {
            if (!process.isAlive() || Instant.now().isAfter(until)) {
                throw new IllegalStateException("the function did not answer (process "
                        + (process.isAlive() ? "still running" : "exited " + process.exitValue())
                        + "); its output is in " + BenchResults.dir());
            }
        }
        if (answer.error()) {
            throw new IllegalStateException("the function reported an error: " + answer.body());
        }
        return answer;
    }

    private static void expectTask(LambdaRuntimeStub.Answer answer, String taskId) {
        JsonNode response = Json.parse(answer.body()).orElseThrow();
        if (response.path("statusCode").asInt() != 200 || !response.path("body").asText().contains(taskId)) {
            throw new IllegalStateException("unexpected status function answer: " + answer.body());
        }
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String join(List<Double> values) {
        return String.join(",", values.stream().map(v -> String.format(Locale.ROOT, "%.0f", v)).toList());
    }
}
