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
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Part 7: media custody. (a) Copying a 200 MB video from the simulator into the bucket (the S3
 * server in a child JVM under the bench profile, so its memory is not the gateway's) against a bare
 * download of the same file from the simulator, alternating, median of {@value #COPY_RUNS} each
 * after a warm-up pair; and this JVM's resident memory growth while each copy runs, the warm-up's
 * included, sampled every 10 ms (proof that it streams: a file held whole would add its 200 MB).
 * (b) Time from a provider's success callback (a 2 MB image) to the task's SUCCEEDED view.
 */
@QuarkusTest
@TestProfile(BenchProfile.class)
@QuarkusTestResource(LocalStackTestResource.class)
@Tag("bench")
@Order(7)
class MediaCopyBenchmarkTest {

    static final String PART = "media-copy";
    static final long VIDEO_BYTES = 200L * 1024 * 1024;
    static final long IMAGE_BYTES = 2L * 1024 * 1024;
    private static final int COPY_RUNS = 3;
    /** A provider's file host across the internet: 40 MB/s, 320 Mbit/s. */
    private static final int PACED_MB_PER_S = 40;
    private static final int CALLBACKS = Integer.getInteger("bench.media.callbacks", 40);

    @ConfigProperty(name = "gateway.simulator.url")
    String simulatorUrl;
    @Inject
    MediaBucket bucket;
    @Inject
    PinnedHttp http;
    @Inject
    CallbackTokens tokens;
    @Inject
    S3Client s3;

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

        // the first run of each warms the code paths up; its memory counts, its time does not
        long[] bare = new long[COPY_RUNS];
        long[] copy = new long[COPY_RUNS];
        long[] bareCpu = new long[COPY_RUNS];
        long[] copyCpu = new long[COPY_RUNS];
        long[] upload = new long[COPY_RUNS];
        long[] hash = new long[COPY_RUNS];
        long bareGrowthKb = 0;
        long copyGrowthKb = 0;
        for (int run = -1; run < COPY_RUNS; run++) {
            Measured download = measure(() -> bareDownload(url));
            String key = "bench/run-" + run;
            Measured copied = measure(() -> {
                StoredFile stored = bucket.copy(url, key, Instant.now().plusSeconds(300));
                if (stored.sizeBytes() != VIDEO_BYTES) {
                    throw new IllegalStateException("stored " + stored.sizeBytes() + " bytes");
                }
            });
            bareGrowthKb = Math.max(bareGrowthKb, download.rssGrowthKb());
            copyGrowthKb = Math.max(copyGrowthKb, copied.rssGrowthKb());
            // the copy's two other stages alone, for where its time goes
            Measured uploaded = measure(() -> uploadAlone(key + "-upload-alone"));
            Measured hashed = measure(MediaCopyBenchmarkTest::hashAlone);
            if (run >= 0) {
                upload[run] = uploaded.nanos();
                hash[run] = hashed.nanos();
                bare[run] = download.nanos();
                copy[run] = copied.nanos();
                bareCpu[run] = download.cpuNanos();
                copyCpu[run] = copied.cpuNanos();
            }
        }
        figures.put("video-bytes", VIDEO_BYTES);
        figures.put("copy-runs", COPY_RUNS);
        figures.put("bare-ms.median", median(bare) / 1_000_000);
        figures.put("copy-ms.median", median(copy) / 1_000_000);
        figures.put("upload-alone-ms.median", median(upload) / 1_000_000);
        figures.put("sha256-alone-ms.median", median(hash) / 1_000_000);
        figures.put("bare-cpu-ms.median", median(bareCpu) / 1_000_000);
        figures.put("copy-cpu-ms.median", median(copyCpu) / 1_000_000);
        figures.put("rss-growth-kb.max", copyGrowthKb);
        figures.put("bare-rss-growth-kb.max", bareGrowthKb);
        figures.put("part-bytes", 8 * 1024 * 1024);
        figures.put("s3-server", Boolean.getBoolean("local.s3proxy.fork") ? "child-jvm" : "in-process");
        pacedFigures(sim, figures);
        figures.put("max-heap-mb", Runtime.getRuntime().maxMemory() / 1024 / 1024);
    }

    /**
     * The same comparison with the file sent at {@value #PACED_MB_PER_S} MB/s ({@code [sim:file-rate]}),
     * as a provider's file host serves it across the internet: the loopback's download outruns the
     * local S3 server several times over, a provider's does not.
     */
    private void pacedFigures(SimulatorControl sim, Map<String, Object> figures) throws Exception {
        String prompt = "[sim:no-callback] [sim:file-bytes=" + VIDEO_BYTES + "] [sim:file-rate=" + PACED_MB_PER_S
                + "] bench paced video " + UUID.randomUUID();
        api().contentType("application/json").body("{\"prompt\":\"" + prompt + "\",\"model\":\"veo-3.1-fast\","
                + "\"video\":{\"duration_seconds\":4}}").post("/v1/tasks").then().statusCode(202);
        String url = awaitResultUrl(sim, "imgeditor", prompt);
        long[] bare = new long[COPY_RUNS];
        long[] copy = new long[COPY_RUNS];
        long growthKb = 0;
        for (int run = 0; run < COPY_RUNS; run++) {
            bare[run] = measure(() -> bareDownload(url)).nanos();
            String key = "bench/paced-" + run;
            Measured copied = measure(() -> bucket.copy(url, key, Instant.now().plusSeconds(300)));
            copy[run] = copied.nanos();
            growthKb = Math.max(growthKb, copied.rssGrowthKb());
        }
        figures.put("paced.mb-per-s", PACED_MB_PER_S);
        figures.put("paced.bare-ms.median", median(bare) / 1_000_000);
        figures.put("paced.copy-ms.median", median(copy) / 1_000_000);
        figures.put("paced.rss-growth-kb.max", growthKb);
    }

    /** The same number of bytes uploaded as the copy uploads them (8 MiB parts, one in flight), from memory. */
    private void uploadAlone(String key) {
        byte[] part = new byte[8 * 1024 * 1024];
        new Random(7).nextBytes(part);
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket.bucket()).key(key)).uploadId();
        List<CompletedPart> parts = new ArrayList<>();
        for (long sent = 0; sent < VIDEO_BYTES; sent += part.length) {
            int number = parts.size() + 1;
            int length = (int) Math.min(part.length, VIDEO_BYTES - sent);
            String etag = s3.uploadPart(b -> b.bucket(bucket.bucket()).key(key).uploadId(uploadId).partNumber(number)
                    .contentLength((long) length), RequestBody.fromContentProvider(
                            () -> new ByteArrayInputStream(part, 0, length), length, "application/octet-stream")).eTag();
            parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
        }
        s3.completeMultipartUpload(b -> b.bucket(bucket.bucket()).key(key).uploadId(uploadId)
                .multipartUpload(m -> m.parts(parts)));
    }

    /** SHA-256 over as many bytes as the copy hashes, from memory. */
    private static void hashAlone() throws Exception {
        byte[] block = new byte[8 * 1024 * 1024];
        new Random(7).nextBytes(block);
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        for (long hashed = 0; hashed < VIDEO_BYTES; hashed += block.length) {
            sha256.update(block, 0, (int) Math.min(block.length, VIDEO_BYTES - hashed));
        }
        sha256.digest();
    }

    /** Wall time, this JVM's CPU time and its peak resident memory growth (VmRSS every 10 ms) while {@code work} runs. */
    private static Measured measure(Work work) throws Exception {
        System.gc();
        long before = rssKb();
        AtomicLong peak = new AtomicLong(before);
        AtomicBoolean running = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (running.get()) {
                peak.accumulateAndGet(rssKb(), Math::max);
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.start();
        long cpu = ProcessCpu.nanos();
        long started = System.nanoTime();
        try {
            work.run();
        } finally {
            running.set(false);
            sampler.join();
        }
        long nanos = System.nanoTime() - started;
        peak.accumulateAndGet(rssKb(), Math::max);
        return new Measured(nanos, ProcessCpu.nanos() - cpu, peak.get() - before);
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private interface Work {
        void run() throws Exception;
    }

    private record Measured(long nanos, long cpuNanos, long rssGrowthKb) {
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
