package dev.bananagateway.bench;

import dev.bananagateway.lifecycle.SweeperService;
import dev.bananagateway.task.TaskStore;
import dev.bananagateway.testing.LocalStackTestResource;
import dev.bananagateway.testing.SimulatorControl;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Part 1: submit latency, the gateway ({@code POST /v1/tasks} through the API Gateway bridge,
 * pinned to nbpcloud) against the same provider create sent bare to the same simulator. Calls
 * alternate one to one (and which goes first alternates too), so both see the same noise. Two
 * settings: the simulator answering at once (what the gateway itself costs), then with a realistic
 * create latency injected at the simulator (where the 1.2x target is judged).
 */
@QuarkusTest
@TestProfile(BenchProfile.class)
@QuarkusTestResource(LocalStackTestResource.class)
@Tag("bench")
@Order(1)
class SubmitLatencyBenchmarkTest {

    static final String PART = "submit-latency";
    private static final int WARMUP = Integer.getInteger("bench.latency.warmup", 200);
    private static final int INSTANT_PAIRS = Integer.getInteger("bench.latency.instant-pairs", 500);
    private static final int REALISTIC_WARMUP = 10;
    private static final int REALISTIC_PAIRS = Integer.getInteger("bench.latency.realistic-pairs", 150);
    private static final int PROVIDER_CREATE_MS = 300;

    @ConfigProperty(name = "gateway.simulator.url")
    String simulatorUrl;
    @Inject
    SweeperService sweeper;
    @Inject
    TaskStore store;

    private record Series(LatencySamples gateway, LatencySamples bare) {
    }

    /** One kind of call and the status that means it succeeded. */
    private record Call(Supplier<HttpResponse<String>> send, int expectedStatus) {

        long timed() {
            long started = System.nanoTime();
            HttpResponse<String> response = send.get();
            long elapsed = System.nanoTime() - started;
            BenchHttp.expect(response, expectedStatus);
            return elapsed;
        }
    }

    @Test
    void gatewaySubmitAgainstTheBareProviderCreate() throws InterruptedException {
        SimulatorControl sim = new SimulatorControl(simulatorUrl);
        sim.reset();
        SweeperIndex.assertEmpty(store);
        // one poll finishes a task, so the clean-up sweep at the end ends every task created here
        sim.settings("{\"provider\":\"nbpcloud\",\"pollsToFinish\":1}");
        BenchHttp http = new BenchHttp();
        GatewayApi gateway = new GatewayApi(http);
        BareNbpcloudCreate bare = new BareNbpcloudCreate(http, simulatorUrl);
        String prompt = "a banana astronaut, studio light";
        String gatewayBody = BareNbpcloudCreate.GATEWAY_BODY_TEMPLATE.formatted(prompt);
        Call gatewayCall = new Call(() -> gateway.send(gatewayBody), 202);
        Call bareCall = new Call(() -> bare.send(prompt), 200);

        alternate(WARMUP, gatewayCall, bareCall);
        Series instant = alternate(INSTANT_PAIRS, gatewayCall, bareCall);

        sim.fault("{\"provider\":\"nbpcloud\",\"operation\":\"create\",\"fault\":\"latency\",\"latencyMs\":"
                + PROVIDER_CREATE_MS + "}");
        alternate(REALISTIC_WARMUP, gatewayCall, bareCall);
        Series realistic = alternate(REALISTIC_PAIRS, gatewayCall, bareCall);
        sim.clearFaults();

        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("warmup.pairs", WARMUP);
        figures.put("provider-create-ms", PROVIDER_CREATE_MS);
        put(figures, "instant", instant);
        put(figures, "realistic", realistic);
        BenchResults.write(PART, figures);

        SweeperIndex.drain(sweeper, store, Duration.ofMinutes(2));
    }

    /** {@code pairs} gateway and bare calls, one after the other, the first of each pair alternating. */
    private static Series alternate(int pairs, Call gatewayCall, Call bareCall) {
        Series series = new Series(new LatencySamples(pairs), new LatencySamples(pairs));
        for (int i = 0; i < pairs; i++) {
            if (i % 2 == 0) {
                series.gateway().add(gatewayCall.timed());
                series.bare().add(bareCall.timed());
            } else {
                series.bare().add(bareCall.timed());
                series.gateway().add(gatewayCall.timed());
            }
        }
        return series;
    }

    private static void put(Map<String, Object> figures, String setting, Series s) {
        figures.put(setting + ".pairs", s.gateway().size());
        figures.put(setting + ".gateway.p50", s.gateway().percentileMillis(50));
        figures.put(setting + ".gateway.p99", s.gateway().percentileMillis(99));
        figures.put(setting + ".gateway.mean", s.gateway().meanMillis());
        figures.put(setting + ".bare.p50", s.bare().percentileMillis(50));
        figures.put(setting + ".bare.p99", s.bare().percentileMillis(99));
        figures.put(setting + ".bare.mean", s.bare().meanMillis());
    }
}
