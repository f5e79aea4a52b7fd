package dev.bananagateway.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bananagateway.config.GatewayConfig;
import dev.bananagateway.config.TestConfigs;
import dev.bananagateway.model.Cost;
import dev.bananagateway.model.GenerationRequest;
import dev.bananagateway.provider.crun.CrunProvider;
import dev.bananagateway.provider.imgeditor.ImgeditorProvider;
import dev.bananagateway.provider.nbpcloud.NbpcloudProvider;
import dev.bananagateway.provider.pixazo.PixazoProvider;
import dev.bananagateway.provider.revid.RevidProvider;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Prices no document gives come from configuration ({@code gateway.providers.<id>.usd-per-credit},
 * {@code price-usd.<model>}, {@code video-credits-per-second.<model>}), each defaulting to the adapter's stated
 * assumption; what a price rests on decides the cost's source and its rank in routing.
 */
class PriceSettingsTest {

    private static final GenerationRequest NANO_BANANA = TestRequests.image(ModelFamilies.NANO_BANANA).build();
    private static final GenerationRequest PRO = TestRequests.image(ModelFamilies.NANO_BANANA_PRO).build();

    @Test
    void unsetPricesAreTheAdaptersAssumptions() {
        GatewayConfig deployed = TestConfigs.gateway(Map.of());
        assertEquals(new Price(0.02, null, Price.Basis.ASSUMED), new CrunProvider(deployed).price(NANO_BANANA));
        assertEquals(new Price(0.10, 20.0, Price.Basis.ASSUMED), new NbpcloudProvider(deployed).price(PRO));
        assertEquals(new Price(0.06, 6.0, Price.Basis.ASSUMED), new ImgeditorProvider(deployed).price(PRO));
        assertEquals(Price.documented(0.09, 25.0), new RevidProvider(deployed).price(PRO));
        assertEquals(Price.documented(0.045, null), new PixazoProvider(deployed).price(
                TestRequests.image(ModelFamilies.NANO_BANANA_PRO).refs("https://x/1.png").build()));
    }

    @Test
    void configuredPricesReplaceTheAssumptions() {
        GatewayConfig config = TestConfigs.gateway(Map.of(
                "gateway.providers.crun.price-usd.\"google/nano-banana\"", "0.03",
                "gateway.providers.crun.usd-per-credit", "0.004",
                "gateway.providers.nbpcloud.usd-per-credit", "0.01"));
        CrunProvider crun = new CrunProvider(config);
        assertEquals(new Price(0.03, null, Price.Basis.CONFIGURED), crun.price(NANO_BANANA));
        assertEquals(new Price(0.01, null, Price.Basis.ASSUMED), crun.price(TestRequests.image(ModelFamilies.NANO_BANANA)
                .tier(ModelFamilies.TIER_COST_OPTIMIZED).build()), "the v2 channel's price is still the default");
        assertEquals(new Price(0.2, 20.0, Price.Basis.CONFIGURED), new NbpcloudProvider(config).price(PRO));
        assertEquals(Cost.configured(0.2, 20.0), new NbpcloudProvider(config).price(PRO).estimate());
    }

    @Test
    void aPriceSettingNoAdapterReadsOrANegativePriceStopsTheStart() {
        IllegalStateException revid = assertThrows(IllegalStateException.class, () -> new RevidProvider(
                TestConfigs.gateway(Map.of("gateway.providers.revid.usd-per-credit", "0.01"))));
        assertTrue(revid.getMessage().contains("gateway.providers.revid.usd-per-credit"), revid.getMessage());
        IllegalStateException crun = assertThrows(IllegalStateException.class, () -> new CrunProvider(
                TestConfigs.gateway(Map.of("gateway.providers.crun.price-usd.\"google/nano-banana-2\"", "0.01",
                        "gateway.providers.crun.usd-per-credit", "-1"))));
        assertTrue(crun.getMessage().contains("price-usd.google/nano-banana-2"), crun.getMessage());
        assertTrue(crun.getMessage().contains("usd-per-credit must be a finite number >= 0"), crun.getMessage());
        IllegalStateException imgeditor = assertThrows(IllegalStateException.class, () -> new ImgeditorProvider(
                TestConfigs.gateway(Map.of("gateway.providers.imgeditor.video-credits-per-second.veo-3.1-fast", "3"))));
        assertTrue(imgeditor.getMessage().contains("video-credits-per-second.veo-3.1-fast"), imgeditor.getMessage());
    }

    @Test
    void creditsBecomeUsdInDecimalArithmetic() {
        CreditRate cent = new CreditRate(0.01, Price.Basis.CONFIGURED);
        assertEquals(Cost.providerReported(0.03, 3), cent.charged(3));
        assertEquals(new Price(0.07, 7.0, Price.Basis.CONFIGURED), cent.price(7, Price.Basis.DOCUMENTED));
        assertEquals(Price.Basis.ASSUMED, cent.price(7, Price.Basis.ASSUMED).basis(),
                "a price is as firm as its least firm number");
    }
}
