package dev.bananagateway.provider;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The example payloads of the providers' documents, kept as test resources under
 * {@code src/test/resources/providers/<id>/<name>} (docs/providers.md, introduction).
 */
public final class ProviderFixtures {

    private static final String ROOT = "providers/";

    private ProviderFixtures() {
    }

    /** The fixture's text exactly as stored (the files end with a newline). */
    public static String text(String providerId, String name) {
        String path = ROOT + providerId + "/" + name;
        try (InputStream in = ProviderFixtures.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                return fail("no fixture src/test/resources/" + path + " (not on the test class path)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("fixture src/test/resources/" + path + " is unreadable", e);
        }
    }

    public static String text(ProviderId provider, String name) {
        return text(provider.key(), name);
    }

    /** The fixture parsed as JSON; fails naming the file when it is missing or not JSON. */
    public static JsonNode json(String providerId, String name) {
        return Json.parse(text(providerId, name)).orElseGet(
                () -> fail("fixture src/test/resources/" + ROOT + providerId + "/" + name + " is not JSON"));
    }

    public static JsonNode json(ProviderId provider, String name) {
        return json(provider.key(), name);
    }
}
