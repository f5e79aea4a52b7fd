package dev.bananagateway.api;

import jakarta.inject.Inject;
import dev.bananagateway.config.GatewayConfig;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.bananagateway.model.GenerationRequest;
import dev.bananagateway.model.MediaKind;
import dev.bananagateway.model.ModelFamilies;
import dev.bananagateway.model.UploadReference;
import dev.bananagateway.model.UrlPolicy;
import dev.bananagateway.model.VideoOptions;
import dev.bananagateway.provider.Providers;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns a submit body into a {@link GenerationRequest}, or refuses it with a problem naming the
 * field. Checks here are the caller-facing ones; what a provider can serve is checked by routing.
 */
@ApplicationScoped
public class RequestParser {

    public static final int MAX_BODY_BYTES = 64 * 1024;
    public static final int MAX_PROMPT_CHARS = 10_000;
    public static final int MAX_REFERENCE_IMAGES = 14;
    public static final int MAX_OUTPUTS = 4;
    public static final int MAX_METADATA_ENTRIES = 16;
    public static final int MAX_METADATA_KEY = 64;
    public static final int MAX_METADATA_VALUE = 512;
    public static final int MAX_IDEMPOTENCY_KEY = 255;
    private static final java.util.regex.Pattern SHA256_HEX = java.util.regex.Pattern.compile("[0-9a-f]{64}");

    /** What a refused model is told: the current ids, and that the earlier ones still work. */
    static final String KNOWN_MODELS = "one of " + sorted(ModelFamilies.IMAGE) + " or a video model; the earlier ids "
            + sorted(ModelFamilies.ALIASES.keySet()) + " are accepted as aliases";

    static final String IMAGE_ONLY = "is only for image models (with allow_degrade it is dropped, and the task "
            + "lists it under degraded)";

    private final JsonFactory syntax;
    private final ObjectReader reader;
    private final ObjectReader uploadReader;
    private final UrlPolicy urls;
    private final Set<String> providerKeys;

    @Inject
    public RequestParser(ObjectMapper json, GatewayConfig config, Providers providers) {
        this(json, config.webhooks().allowedPrivateHosts(), providers.keys());
    }

    /** @param providerKeys the registered providers, which a request may pin */
    public RequestParser(ObjectMapper json, Optional<Set<String>> allowedHosts, Collection<String> providerKeys) {
        this.providerKeys = Set.copyOf(providerKeys);
        this.syntax = json.getFactory();
        this.reader = strictReader(json, TaskRequestBody.class);
        this.uploadReader = strictReader(json, UploadRequestBody.class);
        this.urls = new UrlPolicy(allowedHosts.orElse(Set.of()));
    }

