package dev.bananagateway.bench;

import dev.bananagateway.provider.nbpcloud.NbpcloudProvider;
import dev.bananagateway.provider.Json;
import dev.bananagateway.provider.ProviderEndpoint;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;

/**
 * nanobananapro.cloud's create call sent straight to the provider simulator in the provider's wire
 * format (docs/providers.md 4.2: Bearer key, JSON body), byte for byte what the gateway's adapter sends
 * for {@link #GATEWAY_BODY_TEMPLATE}: the "bare provider" side of the submit latency comparison.
 */
final class BareNbpcloudCreate {

    /** The public submit body whose adapter call {@link #send} reproduces (prompt to format in). */
    static final String GATEWAY_BODY_TEMPLATE =
            "{\"prompt\":\"%s\",\"model\":\"nano-banana-pro\",\"provider\":\"nbpcloud\",\"aspect_ratio\":\"1:1\",\"resolution\":\"1K\"}";

    private static final int CREATE_ATTEMPTS = 3;

    private final BenchHttp http;
    private final URI createUri;
    private final String authorization;

    BareNbpcloudCreate(BenchHttp http, String simulatorUrl) {
        this.http = http;
        String base = simulatorUrl.endsWith("/") ? simulatorUrl : simulatorUrl + "/";
        this.createUri = URI.create(base + NbpcloudProvider.ID.key() + "/api/v1/image/nano-banana");
        this.authorization = "Bearer " + ProviderEndpoint.simulatorKey(NbpcloudProvider.ID);
    }

    HttpResponse<String> send(String prompt) {
        String body = Json.write(Json.object().put("prompt", prompt).put("model", "nano-banana-pro")
                .put("mode", "text-to-image").put("aspectRatio", "1:1").put("imageSize", "1K"));
        return http.postJson(createUri, body, "Authorization", authorization);
    }

    /**
     * Creates a task at the simulator and returns the provider's task id. Seeding only: a connection
     * the server closed under a pooled keep-alive request is tried again on a fresh one (a second
     * provider task at most, which nothing reads), so one reset among thousands does not end a run.
     */
    String create(String prompt) {
        for (int attempt = 1;; attempt++) {
            try {
                return BenchHttp.expect(send(prompt), 200).path("data").path("id").asText();
            } catch (IllegalStateException e) {
                if (attempt == CREATE_ATTEMPTS || !(e.getCause() instanceof IOException)) {
                    throw e;
                }
            }
        }
    }
}
