package dev.bananagateway.functions;

import dev.bananagateway.config.GatewayConfig;
import dev.bananagateway.config.aws.SigV4Post;
import dev.bananagateway.lifecycle.ShardWorkers;
import dev.bananagateway.lifecycle.SweeperService;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * Starts a sweeper worker in AWS: an asynchronous invocation ({@code X-Amz-Invocation-Type: Event}) of
 * the sweeper function itself with {@code {"shards": [k, ...]}}, through Lambda's Invoke API signed with the
 * function's own credentials (SigV4, the AWS SDK's signer). The call returns once Lambda has queued the
 * event (202), so a dispatch of sixteen workers takes well under a second. A plain signed request
 * rather than the SDK's Lambda client: that client's version matching the project's SDK is not
 * available to the build, and one request needs nothing more.
 *
 * <p>The default; a local run replaces it with workers in the process.
 */
@ApplicationScoped
@DefaultBean
public class LambdaShardWorkers implements ShardWorkers {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** Headers the JDK client sets itself and refuses to be given. */
    private final Optional<String> functionName;
    private final Optional<String> qualifier;
    private final String region;
    private final URI endpoint;
    private final AwsCredentialsProvider credentials;
    private volatile HttpClient http;

    @Inject
    public LambdaShardWorkers(GatewayConfig config) {
        this(config.sweeper().functionName(), config.sweeper().functionQualifier(), regionFromEnvironment(),
                null, DefaultCredentialsProvider.builder().build());
    }

    /** @param endpoint Lambda's endpoint; null: the region's public one */
    LambdaShardWorkers(Optional<String> functionName, Optional<String> qualifier, String region, URI endpoint,
            AwsCredentialsProvider credentials) {
        this.functionName = functionName;
        this.qualifier = qualifier;
        this.region = region;
        this.endpoint = endpoint != null ? endpoint
                : URI.create("https://lambda." + region + ".amazonaws.com" + (region.startsWith("cn-") ? ".cn" : ""));
        this.credentials = credentials;
    }

    private static String regionFromEnvironment() {
        String region = System.getenv("AWS_REGION");
        return region == null || region.isBlank() ? "us-east-1" : region;
    }

    @Override
    public CompletableFuture<SweeperService.SweepReport> start(List<Integer> shards) {
        String function = functionName.orElseThrow(() -> new IllegalStateException(
                "gateway.sweeper.function-name is unset: no function to start sweeper workers in"));
        String body = "{\"shards\":[" + String.join(",", shards.stream().map(String::valueOf).toList()) + "]}";
        String path = "/2015-03-31/functions/" + URLEncoder.encode(function, StandardCharsets.UTF_8) + "/invocations";
        URI uri = endpoint.resolve(path + qualifier.filter(q -> !q.isBlank())
                .map(q -> "?Qualifier=" + URLEncoder.encode(q, StandardCharsets.UTF_8)).orElse(""));
        HttpRequest request = SigV4Post.request(uri,
                Map.of("Content-Type", "application/json", "X-Amz-Invocation-Type", "Event"), body, "lambda", region,
                credentials, TIMEOUT);
        try {
            HttpResponse<String> answer = client().send(request, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 202) {
                throw new IllegalStateException("Lambda refused to start sweeper worker for shards " + shards + ": HTTP "
                        + answer.statusCode() + " " + abbreviate(answer.body()));
            }
        } catch (IOException e) {
            throw new IllegalStateException("Lambda could not be reached to start sweeper worker for shards " + shards, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting sweeper worker for shards " + shards, e);
        }
        return CompletableFuture.completedFuture(null);
    }

    private HttpClient client() {
        HttpClient c = http;
        if (c == null) {
            synchronized (this) {
                if (http == null) {
                    http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
                }
                c = http;
            }
        }
        return c;
    }

    private static String abbreviate(String body) {
        return body == null ? "" : body.length() <= 300 ? body : body.substring(0, 300) + "…";
    }
}
