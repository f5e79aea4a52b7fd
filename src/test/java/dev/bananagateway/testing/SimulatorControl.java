package dev.bananagateway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bananagateway.provider.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/** The provider simulator's HTTP control API (/_sim), as tests in the Quarkus class loader reach it. */
public final class SimulatorControl {

    private final URI base;
    private final HttpClient http = HttpClient.newHttpClient();

    public SimulatorControl(String simulatorUrl) {
        this.base = URI.create(simulatorUrl.endsWith("/") ? simulatorUrl : simulatorUrl + "/");
    }

    public void reset() {
        send("POST", "_sim/reset", "{}");
    }

    /** Adds a global fault, e.g. {@code {"provider":"revid","operation":"callback","fault":"drop","count":1}}. */
    public void fault(String json) {
        send("POST", "_sim/faults", json);
    }

    /** Clears the global faults; tasks and settings stay. */
    public void clearFaults() {
        send("DELETE", "_sim/faults", null);
    }

    /** Changes settings, e.g. {@code {"provider":"imgeditor","requestsPerMinute":1}}. */
    public void settings(String json) {
        send("POST", "_sim/settings", json);
    }

    /** The tasks the simulator accepted for a provider. */
    public List<JsonNode> tasks(String provider) {
        List<JsonNode> out = new ArrayList<>();
        Json.parse(send("GET", "_sim/tasks?provider=" + provider, null)).orElseThrow().forEach(out::add);
        return out;
    }

    /** The accepted tasks whose prompt is exactly this one. */
    public List<JsonNode> tasksWithPrompt(String provider, String prompt) {
        return tasks(provider).stream().filter(t -> prompt.equals(t.path("prompt").asText())).toList();
    }

    /** Every download of a result file: {@code [{"url","started":[epoch ms...],"completed":n}]}. */
    public List<JsonNode> downloads() {
        List<JsonNode> out = new ArrayList<>();
        Json.parse(send("GET", "_sim/downloads", null)).orElseThrow().forEach(out::add);
        return out;
    }

    /** Fetches a URL the simulator serves: status and content type. */
    public HttpResponse<byte[]> get(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String send(String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json");
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("simulator control " + path + " answered " + response.statusCode()
                        + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
