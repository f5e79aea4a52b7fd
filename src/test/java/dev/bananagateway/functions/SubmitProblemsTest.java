package dev.bananagateway.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bananagateway.api.Problem;
import dev.bananagateway.lifecycle.SubmitOutcome;
import dev.bananagateway.provider.ProviderId;
import dev.bananagateway.provider.Unsupported;
import dev.bananagateway.routing.Routing;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Refused submits: each domain reason becomes the problem the API documents. */
class SubmitProblemsTest {

    private static Problem refused(Routing.Unroutable why) {
        return SubmitProblems.refused(new SubmitOutcome.Unroutable(why));
    }

    @Test
    void noProviderCanServeListsEachProvidersReason() {
        Problem problem = refused(new Routing.NoProviderCanServe(List.of(
                new Routing.ProviderRefusal(ProviderId.of("revid"), new Unsupported("model", "does not offer seedream-4")),
                new Routing.ProviderRefusal(ProviderId.of("crun"), new Unsupported("num_outputs", "at most 1")))));
        assertEquals(422, problem.status());
        assertEquals("UNSUPPORTED_BY_PROVIDERS", problem.code());
        assertEquals("https://banana-gateway.dev/problems/unsupported-by-providers", problem.type());
        assertEquals("No provider can serve this request", problem.title());
        assertEquals("no configured provider supports this combination of fields", problem.detail());
        assertEquals(List.of(new Problem.FieldError("model", "revid: does not offer seedream-4"),
                new Problem.FieldError("num_outputs", "crun: at most 1")), problem.errors());
    }

    @Test
    void noProviderEnabledSaysSo() {
        Problem problem = refused(new Routing.NoProviderCanServe(List.of()));
        assertEquals("UNSUPPORTED_BY_PROVIDERS", problem.code());
        assertEquals("no provider is configured", problem.detail());
        assertEquals(List.of(), problem.errors());
    }

    @Test
    void aPinnedProviderIsRefusedOnItsField() {
        Problem unknown = refused(new Routing.UnknownProvider("acme"));
        assertEquals(422, unknown.status());
        assertEquals("INVALID_FIELD", unknown.code());
        assertEquals(List.of(new Problem.FieldError("provider", "is not a known provider")), unknown.errors());

        Problem notConfigured = refused(new Routing.ProviderNotConfigured(ProviderId.of("pixazo")));
        assertEquals(422, notConfigured.status());
        assertEquals("PROVIDER_NOT_CONFIGURED", notConfigured.code());
        assertEquals("Invalid request", notConfigured.title());
        assertEquals("provider: is not configured on this gateway", notConfigured.detail());

        Problem cannotServe = refused(new Routing.PinnedProviderCannotServe(ProviderId.of("crun"),
                new Unsupported("aspect_ratio", "does not offer 21:9")));
        assertEquals(422, cannotServe.status());
        assertEquals("UNSUPPORTED_BY_PROVIDER", cannotServe.code());
        assertEquals(List.of(new Problem.FieldError("aspect_ratio", "crun does not offer 21:9")), cannotServe.errors());
    }

    @Test
    void idempotencyRefusals() {
        Problem reused = SubmitProblems.refused(new SubmitOutcome.IdempotencyKeyReused());
        assertEquals(422, reused.status());
        assertEquals("IDEMPOTENCY_KEY_REUSED", reused.code());
        assertEquals("Idempotency-Key reused", reused.title());
        assertEquals("https://banana-gateway.dev/problems/idempotency-key-reused", reused.type());

        Problem inProgress = SubmitProblems.refused(new SubmitOutcome.IdempotentRequestInProgress(java.time.Duration.ofMillis(2100)));
        assertEquals(409, inProgress.status());
        assertEquals("IDEMPOTENT_REQUEST_IN_PROGRESS", inProgress.code());
        assertEquals("Request in progress", inProgress.title());
    }
}