    /** A reader that refuses unknown fields, nulls for primitives, trailing tokens and type coercion. */
    private static ObjectReader strictReader(ObjectMapper json, Class<?> type) {
        return withoutScalarCoercion(json.copy()).readerFor(type)
                .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .with(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .without(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .without(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY);
    }

    /**
     * Jackson turns {@code "2"} into 2, {@code 123} into "123" and {@code "true"} into true; a value
     * of another JSON type than the field's is refused instead ({@code WRONG_TYPE}).
     */
    private static ObjectMapper withoutScalarCoercion(ObjectMapper mapper) {
        CoercionInputShape[] notText = { CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.Boolean };
        for (CoercionInputShape shape : notText) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        for (LogicalType type : new LogicalType[] { LogicalType.Integer, LogicalType.Boolean }) {
            for (CoercionInputShape shape : new CoercionInputShape[] { CoercionInputShape.String,
                    CoercionInputShape.EmptyString, CoercionInputShape.Float, CoercionInputShape.Integer,
                    CoercionInputShape.Boolean }) {
                boolean sameType = (type == LogicalType.Integer && shape == CoercionInputShape.Integer)
                        || (type == LogicalType.Boolean && shape == CoercionInputShape.Boolean);
                if (!sameType) {
                    mapper.coercionConfigFor(type).setCoercion(shape, CoercionAction.Fail);
                }
            }
        }
        return mapper;
    }

    /** Parses and validates; throws {@link ApiException} with a problem document when refused. */
    public GenerationRequest parse(String contentType, byte[] body) {
        return validate(read(envelope(contentType, body), reader, TaskRequestBody.class));
    }

    /**
     * Parses and validates a {@code POST /v1/uploads} body under the same rules as a task; the
     * content type lower-cased, the SHA-256 lower-case hex or null.
     */
    public UploadRequestBody parseUpload(String contentType, byte[] body) {
        UploadRequestBody b = read(envelope(contentType, body), uploadReader, UploadRequestBody.class);
        List<Problem.FieldError> errors = new ArrayList<>();
        String type = b.contentType() == null ? null : b.contentType().toLowerCase(Locale.ROOT).trim();
        if (type == null) {
            errors.add(new Problem.FieldError("content_type", "is required"));
        } else if (!UploadReference.CONTENT_TYPES.contains(type)) {
            errors.add(new Problem.FieldError("content_type", "must be one of "
                    + sorted(UploadReference.CONTENT_TYPES) + " (the reference image types the providers take)"));
        }
        if (b.sizeBytes() == null) {
            errors.add(new Problem.FieldError("size_bytes", "is required"));
        } else if (b.sizeBytes() < 1 || b.sizeBytes() > UploadReference.MAX_BYTES) {
            errors.add(new Problem.FieldError("size_bytes", "must be between 1 and " + UploadReference.MAX_BYTES
                    + " (the largest reference image a provider takes)"));
        }
        String sha256 = b.sha256() == null ? null : b.sha256().toLowerCase(Locale.ROOT);
        if (sha256 != null && !SHA256_HEX.matcher(sha256).matches()) {
            errors.add(new Problem.FieldError("sha256", "must be 64 hexadecimal digits"));
        }
        if (!errors.isEmpty()) {
            throw new ApiException(Problem.fields(422, "INVALID_FIELD", errors));
        }
        return new UploadRequestBody(type, b.sizeBytes(), sha256);
    }

    /** The checks every JSON body passes first: the type, a body, its size, UTF-8. */
    private static String envelope(String contentType, byte[] body) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).split(";")[0].trim()
                .equals("application/json")) {
            throw new ApiException(Problem.of(415, "UNSUPPORTED_MEDIA_TYPE", "Unsupported media type",
                    "send the task as application/json"));
        }
        if (body == null || body.length == 0) {
            throw ApiException.badRequest("EMPTY_BODY", "the request body is empty");
        }
        if (body.length > MAX_BODY_BYTES) {
            throw new ApiException(Problem.of(413, "BODY_TOO_LARGE", "Request body too large",
                    "the body must be at most " + MAX_BODY_BYTES + " bytes"));
        }
        return decodeUtf8(body);
    }

    /**
     * The {@code Idempotency-Key} header: null when absent, the key when well-formed (1..255
     * printable ASCII characters); throws {@link ApiException} (400) otherwise.
     */
    public String idempotencyKey(String header) {
        if (header == null) {
            return null;
        }
        if (header.isBlank() || header.length() > MAX_IDEMPOTENCY_KEY
                || header.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw new ApiException(Problem.of(400, "INVALID_IDEMPOTENCY_KEY", "Invalid Idempotency-Key",
                    "the key must be 1.." + MAX_IDEMPOTENCY_KEY + " printable ASCII characters"));
        }
        return header;
    }

    private static String decodeUtf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw ApiException.badRequest("INVALID_UTF8", "the body is not valid UTF-8");
        }
    }

    private <T> T read(String text, ObjectReader reader, Class<T> type) {
        StrictJson.check(syntax, text);
        try {
            T body = type.cast(reader.readValue(text));
            if (body == null) {
                throw ApiException.badRequest("MALFORMED_JSON", "the body must be a JSON object");
            }
            return body;
        } catch (UnrecognizedPropertyException e) {
            throw new ApiException(Problem.field(400, "UNKNOWN_FIELD", path(e), "is not a known field"));
        } catch (JsonMappingException e) {
            String field = path(e);
            if (field.isEmpty()) {
                throw ApiException.badRequest("MALFORMED_JSON", "the body must be a JSON object");
            }
            throw new ApiException(Problem.field(400, "WRONG_TYPE", field, "must be " + expectedType(e)));
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("MALFORMED_JSON", "the body is not valid JSON");
        }
    }

    /** The JSON type the field takes, in the words of JSON rather than Java. */
    private static String expectedType(JsonMappingException e) {
        Class<?> target = e instanceof MismatchedInputException m ? m.getTargetType() : null;
        if (target == null) {
            return "of another JSON type";
        }
        if (target == String.class) {
            return "a string";
        }
        if (target == Integer.class || target == int.class || target == Long.class || target == long.class) {
            return "an integer";
        }
        if (target == Boolean.class || target == boolean.class) {
            return "true or false";
        }
        if (java.util.Collection.class.isAssignableFrom(target)) {
            return "an array";
        }
        return "an object";
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private GenerationRequest validate(TaskRequestBody b) {
        String prompt = b.prompt();
        if (prompt == null || prompt.isBlank()) {
            throw ApiException.field("prompt", "is required");
        }
        if (prompt.length() > MAX_PROMPT_CHARS) {
            throw ApiException.field("prompt", "must be at most " + MAX_PROMPT_CHARS + " characters");
        }
        if (TextRules.hasForbiddenCharacter(prompt)) {
            throw ApiException.field("prompt", "must be text " + TextRules.ALLOWED);
        }
        String model = ModelFamilies.canonical(b.model());
        if (model == null) {
            throw ApiException.field("model", "is required (" + KNOWN_MODELS + ")");
        }
        if (!ModelFamilies.isKnown(model)) {
            throw ApiException.field("model", "is not a known model family (" + KNOWN_MODELS + ")");
        }
        MediaKind kind = ModelFamilies.kindOf(model);
        oneOf("tier", b.tier(), ModelFamilies.TIERS);
        List<String> refs = b.referenceImages() == null ? List.of() : b.referenceImages();
        if (refs.size() > MAX_REFERENCE_IMAGES) {
            throw ApiException.field("reference_images", "must hold at most " + MAX_REFERENCE_IMAGES
                    + " URLs or uploads");
        }
        for (int i = 0; i < refs.size(); i++) {
            String field = "reference_images[" + i + "]";
            Optional<String> problem = UploadReference.isUpload(refs.get(i))
                    ? UploadReference.id(refs.get(i)).isPresent() ? Optional.empty()
                            : Optional.of("is not a well-formed upload reference (upload:<id> as POST /v1/uploads answered)")
                    : urls.checkReferenceImage(refs.get(i));
            if (problem.isPresent()) {
                throw ApiException.field(field, problem.get());
            }
        }
        oneOf("aspect_ratio", b.aspectRatio(), ModelFamilies.ASPECT_RATIOS);
        String outputFormat = b.outputFormat() == null ? null
                : "jpg".equals(b.outputFormat()) ? "jpeg" : b.outputFormat();
        oneOf("output_format", outputFormat, ModelFamilies.OUTPUT_FORMATS);
        oneOf("quality", b.quality(), ModelFamilies.QUALITIES);
        int outputs = b.numOutputs() == null ? 1 : b.numOutputs();
        if (outputs < 1 || outputs > MAX_OUTPUTS) {
            throw ApiException.field("num_outputs", "must be between 1 and " + MAX_OUTPUTS);
        }
        VideoOptions video = null;
        if (kind == MediaKind.VIDEO) {
            oneOf("resolution", b.resolution(), ModelFamilies.VIDEO_RESOLUTIONS);
            TaskRequestBody.Video v = b.video();
            if (v != null) {
                oneOf("video.resolution", v.resolution(), ModelFamilies.VIDEO_RESOLUTIONS);
                if (v.negativePrompt() != null && (v.negativePrompt().length() > MAX_PROMPT_CHARS
                        || TextRules.hasForbiddenCharacter(v.negativePrompt()))) {
                    throw ApiException.field("video.negative_prompt", "must be at most " + MAX_PROMPT_CHARS
                            + " characters " + TextRules.ALLOWED);
                }
                if (v.resolution() != null && b.resolution() != null && !v.resolution().equals(b.resolution())) {
                    throw ApiException.field("resolution", "differs from video.resolution; give one of them");
                }
                String resolution = v.resolution() != null ? v.resolution() : b.resolution();
                video = new VideoOptions(v.durationSeconds(), resolution, v.generateAudio(), v.negativePrompt());
            } else if (b.resolution() != null) {
                video = new VideoOptions(null, b.resolution(), null, null);
            }
            if (outputs != 1) {
                throw ApiException.field("num_outputs", "must be 1 for video");
            }
            refuseImageOnlyFields(outputFormat, b.quality(), Boolean.TRUE.equals(b.allowDegrade()));
        } else {
            oneOf("resolution", b.resolution(), ModelFamilies.IMAGE_RESOLUTIONS);
            if (b.video() != null) {
                throw ApiException.field("video", "is only for video models");
            }
        }
        if (b.provider() != null && !providerKeys.contains(b.provider())) {
            throw ApiException.field("provider", "is not a known provider (one of " + sorted(providerKeys) + ")");
        }
        if (b.webhookUrl() != null) {
            urls.checkWebhook(b.webhookUrl()).ifPresent(p -> {
                throw ApiException.field("webhook_url", p);
            });
        }
        checkMetadata(b.metadata());
        String resolution = kind == MediaKind.VIDEO ? null : b.resolution();
        return GenerationRequest.builder().kind(kind).modelFamily(model).tier(b.tier()).prompt(prompt)
                .referenceImageUrls(refs).aspectRatio(b.aspectRatio()).resolution(resolution)
                .outputFormat(outputFormat).numImages(outputs).quality(b.quality()).video(video)
                .provider(b.provider()).webhookUrl(b.webhookUrl()).metadata(b.metadata())
                .allowDegrade(Boolean.TRUE.equals(b.allowDegrade())).build();
    }

    /**
     * A video has no output format or quality. Refused, naming each such field, unless the caller
     * allows degrading: then they stay in the request, and the capability check records them as
     * dropped (docs/providers.md 8.5).
     */
    private static void refuseImageOnlyFields(String outputFormat, String quality, boolean allowDegrade) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (outputFormat != null) {
            errors.add(new Problem.FieldError("output_format", IMAGE_ONLY));
        }
        if (quality != null) {
            errors.add(new Problem.FieldError("quality", IMAGE_ONLY));
        }
        if (!errors.isEmpty() && !allowDegrade) {
            throw new ApiException(Problem.fields(422, "INVALID_FIELD", errors));
        }
    }

    private static void checkMetadata(Map<String, String> metadata) {
        if (metadata == null) {
            return;
        }
        if (metadata.size() > MAX_METADATA_ENTRIES) {
            throw ApiException.field("metadata", "must hold at most " + MAX_METADATA_ENTRIES + " entries");
        }
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            if (e.getKey().isEmpty() || e.getKey().length() > MAX_METADATA_KEY
                    || TextRules.hasForbiddenCharacter(e.getKey())) {
                throw ApiException.field("metadata", "keys must be 1.." + MAX_METADATA_KEY
                        + " characters " + TextRules.ALLOWED);
            }
            if (e.getValue() == null) {
                throw new ApiException(Problem.field(400, "WRONG_TYPE", "metadata." + e.getKey(), "must be a string"));
            }
            if (e.getValue().length() > MAX_METADATA_VALUE || TextRules.hasForbiddenCharacter(e.getValue())) {
                throw ApiException.field("metadata." + e.getKey(), "must be a string of at most " + MAX_METADATA_VALUE
                        + " characters " + TextRules.ALLOWED);
            }
        }
    }

    private static void oneOf(String field, String value, Set<String> allowed) {
        if (value != null && !allowed.contains(value)) {
            throw ApiException.field(field, "must be one of " + sorted(allowed));
        }
    }

    private static String sorted(Set<String> values) {
        return String.join(", ", values.stream().sorted().toList());
    }
}
