package dev.bananagateway.config.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.spi.ConfigSource;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * The gateway's secrets (provider keys, the two signing secrets) from one AWS Secrets Manager JSON
 * secret, read once when the configuration is built (a cold start) and offered as configuration
 * under their field names, which are the environment variable names application.properties binds
 * ({@code CALLBACK_SIGNING_SECRET}, {@code REVID_API_KEY}, ...). So the application reads a secret
 * the same way whether it comes from Secrets Manager (Lambda) or from the environment or a profile
 * (locally and in tests).
 *
 * <p>Only the fields a function lists in {@code gateway.secrets.fields} are kept; the rest of the
 * secret is dropped as soon as it is parsed. Without {@code gateway.secrets.arn} nothing is read.
 * A secret that cannot be read stops the start: a function must not run without its secrets.
 */
public class SecretsConfigSourceFactory implements ConfigSourceFactory {

    public static final String ARN = "gateway.secrets.arn";
    public static final String FIELDS = "gateway.secrets.fields";
    /** Tests only: where Secrets Manager is (else the ARN's region endpoint). */
    public static final String ENDPOINT = "gateway.secrets.endpoint";
    /** Above application.properties (250), below environment variables (300). */
    static final int ORDINAL = 275;
    static final String NAME = "SecretsManager";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final Supplier<AwsCredentialsProvider> credentials;

    public SecretsConfigSourceFactory() {
        // the default chain: in Lambda, the function role's credentials from the environment
        this(() -> DefaultCredentialsProvider.builder().build());
    }

    SecretsConfigSourceFactory(Supplier<AwsCredentialsProvider> credentials) {
        this.credentials = credentials;
    }

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        String arn = value(context, ARN);
        List<String> fields = Arrays.stream(value(context, FIELDS).split(",")).map(String::trim)
                .filter(f -> !f.isEmpty()).toList();
        if (arn.isEmpty() || fields.isEmpty()) {
            return List.of();
        }
        SecretsManagerClient.SecretArn secret = SecretsManagerClient.SecretArn.parse(arn);
        String endpoint = value(context, ENDPOINT);
        SecretsManagerClient client = new SecretsManagerClient(
                endpoint.isEmpty() ? SecretsManagerClient.endpointFor(secret) : URI.create(endpoint),
                secret.region(), credentials.get(), TIMEOUT);
        return List.of(new PropertiesConfigSource(pick(arn, client.secretString(arn), fields), NAME, ORDINAL));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }

    /** The listed fields of the secret's JSON object that are present; a field must be a string. */
    static Map<String, String> pick(String arn, String secretString, List<String> fields) {
        JsonNode secret;
        try {
            secret = new ObjectMapper().readTree(secretString);
        } catch (IOException e) {
            // never the parser's message: it quotes the secret
            throw new IllegalStateException("secret " + arn + " is not a JSON object");
        }
        if (secret == null || !secret.isObject()) {
            throw new IllegalStateException("secret " + arn + " is not a JSON object");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String field : fields) {
            JsonNode value = secret.get(field);
            if (value == null || value.isNull()) {
                continue;
            }
            if (!value.isTextual()) {
                throw new IllegalStateException("secret " + arn + ": field " + field + " is not a string");
            }
            values.put(field, value.asText());
        }
        return values;
    }

    private static String value(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value == null || value.getValue() == null ? "" : value.getValue().trim();
    }
}
