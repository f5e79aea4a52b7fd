package dev.bananagateway.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.bananagateway.config.GatewayConfig;
import dev.bananagateway.config.TestConfigs;
import dev.bananagateway.model.GenerationRequest;
import dev.bananagateway.provider.ModelOffer;
import dev.bananagateway.provider.Price;
import dev.bananagateway.provider.Provider;
import dev.bananagateway.provider.ProviderId;
import dev.bananagateway.provider.ProviderStatus;
import dev.bananagateway.provider.Providers;
import dev.bananagateway.provider.Submission;
import dev.bananagateway.provider.Unsupported;
import dev.bananagateway.task.DynamoTaskStore;
import dev.bananagateway.testing.LocalDynamo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The router without Quarkus: order by price or priority, pinning, refusals with reasons, health. */
class RouterTest {

    private static DynamoDbClient dynamo;
    private static String table;

    private final Clock clock = Clock.fixed(Instant.parse("2030-01-01T08:00:00Z"), ZoneOffset.UTC);
    private final GenerationRequest request = GenerationRequest.image("nano-banana-pro", "a banana", List.of());

    @BeforeAll
    static void startDynamo() {
        dynamo = LocalDynamo.client();
        table = LocalDynamo.newTable(dynamo);
    }

    @AfterAll
    static void closeDynamo() {
        dynamo.close();
    }

    private final PricedProvider cheap = new PricedProvider("cheap", Price.documented(0.02, null));
    private final PricedProvider middle = new PricedProvider("middle", Price.documented(0.05, null));
    private final PricedProvider dear = new PricedProvider("dear", Price.documented(0.09, null));

    private Router router(Map<String, String> config, PricedProvider... providers) {
        return router(table, config, providers);
    }

    private Router router(String table, Map<String, String> config, PricedProvider... providers) {
        GatewayConfig gateway = TestConfigs.gateway(config);
        DynamoTaskStore store = new DynamoTaskStore(dynamo, table, 4, LocalDynamo.json(), clock);
        return new Router(new Providers(List.of(providers)), new ProviderHealth(store, clock, gateway), gateway);
    }

    private static List<String> order(Routing routing) {
        return assertInstanceOf(Routing.Routed.class, routing).providers().stream().map(p -> p.id().key()).toList();
    }

    @Test
    void capableProvidersAreTriedCheapestFirst() {
        assertEquals(List.of("cheap", "middle", "dear"), order(router(Map.of(), dear, cheap, middle).route(request)));
    }

    @Test
    void aPriceRestingOnAnAssumptionRanksAfterDocumentedAndConfiguredPricesHoweverLow() {
        PricedProvider assumed = new PricedProvider("assumed", new Price(0.001, null, Price.Basis.ASSUMED));
        PricedProvider dearerAssumed = new PricedProvider("dearerassumed", new Price(0.5, null, Price.Basis.ASSUMED));
        PricedProvider configured = new PricedProvider("configured", new Price(0.07, null, Price.Basis.CONFIGURED));
        assertEquals(List.of("cheap", "configured", "dear", "assumed", "dearerassumed"),
                order(router(Map.of(), dearerAssumed, dear, assumed, configured, cheap).route(request)),
                "documented and configured prices by price, then assumed ones by price");
        assertEquals(List.of("assumed", "dear", "cheap"),
                order(router(Map.of("gateway.routing.priority", "assumed,dear"), cheap, dear, assumed).route(request)),
                "a configured priority still puts it anywhere");
    }

    @Test
    void aConfiguredPriorityWinsOverPriceAndUnlistedProvidersGoLast() {
        Router router = router(Map.of("gateway.routing.priority", "dear,middle"), cheap, middle, dear);
        assertEquals(List.of("dear", "middle", "cheap"), order(router.route(request)));
    }

