package dev.bananagateway.media;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bananagateway.config.GatewayConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The media bucket: copies a file from a URL into it as it streams (never whole in memory: a file
 * that fits one part goes up in one PUT from a buffer of its declared size; a larger one in a
 * multipart upload from two part buffers, the next part downloading while the last one uploads, so
 * a copy takes about as long as the slower of the two, not their sum), checking the bytes'
 * signature, the size cap and the declared length, and hashing it on the way; records each finished file in a small
 * {@code .stored.json} beside it, so a later attempt finds it instead of downloading it again; signs
 * links to it.
 */
@ApplicationScoped
public class MediaBucket {

    /**
     * One part (S3's smallest is 5 MiB). A copy holds at most two: the one downloading and the one
     * uploading; the only copies of the bytes in memory.
     */
    static final int PART_BYTES = 8 * 1024 * 1024;
    /** The most a single read of the download asks for (each read checks the deadline first). */
    static final int READ_BYTES = 256 * 1024;
    static final String RECORD_SUFFIX = ".stored.json";

    private final S3Client s3;
    private final S3Presigner presigner;
    private final PinnedHttp http;
    private final ObjectMapper json;
    private final Clock clock;
    private final String bucket;
    private final GatewayConfig.Media config;
    /** Uploads a copy's parts while its download goes on: one part in flight per copy. */
    private final ExecutorService uploads;
    /** Room for part buffers, in KiB, shared by every copy of this instance. */
    private final Semaphore bufferRoom;

