package dev.bananagateway.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Starting a sweeper worker in AWS is one signed, asynchronous Invoke call naming the function, its
 * version and the shard; checked against a local endpoint that records what Lambda would receive and
 * answers as Lambda does (202 for a queued event).
 */
class LambdaShardWorkersTest {

    private record Received(String method, String path, String query, Map<String, List<String>> headers, String body) {
    }

    private HttpServer lambda;
    private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
    private final AtomicInteger answer = new AtomicInteger(202);

    @BeforeEach
    void startLambdaEndpoint() throws IOException {
        lambda = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        lambda.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), Map.copyOf(exchange.getRequestHeaders()),
                    new String(body, StandardCharsets.UTF_8)));
            byte[] reply = answer.get() == 202 ? new byte[0]
                    : "{\"message\":\"Rate Exceeded.\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.get(), reply.length == 0 ? -1 : reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        lambda.start();
    }

    @AfterEach
    void stop() {
        lambda.stop(0);
    }

    @Test
    void aWorkerIsStartedByOneSignedAsynchronousInvokeOfTheSweeperWithItsShard() throws Exception {
        LambdaShardWorkers workers = workers(Optional.of("42"));
        assertNull(workers.start(List.of(7, 23)).get(), "a Lambda worker's report is in its own log");
        Received call = received.poll();
        assertEquals("POST", call.method());
        assertEquals("/2015-03-31/functions/banana-sweeper/invocations", call.path());
        assertEquals("Qualifier=42", call.query(), "the version the dispatch runs");
        assertEquals("{\"shards\":[7,23]}", call.body());
        assertEquals(List.of("Event"), header(call, "X-amz-invocation-type"), "asynchronous: Lambda queues it");
        String authorization = header(call, "Authorization").get(0);
        assertTrue(authorization.startsWith("AWS4-HMAC-SHA256 Credential=AKIDSWEEPER/"), authorization);
        assertTrue(authorization.contains("/eu-west-1/lambda/aws4_request"), authorization);
        assertTrue(authorization.contains("SignedHeaders=") && authorization.contains("x-amz-invocation-type"),
                "the invocation type is signed: " + authorization);
        assertFalse(header(call, "X-amz-date").isEmpty());
        assertEquals(List.of("session-token"), header(call, "X-amz-security-token"));
        assertFalse(authorization.contains("sweeper-secret"), "the secret key is never sent");
    }

    @Test
    void withoutAQualifierTheFunctionItselfIsInvoked() {
        workers(Optional.empty()).start(List.of(0));
        assertNull(received.poll().query());
    }

    @Test
    void aRefusalIsAnErrorSoTheDispatchReportsIt() {
        answer.set(429);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> workers(Optional.empty()).start(List.of(3)));
        assertTrue(e.getMessage().contains("HTTP 429") && e.getMessage().contains("[3]"), e.getMessage());
    }

    @Test
    void withoutAFunctionNameNoWorkerCanBeStarted() {
        LambdaShardWorkers unnamed = new LambdaShardWorkers(Optional.empty(), Optional.empty(), "eu-west-1",
                URI.create("http://127.0.0.1:" + lambda.getAddress().getPort()), credentials());
        assertThrows(IllegalStateException.class, () -> unnamed.start(List.of(0)));
        assertTrue(received.isEmpty());
    }

    private LambdaShardWorkers workers(Optional<String> qualifier) {
        return new LambdaShardWorkers(Optional.of("banana-sweeper"), qualifier, "eu-west-1",
                URI.create("http://127.0.0.1:" + lambda.getAddress().getPort()), credentials());
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(
                software.amazon.awssdk.auth.credentials.AwsSessionCredentials.create("AKIDSWEEPER", "sweeper-secret",
                        "session-token"));
    }

    private static List<String> header(Received call, String name) {
        return call.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst().orElse(List.of());
    }
}
