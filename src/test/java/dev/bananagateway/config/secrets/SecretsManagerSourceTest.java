package dev.bananagateway.config.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bananagateway.config.GatewayConfig;
import dev.bananagateway.testing.SecretsManagerEmulator;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The secrets' path in Lambda: the application's configuration (application.properties, the
 * environment) with the Secrets Manager source, reading from an endpoint that speaks Secrets
 * Manager's documented wire protocol and checks each request's Signature Version 4 itself.
 */
class SecretsManagerSourceTest {

    private static final String REGION = "eu-west-1";
    private static final String KEY_ID = "ASIAEXAMPLEKEYID0001";
    private static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final String SESSION = "IQoJb3JpZ2luX2VjEXAMPLE-session-token";
    private static final String CALLBACK = "callback-secret-from-secrets-manager-0123456789";
    private static final String WEBHOOK = "whsec_c2VjcmV0cy1tYW5hZ2VyLXdlYmhvb2stc2VjcmV0";
    private static final String REVID = "revid-key-from-secrets-manager";

    private SecretsManagerEmulator aws;
    private String arn;

    @BeforeEach
    void start() throws IOException {
        aws = SecretsManagerEmulator.start(REGION, KEY_ID, SECRET_KEY, SESSION);
        arn = aws.put("banana-gateway/secrets", new ObjectMapper().writeValueAsString(Map.of(
                "CALLBACK_SIGNING_SECRET", CALLBACK, "WEBHOOK_SIGNING_SECRET", WEBHOOK, "REVID_API_KEY", REVID)));
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    private SecretsConfigSourceFactory factory(String keyId, String secretKey) {
        return new SecretsConfigSourceFactory(() -> StaticCredentialsProvider.create(
                AwsSessionCredentials.create(keyId, secretKey, SESSION)));
    }

    /** application.properties and these environment variables, with the Secrets Manager source, mapped. */
    private SmallRyeConfig config(Map<String, String> environment, SecretsConfigSourceFactory factory) throws IOException {
        Map<String, String> env = new HashMap<>(environment);
        env.putIfAbsent("GATEWAY_SECRET_ENDPOINT", aws.endpoint().toString());
        return new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(getClass().getClassLoader().getResource("application.properties"), 250))
                .withSources(new EnvConfigSource(env, 300))
                .withSources(factory)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withMapping(GatewayConfig.class)
                .build();
    }

    @Test
    void eachFunctionGetsTheFieldsItListsReadOnce() throws IOException {
        // the submit function's list: the callback secret and provider keys, not the webhook secret
        GatewayConfig submit = config(Map.of("GATEWAY_SECRET_ARN", arn, "GATEWAY_SECRET_FIELDS",
                "CALLBACK_SIGNING_SECRET,REVID_API_KEY,CRUN_API_KEY"), factory(KEY_ID, SECRET_KEY))
                .getConfigMapping(GatewayConfig.class);
        assertEquals(CALLBACK, submit.callbackSecret().orElseThrow());
        assertEquals(REVID, submit.providers().get("revid").apiKey().orElseThrow());
        assertTrue(submit.providers().get("crun").apiKey().filter(k -> !k.isEmpty()).isEmpty(),
                "a field the secret lacks: no key, the provider stays disabled");
        assertTrue(submit.webhookSecret().filter(s -> !s.isEmpty()).isEmpty(), "a field it does not list stays out");
        assertEquals(1, aws.served(), "one GetSecretValue per start");
        assertEquals(List.of(), aws.refusals());

        GatewayConfig callback = config(Map.of("GATEWAY_SECRET_ARN", arn, "GATEWAY_SECRET_FIELDS",
                "CALLBACK_SIGNING_SECRET"), factory(KEY_ID, SECRET_KEY)).getConfigMapping(GatewayConfig.class);
        assertEquals(CALLBACK, callback.callbackSecret().orElseThrow());
        assertTrue(callback.providers().get("revid").apiKey().filter(k -> !k.isEmpty()).isEmpty());
    }

    @Test
    void withoutASecretArnConfigurationValuesWorkAsBeforeAndNothingIsCalled() throws IOException {
        GatewayConfig local = config(Map.of("CALLBACK_SIGNING_SECRET", "from-the-environment-0123456789abcdef",
                "GATEWAY_SECRET_FIELDS", "CALLBACK_SIGNING_SECRET"), factory(KEY_ID, SECRET_KEY))
                .getConfigMapping(GatewayConfig.class);
        assertEquals("from-the-environment-0123456789abcdef", local.callbackSecret().orElseThrow());
        assertEquals(0, aws.served() + aws.refusals().size(), "no call without an ARN");
    }

