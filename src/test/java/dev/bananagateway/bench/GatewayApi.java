package dev.bananagateway.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bananagateway.testing.Api;
import java.net.URI;
import java.net.http.HttpResponse;

/** The public API as a caller reaches it: plain HTTP to the local API Gateway bridge. */
final class GatewayApi {

    private final BenchHttp http;
    private final URI tasks;

    GatewayApi(BenchHttp http) {
        this.http = http;
        this.tasks = URI.create(Api.baseUrl() + "/v1/tasks");
    }

    HttpResponse<String> send(String body) {
        return http.postJson(tasks, body);
    }

    /** Submits with {@code Prefer: wait=N}: the answer comes when the task ends (200) or the wait runs out. */
    HttpResponse<String> sendWaiting(String body, int seconds) {
        return http.postJson(tasks, body, "Prefer", "wait=" + seconds);
    }

    /** Submits and returns the new task's id. */
    String submit(String body) {
        return BenchHttp.expect(send(body), 202).path("id").asText();
    }

    JsonNode status(String taskId) {
        return BenchHttp.expect(http.get(URI.create(tasks + "/" + taskId)), 200);
    }
}
