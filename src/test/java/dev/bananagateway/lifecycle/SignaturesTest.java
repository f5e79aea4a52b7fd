package dev.bananagateway.lifecycle;

import dev.bananagateway.provider.crun.CrunProvider;
import dev.bananagateway.provider.revid.RevidProvider;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        String token = tokens.tokenFor(RevidProvider.ID, "tsk_a");
        assertTrue(tokens.verify(RevidProvider.ID, "tsk_a", token));
        assertFalse(tokens.verify(CrunProvider.ID, "tsk_a", token));
        assertFalse(tokens.verify(RevidProvider.ID, "tsk_b", token));
        assertFalse(tokens.verify(RevidProvider.ID, "tsk_a", null));
        assertFalse(tokens.verify(RevidProvider.ID, "tsk_a", token.substring(1)));
        assertNotEquals(token, new CallbackTokens(Optional.of("secret-2")).tokenFor(RevidProvider.ID, "tsk_a"));
        assertTrue(tokens.callbackUrl("https://api.example.com/", CrunProvider.ID, "tsk_a")
                .startsWith("https://api.example.com/v1/callbacks/crun/tsk_a?token="));
    }

    @Test
    void withoutASecretNoCallbackIsAccepted() {
        CallbackTokens none = new CallbackTokens(Optional.empty());
        assertFalse(none.configured());
        assertFalse(none.verify(RevidProvider.ID, "tsk_a", "anything"));
    }
}
