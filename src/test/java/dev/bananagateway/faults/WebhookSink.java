package dev.bananagateway.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.bananagateway.local.LocalHttpServers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * The callers' webhook receiver: refuses the first delivery for each task with a 500 (so every
 * webhook is retried) and accepts the rest; keeps every delivery.
 */
final class WebhookSink implements AutoCloseable {

    record Delivery(String webhookId, JsonNode event, int answeredWith) {
    }

    private final HttpServer server;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, List<Delivery>> byTask = new ConcurrentHashMap<>();

    WebhookSink() {
        try {
            server = LocalHttpServers.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                JsonNode event = json.readTree(in);
                List<Delivery> deliveries = byTask.computeIfAbsent(event.path("data").path("id").asText(),
                        id -> new ArrayList<>());
                int status;
                synchronized (deliveries) {
                    status = deliveries.isEmpty() ? 500 : 204;
                    deliveries.add(new Delivery(exchange.getRequestHeaders().getFirst("webhook-id"), event, status));
                }
                exchange.sendResponseHeaders(status, -1);
            }
        });
        server.start();
    }

    String url() {
        return "http://localhost:" + server.getAddress().getPort() + "/hooks";
    }

    List<Delivery> deliveries(String taskId) {
        List<Delivery> deliveries = byTask.getOrDefault(taskId, List.of());
        synchronized (deliveries) {
            return List.copyOf(deliveries);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
