package dev.bananagateway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Secrets Manager's {@code GetSecretValue} as the service documents it, for tests: the JSON 1.1
 * protocol ({@code POST /}, {@code Content-Type: application/x-amz-json-1.1},
 * {@code X-Amz-Target: secretsmanager.GetSecretValue}, a JSON body with {@code SecretId}), requests
 * authenticated with Signature Version 4 (verified here by its own implementation of the documented
 * algorithm, not the SDK's: credential scope, date, signed headers, session token, signature), and
 * the documented answers: the secret's {@code ARN}, {@code Name}, {@code VersionId},
 * {@code SecretString}, {@code VersionStages}, {@code CreatedDate}, or an error with its
 * {@code __type} ({@code ResourceNotFoundException}, {@code InvalidSignatureException},
 * {@code UnrecognizedClientException}, {@code IncompleteSignatureException},
 * {@code MissingAuthenticationTokenException}, {@code UnknownOperationException},
 * {@code SerializationException}).
 */
public final class SecretsManagerEmulator implements AutoCloseable {

    private static final String TARGET = "secretsmanager.GetSecretValue";
    private static final String JSON_11 = "application/x-amz-json-1.1";
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})");
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(15);
    private static final Set<String> REQUEST_FIELDS = Set.of("SecretId", "VersionId", "VersionStage");

    private final HttpServer server;
    private final String region;
    private final String accessKeyId;
    private final String secretAccessKey;
    private final String sessionToken;
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final AtomicInteger served = new AtomicInteger();
    private final List<String> refusals = new ArrayList<>();
    private final ObjectMapper json = new ObjectMapper();

    private SecretsManagerEmulator(String region, String accessKeyId, String secretAccessKey, String sessionToken)
            throws IOException {
        this.region = region;
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
        this.sessionToken = sessionToken;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Accepts requests signed with these credentials for this region; a session token, when given, is required. */
    public static SecretsManagerEmulator start(String region, String accessKeyId, String secretAccessKey,
            String sessionToken) throws IOException {
        return new SecretsManagerEmulator(region, accessKeyId, secretAccessKey, sessionToken);
    }

    public URI endpoint() {
        return URI.create("http://localhost:" + server.getAddress().getPort() + "/");
    }

    /** Stores a secret; returns its ARN (name plus the service's random six-character suffix). */
    public String put(String name, String secretString) {
        String arn = "arn:aws:secretsmanager:" + region + ":123456789012:secret:" + name + "-AbCdEf";
        secrets.put(arn, secretString);
        return arn;
    }

    /** Secret values answered. */
    public int served() {
        return served.get();
    }

    /** Why requests were refused, in order. */
    public synchronized List<String> refusals() {
        return List.copyOf(refusals);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (!exchange.getRequestMethod().equals("POST") || !exchange.getRequestURI().getPath().equals("/")) {
                error(exchange, 404, "UnknownOperationException", "only POST / is served");
                return;
            }
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            if (!TARGET.equals(target)) {
                error(exchange, 400, "UnknownOperationException", "unknown X-Amz-Target " + target);
                return;
            }
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            if (contentType == null || !contentType.split(";")[0].trim().equals(JSON_11)) {
                error(exchange, 400, "SerializationException", "Content-Type must be " + JSON_11);
                return;
            }
            String refused = authenticate(exchange, body);
            if (refused != null) {
                return;
            }
            JsonNode request;
            try {
                request = json.readTree(body);
            } catch (IOException e) {
                error(exchange, 400, "SerializationException", "body is not JSON");
                return;
            }
            if (request == null || !request.isObject() || !request.path("SecretId").isTextual()) {
                error(exchange, 400, "SerializationException", "SecretId is required");
                return;
            }
            for (var names = request.fieldNames(); names.hasNext(); ) {
                String field = names.next();
                if (!REQUEST_FIELDS.contains(field)) {
                    error(exchange, 400, "SerializationException", "unknown field " + field);
                    return;
                }
            }
            String id = request.get("SecretId").asText();
            String arn = secrets.containsKey(id) ? id : secrets.keySet().stream()
                    .filter(a -> a.substring(a.indexOf(":secret:") + 8, a.length() - 7).equals(id)).findFirst()
                    .orElse(null);
            if (arn == null) {
                error(exchange, 400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
                return;
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("ARN", arn);
            answer.put("Name", arn.substring(arn.indexOf(":secret:") + 8, arn.length() - 7));
            answer.put("VersionId", "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111");
            answer.put("SecretString", secrets.get(arn));
            answer.put("VersionStages", List.of("AWSCURRENT"));
            answer.put("CreatedDate", 1.523477145713E9);
            served.incrementAndGet();
            send(exchange, 200, json.writeValueAsBytes(answer));
        }
    }

    /** Checks the request's Signature Version 4; answers the error and returns why, or returns null. */
    private String authenticate(HttpExchange exchange, byte[] body) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null) {
            return refuse(exchange, 400, "MissingAuthenticationTokenException", "Request is missing Authentication Token");
        }
        Matcher m = AUTHORIZATION.matcher(authorization);
        if (!m.matches()) {
            return refuse(exchange, 400, "IncompleteSignatureException", "Authorization header is malformed");
        }
        if (!m.group(1).equals(accessKeyId)) {
            return refuse(exchange, 400, "UnrecognizedClientException", "The security token included in the request is invalid.");
        }
        String amzDate = exchange.getRequestHeaders().getFirst("X-Amz-Date");
        if (amzDate == null || !amzDate.startsWith(m.group(2))) {
            return refuse(exchange, 400, "IncompleteSignatureException", "X-Amz-Date missing or not the scope's date");
        }
        Instant signedAt = LocalDateTime.parse(amzDate, AMZ_DATE).toInstant(ZoneOffset.UTC);
        if (Duration.between(signedAt, Instant.now()).abs().compareTo(CLOCK_SKEW) > 0) {
            return refuse(exchange, 400, "InvalidSignatureException", "Signature expired");
        }
        if (!m.group(3).equals(region) || !m.group(4).equals("secretsmanager")) {
            return refuse(exchange, 400, "InvalidSignatureException", "Credential should be scoped to a valid region/service");
        }
        List<String> signedHeaders = Arrays.asList(m.group(5).split(";"));
        if (!signedHeaders.contains("host") || !signedHeaders.contains("x-amz-date")
                || !signedHeaders.contains("x-amz-target") || !signedHeaders.equals(signedHeaders.stream().sorted().toList())) {
            return refuse(exchange, 400, "IncompleteSignatureException", "host, x-amz-date and x-amz-target must be signed, sorted");
        }
        String token = exchange.getRequestHeaders().getFirst("X-Amz-Security-Token");
        if (sessionToken != null && (!sessionToken.equals(token) || !signedHeaders.contains("x-amz-security-token"))) {
            return refuse(exchange, 400, "UnrecognizedClientException", "The security token included in the request is invalid.");
        }
        StringBuilder canonical = new StringBuilder("POST\n/\n\n");
        for (String name : signedHeaders) {
            List<String> values = exchange.getRequestHeaders().get(name);
            if (values == null) {
                return refuse(exchange, 400, "IncompleteSignatureException", "signed header " + name + " is missing");
            }
            canonical.append(name).append(':').append(String.join(",", values.stream()
                    .map(v -> v.trim().replaceAll(" +", " ")).toList())).append('\n');
        }
        canonical.append('\n').append(m.group(5)).append('\n').append(hex(sha256(body)));
        String scope = m.group(2) + "/" + region + "/secretsmanager/aws4_request";
        String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
                + hex(sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), m.group(2));
        key = hmac(key, region);
        key = hmac(key, "secretsmanager");
        key = hmac(key, "aws4_request");
        if (!MessageDigest.isEqual(hex(hmac(key, toSign)).getBytes(StandardCharsets.US_ASCII),
                m.group(6).getBytes(StandardCharsets.US_ASCII))) {
            return refuse(exchange, 400, "InvalidSignatureException",
                    "The request signature we calculated does not match the signature you provided.");
        }
        return null;
    }

    private synchronized String refuse(HttpExchange exchange, int status, String type, String message) throws IOException {
        refusals.add(type + ": " + message);
        error(exchange, status, type, message);
        return type;
    }

    private void error(HttpExchange exchange, int status, String type, String message) throws IOException {
        exchange.getResponseHeaders().add("x-amzn-ErrorType", type);
        send(exchange, status, json.writeValueAsBytes(Map.of("__type", type, "message", message)));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", JSON_11);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes).toLowerCase(Locale.ROOT);
    }
}