    @Test
    void providersThatCannotServeOrAreDisabledAreLeftOutWithTheirReasons() {
        middle.refuses(new Unsupported("aspect_ratio", "accepts 1:1 only"));
        dear.disabled = true;
        assertEquals(List.of("cheap"), order(router(Map.of(), cheap, middle, dear).route(request)));

        cheap.refuses(new Unsupported("model", "does not offer nano-banana-pro"));
        Routing none = router(Map.of(), cheap, middle, dear).route(request);
        assertEquals(List.of(new Routing.ProviderRefusal(ProviderId.of("cheap"), new Unsupported("model",
                        "does not offer nano-banana-pro")),
                new Routing.ProviderRefusal(ProviderId.of("middle"), new Unsupported("aspect_ratio", "accepts 1:1 only"))),
                assertInstanceOf(Routing.NoProviderCanServe.class, none).refusals());
    }

    @Test
    void aPinnedProviderIsUsedAloneOrTheRequestIsRefusedSayingWhy() {
        Router router = router(Map.of(), cheap, middle, dear);
        assertEquals(List.of("dear"), order(router.route(request.withProvider("dear"))));
        assertEquals(new Routing.UnknownProvider("nobody"), router.route(request.withProvider("nobody")));
        dear.disabled = true;
        assertEquals(new Routing.ProviderNotConfigured(ProviderId.of("dear")), router.route(request.withProvider("dear")));
        middle.refuses(new Unsupported("num_outputs", "at most 1"));
        assertEquals(new Routing.PinnedProviderCannotServe(ProviderId.of("middle"), new Unsupported("num_outputs",
                "at most 1")), router.route(request.withProvider("middle")));
    }

    @Test
    void aProviderFailingCreatesInARowIsTriedLastUntilItsCooldownEnds() {
        String own = LocalDynamo.newTable(dynamo);
        ProviderHealth health = new ProviderHealth(new DynamoTaskStore(dynamo, own, 4, LocalDynamo.json(), clock), clock,
                TestConfigs.gateway(Map.of()));
        health.recordFailure(ProviderId.of("cheap"));
        Map<String, String> threshold = Map.of("gateway.routing.failure-threshold", "2");
        assertEquals(List.of("cheap", "middle", "dear"), order(router(own, threshold, cheap, middle, dear).route(request)),
                "one failure is under the threshold");
        health.recordFailure(ProviderId.of("cheap"));
        assertEquals(List.of("middle", "dear", "cheap"), order(router(own, threshold, cheap, middle, dear).route(request)));
        GatewayConfig config = TestConfigs.gateway(threshold);
        Clock afterCooldown = Clock.offset(clock, config.routing().cooldown().plusSeconds(1));
        Router later = new Router(new Providers(List.of(cheap, middle, dear)), new ProviderHealth(
                new DynamoTaskStore(dynamo, own, 4, LocalDynamo.json(), afterCooldown), afterCooldown, config), config);
        assertEquals(List.of("cheap", "middle", "dear"), order(later.route(request)), "the cooldown is over");
    }

    /** A provider that serves everything at a fixed price unless told otherwise; it is never called. */
    private static final class PricedProvider implements Provider, Providers.Configurable {

        private final ProviderId id;
        private final Price price;
        private Unsupported refusal;
        boolean disabled;

        PricedProvider(String key, Price price) {
            this.id = ProviderId.of(key);
            this.price = price;
        }

        void refuses(Unsupported why) {
            refusal = why;
        }

        @Override
        public boolean enabled() {
            return !disabled;
        }

        @Override
        public ProviderId id() {
            return id;
        }

        @Override
        public List<ModelOffer> offers() {
            return List.of();
        }

        @Override
        public boolean supportsCallbacks() {
            return false;
        }

        @Override
        public Optional<Unsupported> check(GenerationRequest request) {
            return Optional.ofNullable(refusal);
        }

        @Override
        public Price price(GenerationRequest request) {
            return price;
        }

        @Override
        public Submission submit(GenerationRequest request, String callbackUrl) {
            throw new AssertionError("routing never submits");
        }

        @Override
        public ProviderStatus poll(String providerTaskId, GenerationRequest request) {
            throw new AssertionError("routing never polls");
        }

        @Override
        public ProviderStatus parseCallback(String body, Map<String, String> headers) {
            throw new AssertionError("routing reads no callback");
        }

        @Override
        public Duration longestCall() {
            return Duration.ofSeconds(1);
        }
    }
}
