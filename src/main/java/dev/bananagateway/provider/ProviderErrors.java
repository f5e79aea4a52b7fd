package dev.bananagateway.provider;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Classifies provider answers into {@link ProviderException}s (docs/providers.md 2.2 and 8.7). A failed
 * create is marked {@code possiblyAccepted} when the provider may have created the task anyway: an
 * ambiguous 5xx, a non-JSON gateway page, an unreadable success answer.
 */
public final class ProviderErrors {

    private static final int MAX_MESSAGE = 300;
    private static final int REQUEST_TIMEOUT = 408;

    private ProviderErrors() {
    }

    /** The JSON body of a 2xx answer; any other answer becomes the classified failure. */
    public static JsonNode requireSuccess(ProviderId provider, ProviderCall call, WireResponse response)
            throws ProviderException {
        if (!response.successful()) {
            throw httpFailure(provider, call, response);
        }
        return response.json().orElseThrow(() -> malformed(provider, call, "the answer is not JSON"));
    }

    /**
     * For providers whose body {@code code} is authoritative even on HTTP 200 (revid, crun): the JSON
     * body when both the HTTP status and the body code say success.
     */
    public static JsonNode requireBodyCodeOk(ProviderId provider, ProviderCall call, WireResponse response)
            throws ProviderException {
        JsonNode root = requireSuccess(provider, call, response);
        JsonNode code = root.get("code");
        if (code != null && code.canConvertToInt() && code.asInt() != 200) {
            throw failure(provider, call, code.asInt(), response.status(), code.asText(), message(root), response);
        }
        return root;
    }

    /**
     * For status answers of providers whose body {@code code} is authoritative (revid, crun): the JSON
     * body of a 2xx answer that describes the task ({@code describesTask}: it carries the provider's task
     * state), whatever its body code, since a failed task may come under its failure code (501); a body
     * that describes no task must carry body code 200 like any other answer.
     */
    public static JsonNode requireTaskOrBodyCodeOk(ProviderId provider, ProviderCall call, WireResponse response,
            Predicate<JsonNode> describesTask) throws ProviderException {
        JsonNode root = requireSuccess(provider, call, response);
        return describesTask.test(root) ? root : requireBodyCodeOk(provider, call, response);
    }

    /** A non-2xx answer, classified by its HTTP status; the body's code and message are kept. */
    public static ProviderException httpFailure(ProviderId provider, ProviderCall call, WireResponse response) {
        Optional<JsonNode> json = response.json();
        String code = json.map(ProviderErrors::code).orElse(null);
        String message = json.map(ProviderErrors::message).orElse(null);
        return failure(provider, call, response.status(), response.status(), code, message, response);
    }

    /**
     * A failure whose class comes from {@code code} (an HTTP status or a body code using the same
     * numbers) as the provider answered it with {@code httpStatus}.
     */
    public static ProviderException failure(ProviderId provider, ProviderCall call, int code, int httpStatus,
            String providerCode, String message, WireResponse response) {
        return failure(provider, call, ErrorClass.fromCode(code), code, httpStatus, providerCode, message, response);
    }

    /** As above with the class decided by the caller (providers with their own code strings). */
    public static ProviderException failure(ProviderId provider, ProviderCall call, ErrorClass errorClass, int code,
            int httpStatus, String providerCode, String message, WireResponse response) {
        boolean jsonBody = response.json().isPresent();
        boolean possiblyAccepted = call == ProviderCall.CREATE && ambiguous(code, httpStatus, jsonBody);
        return failure(provider, errorClass, code, httpStatus, providerCode, message, response, possiblyAccepted);
    }

    /**
     * A non-2xx answer that the provider's document says created nothing, whatever its status (nbpcloud's
     * create 500 that explains itself): classified as {@code errorClass} and never possibly accepted.
     */
    public static ProviderException refusal(ProviderId provider, ErrorClass errorClass, WireResponse response) {
        Optional<JsonNode> json = response.json();
        return failure(provider, errorClass, response.status(), response.status(),
                json.map(ProviderErrors::code).orElse(null), json.map(ProviderErrors::message).orElse(null), response,
                false);
    }

    private static ProviderException failure(ProviderId provider, ErrorClass errorClass, int code, int httpStatus,
            String providerCode, String message, WireResponse response, boolean possiblyAccepted) {
        String text = provider.key() + " answered " + (code == httpStatus ? "HTTP " + code
                : "code " + code + " (HTTP " + httpStatus + ")") + (message == null ? "" : ": " + shorten(message));
        return new ProviderException(provider, errorClass, httpStatus, providerCode, text,
                RetryAfter.parse(response.retryAfter(), Instant.now()), possiblyAccepted);
    }

    /** A success answer we cannot read: the provider may well have created the task. */
    public static ProviderException malformed(ProviderId provider, ProviderCall call, String what) {
        return new ProviderException(provider, ErrorClass.PROVIDER_ERROR, 200, null, provider.key() + ": " + what, null,
                call == ProviderCall.CREATE);
    }

    /** A callback body that is not the provider's callback shape. */
    public static ProviderException badCallback(ProviderId provider, String what) {
        return ProviderException.of(provider, ErrorClass.INVALID_REQUEST, 0, null, provider.key() + " callback: " + what);
    }

    /** The request asks for something the provider cannot serve (checked before any call). */
    public static ProviderException unsupported(ProviderId provider, Unsupported unsupported) {
        return ProviderException.of(provider, ErrorClass.INVALID_REQUEST, 0, "UNSUPPORTED_BY_PROVIDER",
                provider.key() + " cannot serve " + unsupported.field() + ": " + unsupported.reason());
    }

    /**
     * Whether a failed create may have created the task: 5xx answers other than the explicit
     * "not done" codes (501 generation failed, 505 disabled) and a 503 that explains itself in JSON;
     * and a 408 that comes as a body code. An HTTP 408 means the server stopped waiting before it had
     * read the request, so nothing was created; a body code 408 under HTTP 2xx comes from an application
     * that did read it, and what timed out came after that.
     */
    static boolean ambiguous(int code, int httpStatus, boolean jsonBody) {
        if (code == REQUEST_TIMEOUT) {
            return httpStatus != REQUEST_TIMEOUT;
        }
        if (code < 500 || code == 501 || code == 505) {
            return false;
        }
        return code != 503 || !jsonBody;
    }

    /** The human message of an error body, whatever the provider's shape. */
    public static String message(JsonNode root) {
        JsonNode error = root.path("error");
        JsonNode data = root.path("data");
        return Stream.of(textual(error), textual(error.path("message")), textual(root.path("message")),
                        textual(root.path("msg")), textual(data.path("error")), textual(data.path("error").path("message")),
                        textual(data.path("failure_reason")))
                .filter(s -> s != null && !s.isBlank())
                .findFirst().orElse(null);
    }

    /** The provider's own error code in a body ({@code error.code} or {@code code}), or null. */
    public static String code(JsonNode root) {
        String nested = textual(root.path("error").path("code"));
        return nested != null ? nested : scalar(root.path("code"));
    }

    private static String textual(JsonNode node) {
        return node.isTextual() ? node.asText() : null;
    }

    private static String scalar(JsonNode node) {
        return node.isValueNode() && !node.isNull() ? node.asText() : null;
    }

    private static String shorten(String message) {
        String oneLine = message.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= MAX_MESSAGE ? oneLine : oneLine.substring(0, MAX_MESSAGE) + "...";
    }
}
