package dev.bananagateway.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bananagateway.faults.FaultSuiteTest;
import dev.bananagateway.functions.EndToEndTest;
import dev.bananagateway.local.simulator.ProviderCatalog;
import dev.bananagateway.model.GenerationRequest;
import dev.bananagateway.testing.LocalStackTestResource;
import dev.bananagateway.testing.RegisteredProviders;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A provider is registered by its package (adapter bean, simulation) and its configuration block,
 * and nothing else: the registry, the simulator and the suites agree, and a provider that appears
 * in the registry only is still exercised by the end-to-end and fault suites.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class ProviderRegistrationTest {

    @Inject
    Providers providers;

    @Test
    void theAdaptersTheConfigurationBlocksAndTheSimulationsAreTheSameProviders() throws Exception {
        List<String> blocks = ProviderCatalog.ids().stream().map(ProviderId::key).toList();
        assertEquals(blocks, providers.keys(), "an adapter bean per configuration block");
        for (ProviderId id : ProviderCatalog.ids()) {
            Class<?> simulation = Class.forName(ProviderCatalog.simulationClass(id));
            assertEquals(providers.find(id).orElseThrow().getClass().getPackageName(), simulation.getPackageName(),
                    id + "'s simulation lives in its package");
        }
    }

    @Test
    void everyProvidersSampleTaskMatchesItsAdapter() {
        for (RegisteredProviders.Sample sample : RegisteredProviders.samples()) {
            Provider adapter = providers.find(sample.provider()).orElseThrow();
            assertEquals(adapter.supportsCallbacks(), sample.callbacks(), sample.provider() + ": callbacks");
            GenerationRequest request = GenerationRequest.image(sample.model(), "a banana", sample.referenceImages());
            assertEquals(java.util.Optional.empty(), adapter.check(request), sample.provider() + " serves its sample");
        }
    }

    @Test
    void theSuitesExerciseEveryRegisteredProvider() {
        Set<String> registered = new TreeSet<>(providers.keys());
        assertEquals(registered, EndToEndTest.registeredProviders().stream().map(s -> s.provider().key())
                .collect(Collectors.toCollection(TreeSet::new)));
        assertEquals(registered, FaultSuiteTest.cases().stream().map(FaultSuiteTest.Case::provider)
                .filter(p -> p != null).collect(Collectors.toCollection(TreeSet::new)));
    }

    /** A provider known only to the registry (here a made-up one) gets the fault suite's full treatment. */
    @Test
    void aProviderOnlyTheRegistryKnowsIsExercisedByTheFaultSuite() {
        Map<String, RegisteredProviders.Sample> samples = new TreeMap<>();
        RegisteredProviders.samples().forEach(s -> samples.put(s.provider().key(), s));
        samples.put("acmepoll", new RegisteredProviders.Sample(ProviderId.of("acmepoll"), "nano-banana", List.of(), false));
        samples.put("acmehook", new RegisteredProviders.Sample(ProviderId.of("acmehook"), "nano-banana", List.of(), true));
        List<FaultSuiteTest.Case> cases = FaultSuiteTest.cases(samples);
        Set<String> polling = labels(cases, "acmepoll");
        Set<String> callbacks = labels(cases, "acmehook");
        assertTrue(polling.containsAll(Set.of("clean", "generation fails", "first poll [sim:poll=500]")), polling::toString);
        assertTrue(callbacks.containsAll(Set.of("clean", "generation fails", "dropped callback", "forged callbacks")),
                callbacks::toString);
    }

    private static Set<String> labels(List<FaultSuiteTest.Case> cases, String provider) {
        return cases.stream().filter(c -> provider.equals(c.provider())).map(FaultSuiteTest.Case::label)
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
