package dev.bananagateway.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.bananagateway.local.LocalHttpServers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The part of the Lambda Runtime API a function's runtime loop uses: {@code invocation/next} hands
 * out the queued events (blocking while there is none, as Lambda does), and the function's
 * {@code response} and {@code error} posts are recorded with the time they arrived.
 */
final class LambdaRuntimeStub implements AutoCloseable {

    private static final String PREFIX = "/2018-06-01/runtime/";
    private static final String FUNCTION_ARN = "arn:aws:lambda:us-east-1:000000000000:function:banana-gateway-status";

    /** What the function posted back: a response, or an invocation or init error. */
    record Answer(String requestId, String body, boolean error, long receivedNanos) {
    }

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "lambda-runtime-stub");
        thread.setDaemon(true);
        return thread;
    });
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final BlockingQueue<Answer> answers = new LinkedBlockingQueue<>();
    private final Map<String, Long> handedOutNanos = new ConcurrentHashMap<>();
    private final AtomicInteger requestIds = new AtomicInteger();

    LambdaRuntimeStub() {
        try {
            server = LocalHttpServers.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(handlers);
        server.createContext(PREFIX, this::handle);
        server.start();
    }

    /** The value for {@code AWS_LAMBDA_RUNTIME_API}. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    void enqueue(String event) {
        events.add(event);
    }

    /** The next answer, or null when none came within the timeout. */
    Answer nextAnswer(Duration timeout) throws InterruptedException {
        return answers.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** When the event of this request left the stub. */
    long handedOutNanos(String requestId) {
        return handedOutNanos.get(requestId);
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (exchange.getRequestMethod().equals("GET") && path.equals("invocation/next")) {
                next(exchange);
            } else if (exchange.getRequestMethod().equals("POST") && path.equals("init/error")) {
                answers.add(new Answer(null, body, true, System.nanoTime()));
                exchange.sendResponseHeaders(202, -1);
            } else if (exchange.getRequestMethod().equals("POST") && path.startsWith("invocation/")) {
                String[] parts = path.split("/");
                boolean error = parts.length == 3 && parts[2].equals("error");
                answers.add(new Answer(parts[1], body, error, System.nanoTime()));
                exchange.sendResponseHeaders(202, -1);
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        String event;
        try {
            event = events.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.sendResponseHeaders(500, -1);
            return;
        }
        String requestId = "bench-" + requestIds.incrementAndGet();
        byte[] bytes = event.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Lambda-Runtime-Aws-Request-Id", requestId);
        exchange.getResponseHeaders().set("Lambda-Runtime-Deadline-Ms",
                Long.toString(System.currentTimeMillis() + 10_000));
        exchange.getResponseHeaders().set("Lambda-Runtime-Invoked-Function-Arn", FUNCTION_ARN);
        exchange.getResponseHeaders().set("Lambda-Runtime-Trace-Id",
                "Root=1-00000000-000000000000000000000000;Parent=0000000000000000;Sampled=0");
        handedOutNanos.put(requestId, System.nanoTime());
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
