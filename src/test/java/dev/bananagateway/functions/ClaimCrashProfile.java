package dev.bananagateway.functions;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/** The application with a task store that can die between an idempotency claim and the task write. */
public class ClaimCrashProfile implements QuarkusTestProfile {

    /** The default grace: long enough that a busy machine still sees the 409 inside it, short enough to wait for. */
    static final Duration CLAIM_GRACE = Duration.ofSeconds(5);

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("gateway.idempotency.claim-grace", CLAIM_GRACE.toMillis() + "ms");
    }

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(ClaimCrashStore.class);
    }
}
