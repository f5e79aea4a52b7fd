package dev.bananagateway.bench;

import static dev.bananagateway.testing.Api.api;
import static dev.bananagateway.testing.Api.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bananagateway.lifecycle.CallbackTokens;
import dev.bananagateway.media.MediaBucket;
import dev.bananagateway.media.PinnedHttp;
import dev.bananagateway.media.StoredFile;
import dev.bananagateway.provider.ProviderId;
import dev.bananagateway.testing.LocalStackTestResource;
import dev.bananagateway.testing.SimulatorControl;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Part 5: media custody. (a) Copying a 200 MB video from the simulator into the bucket (embedded
 * S3 server) against a bare download of the same file from the simulator, alternating, median of
 * {@value #COPY_RUNS} each; and the process's resident memory growth while a copy runs, sampled
 * every 10 ms (proof that it streams: a file held whole would add its 200 MB). (b) Time from a
 * provider's success callback (a 2 MB image) to the task's SUCCEEDED view.
 */
@QuarkusTest
@TestProfile(BenchProfile.class)
@QuarkusTestResource(LocalStackTestResource.class)
@Tag("bench")
@Order(5)
class MediaCopyBenchmarkTest {

    static final String PART = "media-copy";
    static final long VIDEO_BYTES = 200L * 1024 * 1024;
    static final long IMAGE_BYTES = 2L * 1024 * 1024;
    private static final int COPY_RUNS = 3;
    private static final int CALLBACKS = Integer.getInteger("bench.media.callbacks", 40);

    @ConfigProperty(name = "gateway.simulator.url")
    String simulatorUrl;
    @Inject
    MediaBucket bucket;
    @Inject
    PinnedHttp http;
    @Inject
    CallbackTokens tokens;

    @Test
    void copyAgainstBareDownloadAndSuccessToSucceeded() throws Exception {
        SimulatorControl sim = new SimulatorControl(simulatorUrl);
        sim.reset();
        Map<String, Object> figures = new LinkedHashMap<>();
        copyFigures(sim, figures);
        successToSucceeded(sim, figures);
        BenchResults.write(PART, figures);
    }

    private void copyFigures(SimulatorControl sim, Map<String, Object> figures) throws Exception {
        String prompt = "[sim:no-callback] [sim:file-bytes=" + VIDEO_BYTES + "] bench video " + UUID.randomUUID();
        api().contentType("application/json").body("{\"prompt\":\"" + prompt + "\",\"model\":\"veo-3.1-fast\","
                + "\"video\":{\"duration_seconds\":4}}").post("/v1/tasks").then().statusCode(202);
        String url = awaitResultUrl(sim, "imgeditor", prompt);

        bareDownload(url); // warm-up of both paths
        bucket.copy(url, "bench/warmup", Instant.now().plusSeconds(120));
        long[] bare = new long[COPY_RUNS];
        long[] copy = new long[COPY_RUNS];
        long peakGrowthKb = 0;
        for (int run = 0; run < COPY_RUNS; run++) {
            long started = System.nanoTime();
            bareDownload(url);
            bare[run] = System.nanoTime() - started;

            System.gc();
            long before = rssKb();
            AtomicLong peak = new AtomicLong(before);
            AtomicBoolean copying = new AtomicBoolean(true);
            Thread sampler = new Thread(() -> {
                while (copying.get()) {
                    peak.accumulateAndGet(rssKb(), Math::max);
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            sampler.start();
            started = System.nanoTime();
            StoredFile stored = bucket.copy(url, "bench/run-" + run, Instant.now().plusSeconds(300));
            copy[run] = System.nanoTime() - started;
            copying.set(false);
            sampler.join();
            if (stored.sizeBytes() != VIDEO_BYTES) {
                throw new IllegalStateException("stored " + stored.sizeBytes() + " bytes");
            }
            peakGrowthKb = Math.max(peakGrowthKb, peak.get() - before);
        }
        Arrays.sort(bare);
        Arrays.sort(copy);
        figures.put("video-bytes", VIDEO_BYTES);
        figures.put("copy-runs", COPY_RUNS);
        figures.put("bare-ms.median", bare[COPY_RUNS / 2] / 1_000_000);
        figures.put("copy-ms.median", copy[COPY_RUNS / 2] / 1_000_000);
        figures.put("rss-growth-kb.max", peakGrowthKb);
        figures.put("part-bytes", 8 * 1024 * 1024);
    }

    private void bareDownload(String url) throws Exception {
        try (PinnedHttp.Download download = http.get(url, Duration.ofSeconds(30))) {
            InputStream in = download.body();
            byte[] buffer = new byte[256 * 1024];
            while (in.read(buffer) >= 0) {
                // discard: a download and nothing else
            }
        }
    }

    private void successToSucceeded(SimulatorControl sim, Map<String, Object> figures) throws Exception {
        LatencySamples samples = new LatencySamples(CALLBACKS);
        for (int i = 0; i < CALLBACKS; i++) {
            String prompt = "[sim:no-callback] [sim:file-bytes=" + IMAGE_BYTES + "] bench image " + UUID.randomUUID();
            String id = api().contentType("application/json").body("{\"prompt\":\"" + prompt
                    + "\",\"model\":\"nano-banana-pro\",\"provider\":\"revid\"}").post("/v1/tasks").then()
                    .statusCode(202).extract().path("id");
            String revidTaskId = api().get("/v1/tasks/" + id).then().extract().path("attempts[0].provider_task_id");
            String url = awaitResultUrl(sim, "revid", prompt);
            long started = System.nanoTime();
            json("{\"code\":200,\"msg\":\"success\",\"data\":{\"taskId\":\"" + revidTaskId + "\",\"state\":\"success\","
                    + "\"resultJson\":\"{\\\"resultUrls\\\":[\\\"" + url + "\\\"]}\"}}")
                    .post("/v1/callbacks/revid/" + id + "?token=" + tokens.tokenFor(ProviderId.of("revid"), id))
                    .then().statusCode(200);
            while (!"SUCCEEDED".equals(api().get("/v1/tasks/" + id).then().extract().path("status"))) {
                if (System.nanoTime() - started > Duration.ofSeconds(60).toNanos()) {
                    throw new IllegalStateException("task " + id + " did not succeed");
                }
                Thread.sleep(5);
            }
            samples.add(System.nanoTime() - started);
        }
        figures.put("image-bytes", IMAGE_BYTES);
        figures.put("callbacks", CALLBACKS);
        figures.put("success-ms.p50", samples.percentileMillis(50));
        figures.put("success-ms.p99", samples.percentileMillis(99));
    }

    private static String awaitResultUrl(SimulatorControl sim, String provider, String prompt)
            throws InterruptedException {
        Instant until = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(until)) {
            List<JsonNode> tasks = sim.tasksWithPrompt(provider, prompt);
            if (!tasks.isEmpty() && tasks.get(0).path("resultUrls").size() > 0) {
                return tasks.get(0).path("resultUrls").get(0).asText();
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the simulator did not finish " + prompt);
    }

    private static long rssKb() {
        return ProcStatus.memoryKb(ProcessHandle.current().pid()).getOrDefault("VmRSS", 0L);
    }

}
