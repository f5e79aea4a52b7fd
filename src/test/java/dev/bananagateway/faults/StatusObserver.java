package dev.bananagateway.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import dev.bananagateway.testing.OpenApiContract;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A caller that keeps reading the status of every task while the suite runs, as clients poll the
 * status API, and keeps every view it saw in order.
 */
final class StatusObserver implements AutoCloseable {

    private static final Set<String> TERMINAL = Set.of("SUCCEEDED", "FAILED", "CANCELED");

    private final String baseUrl;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, List<JsonNode>> seen = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    StatusObserver(String baseUrl) {
        this.baseUrl = baseUrl;
        this.thread = new Thread(this::observe, "status-observer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    void watch(String taskId) {
        seen.putIfAbsent(taskId, new ArrayList<>());
    }

    Set<String> watched() {
        return Set.copyOf(seen.keySet());
    }

    /** Every view of the task read so far, oldest first. */
    List<JsonNode> views(String taskId) {
        List<JsonNode> views = seen.getOrDefault(taskId, List.of());
        synchronized (views) {
            return List.copyOf(views);
        }
    }

    /** Reads the task now, records the view and returns it. */
    JsonNode read(String taskId) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(baseUrl + "/v1/tasks/" + taskId)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            OpenApiContract.assertAllowed(response);
            if (response.statusCode() != 200) {
                throw new IllegalStateException("status of " + taskId + " answered " + response.statusCode());
            }
            JsonNode view = json.readTree(response.body());
            List<JsonNode> views = seen.computeIfAbsent(taskId, id -> new ArrayList<>());
            synchronized (views) {
                views.add(view);
            }
            return view;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static boolean terminal(JsonNode view) {
        return TERMINAL.contains(view.path("status").asText());
    }

    private void observe() {
        for (long round = 0; running; round++) {
            for (String id : watched()) {
                if (!running) {
                    return;
                }
                List<JsonNode> views = views(id);
                // terminal tasks are still read every few rounds: a terminal view must never change
                if (views.isEmpty() || !terminal(views.get(views.size() - 1)) || round % 5 == 0) {
                    try {
                        read(id);
                    } catch (IllegalStateException e) {
                        // a failed read proves nothing either way; the final checks read again
                    }
                }
            }
        }
    }

    /** Stops the background reads; {@link #read} still works. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5000);
    }
}
