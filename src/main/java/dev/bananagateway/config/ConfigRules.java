package dev.bananagateway.config;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Rules that span configuration keys, checked once at start-up: a deployment whose settings
 * contradict each other fails to start with every broken rule named, instead of misbehaving later.
 */
@ApplicationScoped
public class ConfigRules {

    private final GatewayConfig config;

    public ConfigRules(GatewayConfig config) {
        this.config = config;
    }

    void check(@Observes StartupEvent event) {
        List<String> broken = violations(config, LaunchMode.current().isDevOrTest());
        if (!broken.isEmpty()) {
            throw new IllegalStateException("invalid gateway configuration: " + String.join("; ", broken));
        }
    }

    /** Every rule a deployed configuration breaks, in words that name the keys; empty when it is consistent. */
    public static List<String> violations(GatewayConfig config) {
        return violations(config, false);
    }

    /** As {@link #violations(GatewayConfig)}; {@code devOrTest} allows what only local runs may do (plain http). */
    public static List<String> violations(GatewayConfig config, boolean devOrTest) {
        List<String> broken = new ArrayList<>();
        config.publicBaseUrl().flatMap(url -> publicBaseUrlProblem(url, devOrTest))
                .ifPresent(p -> broken.add("gateway.public-base-url (PUBLIC_BASE_URL) " + p));
        Duration call = config.providerCalls().longestCall();
        Duration budget = config.submit().budget();
        // the sweeper would resolve QUEUED tasks whose submit is still calling providers
        longer(broken, "gateway.tasks.queued-grace", config.tasks().queuedGrace(), "gateway.submit.budget", budget);
        // a submit must be able to make at least one provider call
        if (budget.compareTo(call) < 0) {
            broken.add("gateway.submit.budget (" + budget + ") must be at least one provider call, the sum of"
                    + " gateway.provider-calls.connect-timeout and read-timeout (" + call + ")");
        }
        // a run takes tasks only while its slowest step could still end in time: it would take none
        Duration step = max(call, config.webhooks().longestDelivery());
        longer(broken, "gateway.sweeper.run-budget", config.sweeper().runBudget(),
                "the longest provider call or webhook delivery", step);
        notLonger(broken, "gateway.poll.first", config.poll().first(), "gateway.poll.max", config.poll().max());
        notLonger(broken, "gateway.poll.callback-first", config.poll().callbackFirst(), "gateway.poll.callback-max",
                config.poll().callbackMax());
        notLonger(broken, "gateway.tasks.image-deadline", config.tasks().imageDeadline(), "gateway.tasks.retention",
                config.tasks().retention());
        notLonger(broken, "gateway.tasks.video-deadline", config.tasks().videoDeadline(), "gateway.tasks.retention",
                config.tasks().retention());
        notLonger(broken, "gateway.wait.first-interval", config.waiting().firstInterval(), "gateway.wait.max-interval",
                config.waiting().maxInterval());
        // a waited status answer must come before the status function's 25 s timeout
        notLonger(broken, "gateway.wait.max", config.waiting().max(), "the status function's timeout less a margin",
                Duration.ofSeconds(20));
        if (config.idempotency().claimGrace().isNegative() || config.idempotency().claimGrace().isZero()) {
            broken.add("gateway.idempotency.claim-grace (" + config.idempotency().claimGrace() + ") must be positive");
        }
        positive(broken, "gateway.sweeper.shards", config.sweeper().shards());
        positive(broken, "gateway.sweeper.concurrency", config.sweeper().concurrency());
        positive(broken, "gateway.sweeper.batch-size", config.sweeper().batchSize());
        positive(broken, "gateway.webhooks.max-attempts", config.webhooks().maxAttempts());
        positive(broken, "gateway.routing.failure-threshold", config.routing().failureThreshold());
        return broken;
    }

    /** Providers get callback URLs under this base, token included: https, a host, nothing else. */
    static Optional<String> publicBaseUrlProblem(String url, boolean devOrTest) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("is not a URL");
        }
        boolean https = "https".equals(uri.getScheme());
        if (!https && !(devOrTest && "http".equals(uri.getScheme()))) {
            return Optional.of("must be an https URL" + (devOrTest ? " (or http in dev and test)" : ""));
        }
        if (uri.getHost() == null || uri.getUserInfo() != null || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            return Optional.of("must be scheme, host, optional port and path only (no credentials, query"
                    + " or fragment)");
        }
        return Optional.empty();
    }

    private static void longer(List<String> broken, String key, Duration value, String other, Duration otherValue) {
        if (value.compareTo(otherValue) <= 0) {
            broken.add(key + " (" + value + ") must be longer than " + other + " (" + otherValue + ")");
        }
    }

    private static void notLonger(List<String> broken, String key, Duration value, String other, Duration otherValue) {
        if (value.compareTo(otherValue) > 0) {
            broken.add(key + " (" + value + ") must not be longer than " + other + " (" + otherValue + ")");
        }
    }

    private static void positive(List<String> broken, String key, int value) {
        if (value < 1) {
            broken.add(key + " (" + value + ") must be at least 1");
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