    public MediaBucket(S3Client s3, S3Presigner presigner, PinnedHttp http, ObjectMapper json, Clock clock,
            GatewayConfig config) {
        this.s3 = s3;
        this.presigner = presigner;
        this.http = http;
        this.json = json;
        this.clock = clock;
        this.bucket = config.media().bucket();
        this.config = config.media();
        long room = config.media().copyBufferBytes();
        if (room < 2L * PART_BYTES || room / 1024 > Integer.MAX_VALUE) {
            throw new IllegalStateException("gateway.media.copy-buffer-bytes must hold two parts ("
                    + 2L * PART_BYTES + " bytes) and stay under 2 TiB, not " + room);
        }
        this.bufferRoom = new Semaphore((int) (room / 1024), true);
        this.uploads = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "media-part-upload");
            thread.setDaemon(true);
            return thread;
        });
    }

    public String bucket() {
        return bucket;
    }

    /** A presigned GET link to {@code key}, valid for {@code lifetime}. */
    public SignedLink signedGet(String key, Duration lifetime) {
        var signed = presigner.presignGetObject(b -> b.signatureDuration(lifetime)
                .getObjectRequest(g -> g.bucket(bucket).key(key)));
        return new SignedLink(signed.url().toString(), clock.instant().plus(lifetime));
    }

    /** The files already stored under {@code prefix} (each with its record), by key. */
    public Map<String, StoredFile> storedUnder(String prefix) throws MediaException {
        Map<String, StoredFile> found = new HashMap<>();
        try {
            for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
                if (object.key().endsWith(RECORD_SUFFIX)) {
                    StoredFile file = json.readValue(s3.getObjectAsBytes(b -> b.bucket(bucket).key(object.key()))
                            .asByteArray(), StoredFile.class);
                    found.put(file.key(), file);
                }
            }
        } catch (SdkException | UncheckedIOException | IOException e) {
            throw new MediaException("the media bucket could not be listed: " + e.getClass().getSimpleName(), e);
        }
        return found;
    }

    /**
     * Streams {@code url} into {@code keyBase + "." + extension} (the extension its signature gives)
     * and records it. Gives up with {@link OutOfTimeException} at {@code until}, storing nothing.
     */
    public StoredFile copy(String url, String keyBase, Instant until) throws MediaException {
        Duration left = Duration.between(clock.instant(), until);
        if (left.isNegative() || left.isZero()) {
            throw new OutOfTimeException();
        }
        Duration readTimeout = left.compareTo(config.readTimeout()) < 0 ? left : config.readTimeout();
        PinnedHttp.Download download = http.get(url, readTimeout);
        boolean whole = false;
        int reservedKib = 0;
        // no try-with-resources: it would close the download before the finally block aborts it, and
        // closing drains the rest of the body, so a copy out of time would wait for the whole file
        try {
            InputStream in = download.body();
            long declared = download.declaredLength();
            reservedKib = reserveBuffers(declared, until);
            byte[] part = new byte[firstBufferBytes(declared)];
            int headLength = fill(in, part, 0, MediaSignature.HEAD_BYTES, until);
            MediaSignature signature = MediaSignature.of(part, headLength)
                    .orElseThrow(() -> new MediaException("the file is not an image or a video ("
                            + (headLength == 0 ? "empty" : "unknown signature") + ")"));
            int filled = headLength;
            long cap = signature.video() ? config.maxVideoBytes() : config.maxImageBytes();
            if (declared > cap) {
                throw new MediaException("the file is larger than the cap of " + cap + " bytes");
            }
            String key = keyBase + "." + signature.extension();
            MessageDigest sha256 = sha256();
            filled += fill(in, part, filled, part.length - filled, until);
            long size;
            if (filled < part.length) {
                size = filled;
                checkLength(size, declared);
                sha256.update(part, 0, filled);
                s3.putObject(b -> b.bucket(bucket).key(key).contentType(signature.contentType()),
                        body(part, (int) size));
            } else {
                size = multipart(in, part, key, signature.contentType(), sha256, cap, until);
                checkLength(size, declared);
            }
            StoredFile file = new StoredFile(key, signature.contentType(), size,
                    HexFormat.of().formatHex(sha256.digest()), signature.width(), signature.height(), url);
            record(file);
            whole = true;
            return file;
        } catch (IOException e) {
            throw new MediaException("the file's server broke off the download", e);
        } catch (SdkException | UncheckedIOException e) {
            // the SDK's URL-connection client reports some broken connections unchecked, not as an SdkException
            throw new MediaException("the media bucket refused the file: " + e.getClass().getSimpleName(), e);
        } finally {
            bufferRoom.release(reservedKib);
            if (!whole) {
                download.abort();
            }
            try {
                download.close();
            } catch (IOException ignored) {
                // an aborted download has nothing left to release
            }
        }
    }

    /**
     * Waits until this copy's buffers fit in the instance's room (one buffer of the declared size,
     * or two parts for a file of a part or more, or of unknown length); answers the KiB taken.
     * Gives up at {@code until}, as a copy out of time does.
     */
    private int reserveBuffers(long declared, Instant until) throws OutOfTimeException {
        int first = firstBufferBytes(declared);
        long bytes = first < PART_BYTES ? first : 2L * PART_BYTES;
        int kib = (int) ((bytes + 1023) / 1024);
        long waitMillis = Math.max(0, Duration.between(clock.instant(), until).toMillis());
        try {
            if (bufferRoom.tryAcquire(kib, waitMillis, TimeUnit.MILLISECONDS)) {
                return kib;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new OutOfTimeException();
    }

    /**
     * A file whose server declares it smaller than a part gets a buffer of its size (plus the byte
     * that shows its end), not a whole part: a 2 MB image should not cost 8 MiB of heap.
     */
    static int firstBufferBytes(long declared) {
        if (declared >= 0 && declared < PART_BYTES) {
            return (int) Math.max(MediaSignature.HEAD_BYTES, declared + 1);
        }
        return PART_BYTES;
    }

    /**
     * Uploads {@code first} (full) and the rest of {@code in} as parts, downloading part n + 1 into
     * the second buffer while part n uploads; a buffer is refilled only once its upload is done.
     */
    private long multipart(InputStream in, byte[] first, String key, String contentType, MessageDigest sha256,
            long cap, Instant until) throws IOException, MediaException {
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key).contentType(contentType)).uploadId();
        boolean completed = false;
        Future<CompletedPart> inFlight = null;
        try {
            List<CompletedPart> parts = new ArrayList<>();
            byte[] current = first;
            byte[] uploading = null;
            long size = 0;
            int filled = first.length;
            while (filled > 0) {
                size += filled;
                if (size > cap) {
                    throw new MediaException("the file is larger than the cap of " + cap + " bytes");
                }
                sha256.update(current, 0, filled);
                if (clock.instant().isAfter(until)) {
                    throw new OutOfTimeException();
                }
                if (inFlight != null) {
                    parts.add(await(inFlight));
                    inFlight = null;
                }
                inFlight = uploadPart(key, uploadId, parts.size() + 1, current, filled);
                byte[] free = uploading != null ? uploading : new byte[PART_BYTES];
                uploading = current;
                current = free;
                filled = fill(in, current, 0, PART_BYTES, until);
            }
            parts.add(await(inFlight));
            inFlight = null;
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
            completed = true;
            return size;
        } finally {
            if (!completed) {
                abort(key, uploadId, inFlight);
            }
        }
    }

    private Future<CompletedPart> uploadPart(String key, String uploadId, int number, byte[] buffer, int length) {
        return uploads.submit(() -> {
            String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number)
                    .contentLength((long) length), body(buffer, length)).eTag();
            return CompletedPart.builder().partNumber(number).eTag(etag).build();
        });
    }

    /** The part's upload result; its failure as the S3 client raised it. */
    private static CompletedPart await(Future<CompletedPart> part) throws MediaException {
        try {
            return part.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MediaException("the copy was interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new MediaException("a part upload failed", e.getCause());
        }
    }

    /** Lets a part still uploading finish (so no part lands after the abort), then aborts the upload. */
    private void abort(String key, String uploadId, Future<CompletedPart> inFlight) {
        if (inFlight != null) {
            try {
                inFlight.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException ignored) {
                // the upload is aborted either way
            }
        }
        // the bucket's lifecycle rule would clear it too; abort now so no part lingers
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        } catch (SdkException | UncheckedIOException ignored) {
            // left to the lifecycle rule
        }
    }

    @PreDestroy
    void close() {
        uploads.shutdownNow();
    }

    /** Writes the record that marks {@code file} whole; until it exists, the file counts as not stored. */
    public void record(StoredFile file) throws MediaException {
        try {
            byte[] bytes = json.writeValueAsBytes(file);
            s3.putObject(b -> b.bucket(bucket).key(file.key() + RECORD_SUFFIX).contentType("application/json"),
                    RequestBody.fromBytes(bytes));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a stored file record", e);
        }
    }

    /** The first bytes of an object, or empty when there is none. */
    public Optional<byte[]> head(String key, int bytes) throws MediaException {
        try {
            return Optional.of(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key).range("bytes=0-" + (bytes - 1)))
                    .asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException | UncheckedIOException e) {
            throw new MediaException("the media bucket could not be read: " + e.getClass().getSimpleName(), e);
        }
    }

    private static RequestBody body(byte[] buffer, int length) {
        // streams from the part buffer: no second copy of the bytes
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(buffer, 0, length), length,
                "application/octet-stream");
    }

    private void checkLength(long size, long declared) throws MediaException {
        if (declared >= 0 && declared != size) {
            throw new MediaException("the download ended after " + size + " of " + declared + " bytes");
        }
    }

    /** Reads until {@code max} bytes or the end; answers how many. Stops at {@code until}. */
    private int fill(InputStream in, byte[] buffer, int offset, int max, Instant until)
            throws IOException, OutOfTimeException {
        int total = 0;
        while (total < max) {
            if (clock.instant().isAfter(until)) {
                throw new OutOfTimeException();
            }
            int read = in.read(buffer, offset + total, Math.min(max - total, READ_BYTES));
            if (read < 0) {
                break;
            }
            total += read;
        }
        return total;
    }

    /** A fresh SHA-256 digest (the JDK always has one). */
    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }

    /** A presigned URL and when it stops working. */
    public record SignedLink(String url, Instant expiresAt) {
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
