package dev.bananagateway.media;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bananagateway.config.GatewayConfig;
import dev.bananagateway.model.UploadReference;
import dev.bananagateway.model.UploadRefusal;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;

/**
 * Caller uploads under {@code uploads/<owner hash>/<id>}: a presigned PUT that S3 honours only for
 * the declared type and length (and SHA-256, when given), a small record of what was declared
 * beside it, and the checks a submit makes before it hands a provider a presigned GET.
 *
 * <p>The owner is in the key, and the key is signed into the PUT URL by the gateway from the
 * caller's authenticated identity, so an uploader cannot place a file under another caller's prefix;
 * a submit looks only under its own caller's prefix, so another caller's id is simply not found.
 */
@ApplicationScoped
public class Uploads {

    static final String RECORD_SUFFIX = ".upload.json";
    private static final int SIGNATURE_BYTES = 1024;

    private final S3Client s3;
    private final S3Presigner presigner;
    private final MediaBucket bucket;
    private final ObjectMapper json;
    private final Clock clock;
    private final Duration putLifetime;

    public Uploads(S3Client s3, S3Presigner presigner, MediaBucket bucket, ObjectMapper json, Clock clock,
            GatewayConfig config) {
        this.s3 = s3;
        this.presigner = presigner;
        this.bucket = bucket;
        this.json = json;
        this.clock = clock;
        this.putLifetime = config.media().uploadLinkLifetime();
    }

    /**
     * Records a new upload and signs its PUT. {@code sha256} is lowercase hex or null; the type is one
     * of {@link UploadReference#CONTENT_TYPES} and the size within {@link UploadReference#MAX_BYTES} (the API checks).
     */
    public NewUpload create(String owner, String contentType, long sizeBytes, String sha256) throws MediaException {
        String id = UploadReference.newId();
        String key = key(owner, id);
        Instant now = clock.instant();
        UploadRecord record = new UploadRecord(id, contentType, sizeBytes, sha256, now);
        try {
            byte[] bytes = json.writeValueAsBytes(record);
            s3.putObject(b -> b.bucket(bucket.bucket()).key(key + RECORD_SUFFIX).contentType("application/json"),
                    RequestBody.fromBytes(bytes));
        } catch (IOException | SdkException e) {
            throw new MediaException("the upload could not be recorded: " + e.getClass().getSimpleName(), e);
        }
        // type and length (and the checksum) are signed headers: S3 refuses a PUT whose body differs
        PresignedPutObjectRequest signed = presigner.presignPutObject(b -> b.signatureDuration(putLifetime)
                .putObjectRequest(p -> {
                    p.bucket(bucket.bucket()).key(key).contentType(contentType).contentLength(sizeBytes);
                    if (sha256 != null) {
                        p.checksumSHA256(Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256)));
                    }
                }));
        Map<String, String> headers = new LinkedHashMap<>();
        signed.signedHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("host")) {
                headers.put(canonicalName(name), String.join(",", values));
            }
        });
        return new NewUpload(id, signed.url().toString(), headers, now.plus(putLifetime));
    }

    /** Whether the caller's upload {@code id} is there, whole, an image, and as declared. */
    public Inspection inspect(String owner, String id) throws MediaException {
        String key = key(owner, id);
        String bucketName = bucket.bucket();
        try {
            UploadRecord record;
            try {
                record = json.readValue(s3.getObjectAsBytes(b -> b.bucket(bucketName).key(key + RECORD_SUFFIX))
                        .asByteArray(), UploadRecord.class);
            } catch (NoSuchKeyException e) {
                return Inspection.refused(UploadRefusal.NOT_FOUND, "is not an upload of this caller");
            }
            Optional<HeadObjectResponse> head = headOf(key);
            if (head.isEmpty()) {
                return Inspection.refused(UploadRefusal.NOT_UPLOADED, "has not been uploaded yet (PUT the bytes "
                        + "to the upload_url first)");
            }
            long size = head.get().contentLength();
            if (size != record.sizeBytes()) {
                return Inspection.refused(UploadRefusal.DOES_NOT_MATCH, "holds " + size + " bytes, not the "
                        + record.sizeBytes() + " declared");
            }
            byte[] first = s3.getObjectAsBytes(b -> b.bucket(bucketName).key(key)
                    .range("bytes=0-" + (SIGNATURE_BYTES - 1))).asByteArray();
            Optional<MediaSignature> signature = MediaSignature.of(first, first.length);
            if (signature.isEmpty() || !UploadReference.CONTENT_TYPES.contains(signature.get().contentType())) {
                return Inspection.refused(UploadRefusal.NOT_AN_IMAGE, "is not a PNG, JPEG or WebP image by its bytes");
            }
            if (!signature.get().contentType().equals(record.contentType())) {
                return Inspection.refused(UploadRefusal.NOT_AN_IMAGE, "is " + signature.get().contentType()
                        + " by its bytes, not the " + record.contentType() + " declared");
            }
            if (record.sha256() != null && !record.sha256().equals(sha256Of(key, head.get()))) {
                return Inspection.refused(UploadRefusal.DOES_NOT_MATCH, "does not have the SHA-256 declared");
            }
            return new Inspection(null, null, key, size, record.contentType());
        } catch (IOException | SdkException e) {
            throw new MediaException("the upload could not be read: " + e.getClass().getSimpleName(), e);
        }
    }

    /** A presigned GET of an inspected upload, for a provider to fetch. */
    public MediaBucket.SignedLink signedGet(String key, Duration lifetime) {
        return bucket.signedGet(key, lifetime);
    }

    /** {@code uploads/<first 128 bits of SHA-256(owner), hex>/<id>}: fixed length, and no ARN in a key. */
    static String key(String owner, String id) {
        return "uploads/" + HexFormat.of().formatHex(MediaBucket.sha256().digest(owner.getBytes(StandardCharsets.UTF_8)), 0, 16)
                + "/" + id;
    }

    private Optional<HeadObjectResponse> headOf(String key) {
        try {
            return Optional.of(s3.headObject(b -> b.bucket(bucket.bucket()).key(key).checksumMode(ChecksumMode.ENABLED)));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The checksum S3 kept for the PUT (it verified it), else the bytes hashed as they stream. */
    private String sha256Of(String key, HeadObjectResponse head) throws IOException {
        if (head.checksumSHA256() != null && !head.checksumSHA256().contains("-")) {
            return HexFormat.of().formatHex(Base64.getDecoder().decode(head.checksumSHA256()));
        }
        MessageDigest digest = MediaBucket.sha256();
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(bucket.bucket()).key(key))) {
            byte[] buffer = new byte[64 * 1024];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                digest.update(buffer, 0, read);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String canonicalName(String header) {
        String lower = header.toLowerCase(Locale.ROOT);
        return switch (lower) {
            case "content-type" -> "Content-Type";
            case "content-length" -> "Content-Length";
            default -> lower;
        };
    }

    /** What the caller declared when creating the upload; kept beside it under {@code uploads/}. */
    @RegisterForReflection
    public record UploadRecord(String id, String contentType, long sizeBytes, String sha256, Instant createdAt) {
    }

    /** A created upload: where and how to PUT it, until when. */
    public record NewUpload(String id, String uploadUrl, Map<String, String> headers, Instant expiresAt) {
    }

    /** An upload ready to hand to a provider ({@code refusal} null), or why not. */
    public record Inspection(UploadRefusal refusal, String reason, String key, long sizeBytes, String contentType) {

        static Inspection refused(UploadRefusal refusal, String reason) {
            return new Inspection(refusal, reason, null, 0, null);
        }

        public boolean ready() {
            return refusal == null;
        }
    }
}
