package dev.bananagateway.config.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bananagateway.config.aws.SigV4Post;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Secrets Manager's {@code GetSecretValue}, the one call the gateway makes, on the service's
 * documented JSON protocol: {@code POST /} with {@code X-Amz-Target: secretsmanager.GetSecretValue},
 * {@code Content-Type: application/x-amz-json-1.1}, body {@code {"SecretId": ...}}, signed with
 * Signature Version 4 for the service {@code secretsmanager}.
 *
 * <p>Why not the SDK's {@code secretsmanager} client: at the AWS SDK version the project's BOM
 * manages (2.42.x, shared with the DynamoDB client) that module is not on the reachable Maven
 * Central mirror, and mixing SDK versions is unsupported. The parts that need care (the SigV4
 * signer, the credential chain) are the SDK's own, the same ones the DynamoDB client uses, in a
 * native image too; the HTTP call is {@code java.net.http}.
 */
public final class SecretsManagerClient {

    static final String TARGET = "secretsmanager.GetSecretValue";
    static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    static final String SIGNING_NAME = "secretsmanager";
    /** Headers the HTTP client sets itself and refuses from the caller. */
    private final URI endpoint;
    private final String region;
    private final AwsCredentialsProvider credentials;
    private final Duration timeout;
    private final ObjectMapper json = new ObjectMapper();

    public SecretsManagerClient(URI endpoint, String region, AwsCredentialsProvider credentials, Duration timeout) {
        this.endpoint = endpoint;
        this.region = region;
        this.credentials = credentials;
        this.timeout = timeout;
    }

    /** The endpoint of the region (and partition) a secret's ARN names. */
    public static URI endpointFor(SecretArn arn) {
        String suffix = arn.partition().equals("aws-cn") ? "amazonaws.com.cn" : "amazonaws.com";
        return URI.create("https://secretsmanager." + arn.region() + "." + suffix + "/");
    }

    /**
     * The current {@code SecretString} of the secret. Fails with the service's error type (never
     * with any part of the secret) when the call is refused.
     */
    public String secretString(String secretId) {
        String body;
        try {
            body = json.writeValueAsString(Map.of("SecretId", secretId));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        HttpRequest request = SigV4Post.request(endpoint, Map.of("Content-Type", CONTENT_TYPE, "X-Amz-Target", TARGET),
                body, SIGNING_NAME, region, credentials, timeout);
        HttpResponse<String> response;
        try {
            // one call per cold start: a client for it alone, not kept
            HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("GetSecretValue for " + secretId + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("GetSecretValue for " + secretId + " was interrupted", e);
        }
        return secretString(secretId, response);
    }

    private String secretString(String secretId, HttpResponse<String> response) {
        JsonNode answer;
        try {
            answer = json.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("GetSecretValue for " + secretId + " answered HTTP " + response.statusCode()
                    + " without a JSON body");
        }
        if (response.statusCode() != 200) {
            String type = answer.path("__type").asText(response.headers().firstValue("x-amzn-ErrorType").orElse("?"));
            // the service's message names the secret or the caller, never its value
            throw new IllegalStateException("GetSecretValue for " + secretId + " failed: HTTP " + response.statusCode()
                    + " " + type.substring(type.indexOf('#') + 1) + ": " + answer.path("message").asText(
                            answer.path("Message").asText("")));
        }
        JsonNode value = answer.get("SecretString");
        if (value == null || !value.isTextual()) {
            throw new IllegalStateException("secret " + secretId + " has no SecretString (a binary secret is not supported)");
        }
        return value.asText();
    }

    /** The parts of a Secrets Manager secret ARN the client needs. */
    public record SecretArn(String partition, String region, String arn) {

        /** {@code arn:<partition>:secretsmanager:<region>:<account>:secret:<name>}. */
        public static SecretArn parse(String arn) {
            List<String> parts = List.of(arn.split(":", 7));
            if (parts.size() != 7 || !parts.get(0).equals("arn") || !parts.get(2).equals("secretsmanager")
                    || parts.get(3).isEmpty() || !parts.get(5).equals("secret")) {
                throw new IllegalArgumentException("not a Secrets Manager secret ARN: " + arn);
            }
            return new SecretArn(parts.get(1), parts.get(3), arn);
        }
    }
}
