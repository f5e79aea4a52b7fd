package dev.bananagateway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bananagateway.local.simulator.ProviderCatalog;
import dev.bananagateway.provider.ProviderId;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The providers the suites exercise: every registered provider (its configuration block, see
 * {@link ProviderCatalog}), each with the sample task from its test folder,
 * {@code src/test/resources/providers/<id>/sample-task.json}. The end-to-end and fault suites
 * iterate over these; nothing in them lists providers by hand.
 */
public final class RegisteredProviders {

    /**
     * A task the provider serves, as its test folder describes it.
     *
     * @param callbacks whether the provider calls back (the registration test checks it against the adapter)
     */
    public record Sample(ProviderId provider, String model, List<String> referenceImages, boolean callbacks) {

        /** The submit body's fields for this sample, without braces: model, pinned provider, references. */
        public String jsonFields() {
            StringBuilder fields = new StringBuilder("\"model\":\"" + model + "\",\"provider\":\"" + provider.key() + "\"");
            if (!referenceImages.isEmpty()) {
                fields.append(",\"reference_images\":[");
                fields.append(String.join(",", referenceImages.stream().map(u -> "\"" + u + "\"").toList()));
                fields.append(']');
            }
            return fields.toString();
        }
    }

    private RegisteredProviders() {
    }

    public static List<ProviderId> ids() {
        return ProviderCatalog.ids();
    }

    /** Every registered provider's sample task. */
    public static List<Sample> samples() {
        return samples(ids());
    }

    public static List<Sample> samples(List<ProviderId> providers) {
        return providers.stream().map(RegisteredProviders::sample).toList();
    }

    public static Sample sample(ProviderId provider) {
        String path = "providers/" + provider.key() + "/sample-task.json";
        try (InputStream in = RegisteredProviders.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("provider " + provider + " is registered but its test folder has no "
                        + "src/test/resources/" + path);
            }
            JsonNode sample = new ObjectMapper().readTree(in);
            List<String> references = new ArrayList<>();
            sample.path("reference_images").forEach(u -> references.add(u.asText()));
            return new Sample(provider, sample.path("model").asText(), references, sample.path("callbacks").asBoolean());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
