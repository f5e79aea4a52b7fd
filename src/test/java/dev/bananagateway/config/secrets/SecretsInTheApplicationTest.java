package dev.bananagateway.config.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bananagateway.config.GatewayConfig;
import dev.bananagateway.lifecycle.CallbackTokens;
import dev.bananagateway.provider.ProviderId;
import dev.bananagateway.testing.LocalStackTestResource;
import dev.bananagateway.testing.SecretsManagerEmulator;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The application started as in Lambda, with its secrets in Secrets Manager: Quarkus finds the
 * source, the function role's credentials come from the default chain, and the services use what
 * the secret holds.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
@QuarkusTestResource(value = SecretsInTheApplicationTest.SecretsManager.class, restrictToAnnotatedClass = true)
@TestProfile(SecretsInTheApplicationTest.FromSecretsManager.class)
class SecretsInTheApplicationTest {

    static final String CALLBACK = "callback-secret-held-in-secrets-manager-42";
    static final String REVID = "revid-key-held-in-secrets-manager";
    static final String NOT_LISTED = "whsec_bm90LWxpc3RlZC1mb3ItdGhpcy1mdW5jdGlvbg==";

    /** The deployed bindings, not the test profile's fixed secrets. */
    public static class FromSecretsManager implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.callback-secret", "${CALLBACK_SIGNING_SECRET:}",
                    "gateway.secrets.fields", "CALLBACK_SIGNING_SECRET,REVID_API_KEY");
        }
    }

    /** A Secrets Manager endpoint holding the secret, and role-like credentials in the default chain. */
    public static class SecretsManager implements QuarkusTestResourceLifecycleManager {
        private SecretsManagerEmulator aws;

        @Override
        public Map<String, String> start() {
            System.setProperty("aws.accessKeyId", "ASIATESTROLEKEY00001");
            System.setProperty("aws.secretAccessKey", "role-secret-access-key-for-the-test");
            System.setProperty("aws.sessionToken", "role-session-token");
            try {
                aws = SecretsManagerEmulator.start("us-east-1", "ASIATESTROLEKEY00001",
                        "role-secret-access-key-for-the-test", "role-session-token");
                String arn = aws.put("banana-gateway/secrets", new ObjectMapper().writeValueAsString(Map.of(
                        "CALLBACK_SIGNING_SECRET", CALLBACK, "REVID_API_KEY", REVID,
                        "WEBHOOK_SIGNING_SECRET", NOT_LISTED)));
                return Map.of("gateway.secrets.arn", arn, "gateway.secrets.endpoint", aws.endpoint().toString());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void stop() {
            if (aws != null) {
                aws.close();
            }
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
            System.clearProperty("aws.sessionToken");
        }
    }

    @Inject
    GatewayConfig config;
    @Inject
    CallbackTokens tokens;

    @Test
    void theServicesUseTheSecretFromSecretsManager() {
        assertEquals(CALLBACK, config.callbackSecret().orElseThrow());
        assertEquals(REVID, config.providers().get("revid").apiKey().orElseThrow());
        assertNotEquals(NOT_LISTED, config.webhookSecret().orElse(""), "a field not listed stays out");
        // callback URLs are handed out, and their tokens verify, under the secret from Secrets Manager
        assertTrue(tokens.configured());
        String url = tokens.callbackUrl("https://api.example.com", ProviderId.of("revid"), "tsk_AAAAAAAAAAAAAAAAAAAAAA");
        String token = url.substring(url.indexOf("token=") + "token=".length());
        assertTrue(tokens.verify(ProviderId.of("revid"), "tsk_AAAAAAAAAAAAAAAAAAAAAA", token));
    }
}
