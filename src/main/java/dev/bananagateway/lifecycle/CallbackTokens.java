package dev.bananagateway.lifecycle;

import jakarta.inject.Inject;
import dev.bananagateway.config.GatewayConfig;
import dev.bananagateway.provider.ProviderId;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Per-task callback tokens: HMAC-SHA256 of provider and task id under a server secret, so only the
 * provider we gave the URL to can complete the task. Compared in constant time.
 */
@ApplicationScoped
public class CallbackTokens {

    private final byte[] secret;

    @Inject
    public CallbackTokens(GatewayConfig config) {
        this(config.callbackSecret());
    }

    public CallbackTokens(Optional<String> secret) {
        this.secret = secret.filter(s -> !s.isBlank()).map(s -> s.getBytes(StandardCharsets.UTF_8)).orElse(null);
    }

    /** Whether a secret is configured; without one no callback URL is handed out and every callback is refused. */
    public boolean configured() {
        return secret != null;
    }

    public String tokenFor(ProviderId provider, String taskId) {
        if (secret == null) {
            throw new IllegalStateException("gateway.callback-secret (CALLBACK_SIGNING_SECRET) is not set");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] digest = mac.doFinal((provider.key() + ":" + taskId).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    public boolean verify(ProviderId provider, String taskId, String token) {
        if (secret == null || token == null) {
            return false;
        }
        byte[] expected = tokenFor(provider, taskId).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, token.getBytes(StandardCharsets.US_ASCII));
    }

    /** The URL a provider calls for this task: {@code <base>/v1/callbacks/<provider>/<task>?token=...}. */
    public String callbackUrl(String publicBaseUrl, ProviderId provider, String taskId) {
        String base = publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1)
                : publicBaseUrl;
        return base + "/v1/callbacks/" + provider.key() + "/" + taskId + "?token=" + tokenFor(provider, taskId);
    }
}
