package dev.bananagateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bananagateway.local.simulator.ProviderCatalog;
import dev.bananagateway.provider.ProviderConfigCheck;
import dev.bananagateway.provider.ProviderId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rules that span keys, on the configuration as deployed and with one rule broken at a time. */
class ConfigRulesTest {

    private static final List<String> REGISTERED = ProviderCatalog.ids().stream().map(ProviderId::key).toList();

    @Test
    void theDeployedConfigurationIsConsistentAndTakesItsDefaultsFromTheMapping() {
        GatewayConfig config = TestConfigs.gateway(Map.of());
        assertEquals(List.of(), ConfigRules.violations(config));
        assertEquals(List.of(), ProviderConfigCheck.violations(config, REGISTERED));
        assertEquals(Duration.ofSeconds(24), config.submit().budget());
        assertEquals(Duration.ofMinutes(2), config.tasks().queuedGrace());
        assertEquals(Duration.ofSeconds(13), config.providerCalls().longestCall());
        assertEquals("banana-gateway-tasks", config.tableName());
        assertTrue(config.providers().get("revid").apiKey().isEmpty(), "no key unless REVID_API_KEY is set");
    }

    @Test
    void aQueuedGraceNotLongerThanTheSubmitBudgetIsRefused() {
        assertBroken(Map.of("gateway.tasks.queued-grace", "24S"),
                "gateway.tasks.queued-grace (PT24S) must be longer than gateway.submit.budget (PT24S)");
    }

    @Test
    void aSubmitBudgetShorterThanOneProviderCallIsRefused() {
        assertBroken(Map.of("gateway.submit.budget", "12S"), "gateway.submit.budget (PT12S) must be at least one"
                + " provider call, the sum of gateway.provider-calls.connect-timeout and read-timeout (PT13S)");
    }

    @Test
    void aSweeperRunBudgetThatFitsNoStepIsRefused() {
        assertBroken(Map.of("gateway.sweeper.run-budget", "10S", "gateway.webhooks.timeout", "5S"),
                "gateway.sweeper.run-budget (PT10S) must be longer than the longest provider call or webhook"
                        + " delivery (PT13S)");
    }

    @Test
    void pollBoundsAndCountsAreChecked() {
        assertBroken(Map.of("gateway.poll.first", "1M"),
                "gateway.poll.first (PT1M) must not be longer than gateway.poll.max (PT30S)");
        assertBroken(Map.of("gateway.sweeper.shards", "0"), "gateway.sweeper.shards (0) must be at least 1");
    }

    @Test
    void waitBoundsAreChecked() {
        GatewayConfig defaults = TestConfigs.gateway(Map.of());
        assertEquals(Duration.ofSeconds(20), defaults.waiting().max());
        assertEquals(Duration.ofMillis(500), defaults.waiting().firstInterval());
        assertEquals(Duration.ofSeconds(2), defaults.waiting().maxInterval());
        assertBroken(Map.of("gateway.wait.first-interval", "3S"),
                "gateway.wait.first-interval (PT3S) must not be longer than gateway.wait.max-interval (PT2S)");
        assertBroken(Map.of("gateway.wait.max", "25S"), "gateway.wait.max (PT25S) must not be longer than the"
                + " status function's timeout less a margin (PT20S)");
    }

    @Test
    void aProviderBlockOrPriorityNamingNoProviderIsRefused() {
        GatewayConfig config = TestConfigs.gateway(Map.of("gateway.providers.revidd.api-key", "k",
                "gateway.routing.priority", "crun,imgedit"));
        List<String> broken = ProviderConfigCheck.violations(config, REGISTERED);
        assertEquals(2, broken.size(), broken.toString());
        assertTrue(broken.get(0).startsWith("gateway.providers.revidd names no provider"), broken.get(0));
        assertTrue(broken.get(1).startsWith("gateway.routing.priority names imgedit"), broken.get(1));
    }

    @Test
    void anAdapterWithoutABlockIsRefused() {
        List<String> registered = new java.util.ArrayList<>(REGISTERED);
        registered.add("newprovider");
        assertEquals(List.of("provider newprovider has no configuration block gateway.providers.newprovider"),
                ProviderConfigCheck.violations(TestConfigs.gateway(Map.of()), registered));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = { "http://api.example.com", "ftp://api.example.com",
            "api.example.com", "https://user:pw@api.example.com", "https://api.example.com/?a=b",
            "https://api.example.com/#x", "https:///path", "https://exa mple.com" })
    void aPublicBaseUrlThatIsNotPlainHttpsIsRefused(String url) {
        List<String> broken = ConfigRules.violations(TestConfigs.gateway(Map.of("gateway.public-base-url", url)));
        assertEquals(1, broken.size(), broken.toString());
        assertTrue(broken.get(0).startsWith("gateway.public-base-url (PUBLIC_BASE_URL) "), broken.get(0));
    }

    @Test
    void aPublicBaseUrlMayBeHttpOnlyInDevAndTest() {
        GatewayConfig http = TestConfigs.gateway(Map.of("gateway.public-base-url", "http://localhost:8080"));
        assertEquals(List.of(), ConfigRules.violations(http, true));
        assertEquals(1, ConfigRules.violations(http, false).size());
        assertEquals(List.of(), ConfigRules.violations(
                TestConfigs.gateway(Map.of("gateway.public-base-url", "https://api.example.com/v")), false));
    }

    private static void assertBroken(Map<String, String> overrides, String rule) {
        assertEquals(List.of(rule), ConfigRules.violations(TestConfigs.gateway(overrides)));
    }
}
