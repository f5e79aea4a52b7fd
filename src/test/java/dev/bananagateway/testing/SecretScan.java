package dev.bananagateway.testing;

import dev.bananagateway.local.simulator.ProviderCatalog;
import dev.bananagateway.provider.ProviderEndpoint;
import dev.bananagateway.provider.ProviderId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Looks for secrets in text: literal secrets (provider keys, signing secrets) anywhere, and callback
 * tokens as whole base64url words (there are many tokens, so they are matched by set lookup rather
 * than one search each). Reports which kind leaked, never the secret itself.
 */
public final class SecretScan {

    private static final Pattern NOT_BASE64URL = Pattern.compile("[^A-Za-z0-9_-]+");

    private final List<String> literals;
    private final Set<String> tokens;

    public SecretScan(Collection<String> literals, Collection<String> tokens) {
        this.literals = List.copyOf(literals);
        this.tokens = Set.copyOf(tokens);
    }

    /**
     * The secrets the test application is configured with: the callback-token key, the webhook
     * signing secret (whole and its key part), the list cursors' key and every provider's API key.
     */
    public static List<String> configuredSecrets(String callbackSecret, String webhookSecret) {
        List<String> secrets = new ArrayList<>(List.of(callbackSecret, webhookSecret,
                webhookSecret.substring(webhookSecret.indexOf('_') + 1)));
        ConfigProvider.getConfig().getOptionalValue("gateway.cursor-secret", String.class).ifPresent(secrets::add);
        for (ProviderId provider : ProviderCatalog.ids()) {
            secrets.add(ProviderEndpoint.simulatorKey(provider));
        }
        return secrets;
    }

    /** What leaked into the text, if anything. */
    public Optional<String> leakIn(String text) {
        for (int i = 0; i < literals.size(); i++) {
            if (text.contains(literals.get(i))) {
                return Optional.of("secret #" + i);
            }
        }
        for (String word : NOT_BASE64URL.split(text)) {
            if (tokens.contains(word)) {
                return Optional.of("a callback token");
            }
        }
        return Optional.empty();
    }

    /** The text with every secret and token replaced, fit for a failure message. */
    public String redact(String text) {
        String out = text;
        for (String literal : literals) {
            out = out.replace(literal, "***");
        }
        StringBuilder redacted = new StringBuilder();
        java.util.regex.Matcher words = Pattern.compile("[A-Za-z0-9_-]+").matcher(out);
        while (words.find()) {
            words.appendReplacement(redacted, tokens.contains(words.group()) ? "***" : words.group());
        }
        return words.appendTail(redacted).toString();
    }
}
