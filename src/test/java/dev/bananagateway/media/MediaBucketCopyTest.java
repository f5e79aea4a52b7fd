package dev.bananagateway.media;

import static dev.bananagateway.testing.Api.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bananagateway.config.GatewayConfig;
import dev.bananagateway.config.TestConfigs;
import dev.bananagateway.testing.LocalStackTestResource;
import dev.bananagateway.testing.MediaFiles;
import dev.bananagateway.testing.SimulatorControl;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * How {@link MediaBucket#copy} moves a file of several parts: the next part downloads while the
 * last one uploads, the stored bytes are the source's, a small file takes a buffer of its size, and
 * a copy that stops half-way (out of time) lets the part in flight finish, then aborts the upload,
 * leaving no object and no open upload. The bucket is the embedded S3 server, seen through a
 * recording client; the clock is the test's.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class MediaBucketCopyTest {

    /** Four parts: the first full part, two more, and a short last one. */
    static final long FILE_BYTES = 3L * MediaBucket.PART_BYTES + 1_000_000;

    @Inject
    S3Client s3;
    @Inject
    S3Presigner presigner;
    @Inject
    PinnedHttp http;
    @Inject
    ObjectMapper json;
    @Inject
    GatewayConfig config;
    @ConfigProperty(name = "gateway.simulator.url")
    String simulatorUrl;

    @Test
    void theNextPartDownloadsWhileTheLastOneUploadsAndTheStoredBytesAreTheSources() throws Exception {
        String url = resultUrl();
        CountingClock clock = new CountingClock();
        // the copy asks the clock before every read: reading a whole part asks it at least this often
        long callsPerPart = MediaBucket.PART_BYTES / MediaBucket.READ_BYTES;
        AtomicLong callsAtCreate = new AtomicLong();
        RecordingS3 recording = new RecordingS3(s3) {
            @Override
            public CreateMultipartUploadResponse createMultipartUpload(CreateMultipartUploadRequest request) {
                callsAtCreate.set(clock.calls.get()); // part 1 is read by now
                return super.createMultipartUpload(request);
            }

            @Override
            void beforePart(int number) throws InterruptedException {
                if (number == 1) {
                    // part 1 stays in flight until part 2 has been read, which a copy that waits for
                    // each upload before reading on would never do
                    long partTwoRead = callsAtCreate.get() + callsPerPart;
                    long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    while (clock.calls.get() < partTwoRead && System.nanoTime() < until) {
                        Thread.sleep(1);
                    }
                    readWhileInFlight = clock.calls.get() >= partTwoRead;
                }
            }
        };
        MediaBucket bucket = new MediaBucket(recording, presigner, http, json, clock, config);
        try {
            StoredFile stored = bucket.copy(url, "tests/overlap-" + UUID.randomUUID(), clock.instant().plusSeconds(300));

            assertTrue(recording.readWhileInFlight, "the download went on while part 1 uploaded");
            assertEquals(FILE_BYTES, stored.sizeBytes());
            assertEquals(List.of("create", "part 1", "part 1 done", "part 2", "part 2 done", "part 3", "part 3 done",
                    "part 4", "part 4 done", "complete"), recording.calls.stream().filter(c -> !c.startsWith("put")).toList());
            MediaFiles.Fetched source = MediaFiles.fetch(url);
            assertEquals(source.sha256(), stored.sha256());
            assertEquals(source.sha256(), MediaFiles.fetch(bucket.signedGet(stored.key(), Duration.ofMinutes(5)).url())
                    .sha256());
        } finally {
            bucket.close();
        }
    }

    @Test
    void aCopyOutOfTimeHalfWayLetsThePartInFlightFinishThenAbortsLeavingNothing() throws Exception {
        String url = resultUrl();
        CountingClock clock = new CountingClock();
        Instant until = clock.instant().plusSeconds(300);
        RecordingS3 recording = new RecordingS3(s3) {
            @Override
            void beforePart(int number) {
                if (number == 2) {
                    clock.jumpTo(until.plusSeconds(1)); // the deadline passes while part 2 uploads
                }
            }
        };
        MediaBucket bucket = new MediaBucket(recording, presigner, http, json, clock, config);
        String keyBase = "tests/cut-short-" + UUID.randomUUID();
        try {
            assertThrows(OutOfTimeException.class, () -> bucket.copy(url, keyBase, until));
        } finally {
            bucket.close();
        }

        List<String> calls = recording.calls;
        assertEquals("abort", calls.get(calls.size() - 1), calls.toString());
        assertTrue(calls.contains("part 2 done"), "the part in flight finished before the abort: " + calls);
        assertTrue(!calls.contains("complete"), calls.toString());
        assertTrue(s3.listObjectsV2(b -> b.bucket(bucket.bucket()).prefix(keyBase)).contents().isEmpty(),
                "no object stored");
        assertTrue(s3.listMultipartUploads(b -> b.bucket(bucket.bucket()).prefix(keyBase)).uploads().isEmpty(),
                "no upload left open");
    }

    @Test
    void copiesTogetherHoldNoMoreBufferThanTheInstancesRoomAndAWaitEndsAtTheDeadline() throws Exception {
        String url = resultUrl();
        CountDownLatch partOneStarted = new CountDownLatch(1);
        CountDownLatch letPartOneGo = new CountDownLatch(1);
        RecordingS3 recording = new RecordingS3(s3) {
            @Override
            void beforePart(int number) throws InterruptedException {
                if (number == 1 && partOneStarted.getCount() > 0) {
                    partOneStarted.countDown();
                    letPartOneGo.await(); // the first copy holds its two part buffers meanwhile
                }
            }
        };
        // room for exactly one large copy: its two part buffers
        GatewayConfig twoParts = TestConfigs.gateway(Map.of("gateway.media.bucket", config.media().bucket(),
                "gateway.media.copy-buffer-bytes", String.valueOf(2L * MediaBucket.PART_BYTES)));
        Clock clock = Clock.systemUTC();
        MediaBucket bucket = new MediaBucket(recording, presigner, http, json, clock, twoParts);
        ExecutorService first = Executors.newSingleThreadExecutor();
        try {
            Future<StoredFile> holding = first.submit(() -> bucket.copy(url, "tests/room-a-" + UUID.randomUUID(),
                    clock.instant().plusSeconds(300)));
            assertTrue(partOneStarted.await(60, TimeUnit.SECONDS), "the first copy reached its first part");

            String waitingKey = "tests/room-b-" + UUID.randomUUID();
            assertThrows(OutOfTimeException.class, () -> bucket.copy(url, waitingKey, clock.instant().plusSeconds(2)),
                    "no room while the first copy holds it: the second waits, then gives up at its deadline");
            assertEquals(1, recording.calls.stream().filter("create"::equals).count(),
                    "the waiting copy never started an upload: " + recording.calls);

            letPartOneGo.countDown();
            assertEquals(FILE_BYTES, holding.get(120, TimeUnit.SECONDS).sizeBytes());
            StoredFile after = bucket.copy(url, "tests/room-c-" + UUID.randomUUID(), clock.instant().plusSeconds(300));
            assertEquals(FILE_BYTES, after.sizeBytes(), "the first copy gave its room back");
        } finally {
            letPartOneGo.countDown();
            first.shutdownNow();
            bucket.close();
        }
    }

    @Test
    void aFileSmallerThanAPartTakesABufferOfItsSizeNotAPart() {
        assertEquals(2_000_001, MediaBucket.firstBufferBytes(2_000_000));
        assertEquals(MediaSignature.HEAD_BYTES, MediaBucket.firstBufferBytes(10), "room for the signature check");
        assertEquals(MediaBucket.PART_BYTES, MediaBucket.firstBufferBytes(-1), "no length declared");
        assertEquals(MediaBucket.PART_BYTES, MediaBucket.firstBufferBytes(MediaBucket.PART_BYTES));
        assertEquals(MediaBucket.PART_BYTES, MediaBucket.firstBufferBytes(500L * 1024 * 1024));
    }

    /** A PNG of {@link #FILE_BYTES} from the simulator (a revid task that never calls back). */
    private String resultUrl() throws InterruptedException {
        String prompt = "[sim:no-callback] [sim:file-bytes=" + FILE_BYTES + "] a banana in parts " + UUID.randomUUID();
        json("{\"prompt\":\"" + prompt + "\",\"model\":\"nano-banana-pro\",\"provider\":\"revid\"}")
                .post("/v1/tasks").then().statusCode(202);
        SimulatorControl sim = new SimulatorControl(simulatorUrl);
        Instant until = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(until)) {
            List<JsonNode> tasks = sim.tasksWithPrompt("revid", prompt);
            if (!tasks.isEmpty() && tasks.get(0).path("resultUrls").size() > 0) {
                return tasks.get(0).path("resultUrls").get(0).asText();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the simulator did not finish " + prompt);
    }

    /** The system's time until told to jump; counts how often it is asked. */
    static final class CountingClock extends Clock {
        final AtomicLong calls = new AtomicLong();
        private volatile Instant jumped;

        void jumpTo(Instant instant) {
            jumped = instant;
        }

        @Override
        public Instant instant() {
            calls.incrementAndGet();
            Instant at = jumped;
            return at != null ? at : Instant.now();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    /** The real client, each upload call recorded in order. */
    abstract static class RecordingS3 implements S3Client {
        final List<String> calls = new CopyOnWriteArrayList<>();
        volatile boolean readWhileInFlight;
        private final S3Client s3;

        RecordingS3(S3Client s3) {
            this.s3 = s3;
        }

        abstract void beforePart(int number) throws InterruptedException;

        @Override
        public CreateMultipartUploadResponse createMultipartUpload(CreateMultipartUploadRequest request) {
            calls.add("create");
            return s3.createMultipartUpload(request);
        }

        @Override
        public UploadPartResponse uploadPart(UploadPartRequest request, RequestBody body) {
            calls.add("part " + request.partNumber());
            try {
                beforePart(request.partNumber());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            UploadPartResponse response = s3.uploadPart(request, body);
            calls.add("part " + request.partNumber() + " done");
            return response;
        }

        @Override
        public CompleteMultipartUploadResponse completeMultipartUpload(CompleteMultipartUploadRequest request) {
            calls.add("complete");
            return s3.completeMultipartUpload(request);
        }

        @Override
        public AbortMultipartUploadResponse abortMultipartUpload(AbortMultipartUploadRequest request) {
            calls.add("abort");
            return s3.abortMultipartUpload(request);
        }

        @Override
        public PutObjectResponse putObject(PutObjectRequest request, RequestBody body) {
            calls.add("put " + request.key());
            return s3.putObject(request, body);
        }

        @Override
        public String serviceName() {
            return s3.serviceName();
        }

        @Override
        public void close() {
            // the application's client: not ours to close
        }
    }
}