    @Test
    void aRefusedReadStopsTheStartWithoutShowingAnySecret() throws IOException {
        IllegalStateException badKey = assertThrows(IllegalStateException.class, () -> config(Map.of(
                "GATEWAY_SECRET_ARN", arn, "GATEWAY_SECRET_FIELDS", "CALLBACK_SIGNING_SECRET"),
                factory(KEY_ID, "not-the-secret-key")));
        assertTrue(badKey.getMessage().contains("InvalidSignatureException"), badKey.getMessage());

        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> config(Map.of(
                "GATEWAY_SECRET_ARN", arn.replace("banana-gateway", "other"), "GATEWAY_SECRET_FIELDS",
                "CALLBACK_SIGNING_SECRET"), factory(KEY_ID, SECRET_KEY)));
        assertTrue(missing.getMessage().contains("ResourceNotFoundException"), missing.getMessage());

        String notJson = aws.put("not-json", "{\"CALLBACK_SIGNING_SECRET\": \"" + CALLBACK + "\"");
        IllegalStateException unreadable = assertThrows(IllegalStateException.class, () -> config(Map.of(
                "GATEWAY_SECRET_ARN", notJson, "GATEWAY_SECRET_FIELDS", "CALLBACK_SIGNING_SECRET"),
                factory(KEY_ID, SECRET_KEY)));
        for (IllegalStateException e : List.of(badKey, missing, unreadable)) {
            for (String secret : List.of(CALLBACK, WEBHOOK, REVID, SECRET_KEY, SESSION)) {
                assertFalse(String.valueOf(e.getMessage()).contains(secret), "no secret in: " + e.getMessage());
            }
        }
    }

    /** The emulator refuses what Secrets Manager refuses: it is not a stub that answers anything. */
    @Test
    void theEndpointChecksTheDocumentedProtocol() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> unsigned = http.send(HttpRequest.newBuilder(aws.endpoint())
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Target", "secretsmanager.GetSecretValue")
                .POST(HttpRequest.BodyPublishers.ofString("{\"SecretId\":\"" + arn + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, unsigned.statusCode());
        assertTrue(unsigned.body().contains("MissingAuthenticationTokenException"), unsigned.body());

        HttpResponse<String> otherAction = http.send(HttpRequest.newBuilder(aws.endpoint())
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Target", "secretsmanager.ListSecrets")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(otherAction.body().contains("UnknownOperationException"), otherAction.body());

        // the client signs for the ARN's region: another region's scope is refused
        SecretsManagerClient wrongRegion = new SecretsManagerClient(aws.endpoint(), "us-east-1",
                StaticCredentialsProvider.create(AwsSessionCredentials.create(KEY_ID, SECRET_KEY, SESSION)),
                Duration.ofSeconds(5));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> wrongRegion.secretString(arn));
        assertTrue(e.getMessage().contains("InvalidSignatureException"), e.getMessage());

        // without the session token Lambda's role credentials carry, the request is not authenticated
        SecretsManagerClient noToken = new SecretsManagerClient(aws.endpoint(), REGION,
                StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY_ID, SECRET_KEY)), Duration.ofSeconds(5));
        e = assertThrows(IllegalStateException.class, () -> noToken.secretString(arn));
        assertTrue(e.getMessage().contains("UnrecognizedClientException"), e.getMessage());
    }

    @Test
    void theRegionAndEndpointComeFromTheArn() {
        SecretsManagerClient.SecretArn parsed = SecretsManagerClient.SecretArn.parse(
                "arn:aws:secretsmanager:eu-central-1:123456789012:secret:banana/secrets-a1B2c3");
        assertEquals("eu-central-1", parsed.region());
        assertEquals(URI.create("https://secretsmanager.eu-central-1.amazonaws.com/"),
                SecretsManagerClient.endpointFor(parsed));
        assertEquals(URI.create("https://secretsmanager.cn-north-1.amazonaws.com.cn/"), SecretsManagerClient.endpointFor(
                SecretsManagerClient.SecretArn.parse("arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:x-a1B2c3")));
        assertThrows(IllegalArgumentException.class, () -> SecretsManagerClient.SecretArn.parse(
                "arn:aws:ssm:eu-central-1:123456789012:parameter/x"));
    }

    /** Quarkus finds the source through the ServiceLoader registration. */
    @Test
    void theSourceIsRegistered() throws IOException {
        Path registration = Path.of("src/main/resources/META-INF/services/io.smallrye.config.ConfigSourceFactory");
        assertEquals(List.of(SecretsConfigSourceFactory.class.getName()), Files.readAllLines(registration).stream()
                .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList());
    }
}
