package dev.bananagateway.faults;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;
import java.util.Set;

/**
 * The fault suite's application: the production schedule compressed from minutes to about a second
 * (so hundreds of tasks finish in a bounded time), and the task store that records every write and
 * can abort a submit between the provider's accept and the update that records it.
 */
public class FaultSuiteProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("gateway.tasks.queued-grace", "8S"), // longer than a submit with failover takes here
                Map.entry("gateway.poll.first", "500ms"),
                Map.entry("gateway.poll.max", "1S"),
                Map.entry("gateway.poll.callback-first", "1S"),
                Map.entry("gateway.poll.callback-max", "2S"),
                Map.entry("gateway.webhooks.backoff", "300ms"),
                Map.entry("gateway.webhooks.timeout", "1S"), // the receiver is local
                // takes tasks for 2 s: a provider call takes up to 3 s here, a webhook up to 2 s
                Map.entry("gateway.sweeper.run-budget", "5S"));
    }

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(RecordingTaskStore.class);
    }
}
