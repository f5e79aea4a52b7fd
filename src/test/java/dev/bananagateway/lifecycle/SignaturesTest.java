package dev.bananagateway.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bananagateway.provider.ProviderId;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SignaturesTest {

    @Test
    void webhookSignatureMatchesTheStandardWebhooksReferenceVector() {
        // the example from the Standard Webhooks reference libraries' test suite
        WebhookSigner signer = new WebhookSigner("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
                signer.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}"));
    }

    @Test
    void callbackTokensAreBoundToProviderAndTask() {
        CallbackTokens tokens = new CallbackTokens(Optional.of("secret-1"));
        String token = tokens.tokenFor(ProviderId.REVID, "tsk_a");
        assertTrue(tokens.verify(ProviderId.REVID, "tsk_a", token));
        assertFalse(tokens.verify(ProviderId.CRUN, "tsk_a", token));
        assertFalse(tokens.verify(ProviderId.REVID, "tsk_b", token));
        assertFalse(tokens.verify(ProviderId.REVID, "tsk_a", null));
        assertFalse(tokens.verify(ProviderId.REVID, "tsk_a", token.substring(1)));
        assertNotEquals(token, new CallbackTokens(Optional.of("secret-2")).tokenFor(ProviderId.REVID, "tsk_a"));
        assertTrue(tokens.callbackUrl("https://api.example.com/", ProviderId.CRUN, "tsk_a")
                .startsWith("https://api.example.com/v1/callbacks/crun/tsk_a?token="));
    }

    @Test
    void withoutASecretNoCallbackIsAccepted() {
        CallbackTokens none = new CallbackTokens(Optional.empty());
        assertFalse(none.configured());
        assertFalse(none.verify(ProviderId.REVID, "tsk_a", "anything"));
    }
}
