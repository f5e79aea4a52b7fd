package dev.bananagateway.config.aws;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * A POST to an AWS service, signed with the SDK's own SigV4 signer and sent by {@code java.net.http}:
 * for the few calls whose SDK modules do not resolve here (Secrets Manager at cold start, Lambda
 * Invoke for sweeper workers), so neither needs a client of its own beyond the JDK's.
 */
public final class SigV4Post {

    /** Headers the JDK client sets itself and refuses from callers; the signature covers them anyway. */
    private static final Set<String> CLIENT_HEADERS = Set.of("host", "content-length", "connection");

    private SigV4Post() {
    }

    /** The signed request: {@code headers} and the body are signed for {@code service} in {@code region}. */
    public static HttpRequest request(URI uri, Map<String, String> headers, String body, String service, String region,
            AwsCredentialsProvider credentials, Duration timeout) {
        SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(uri);
        headers.forEach(unsigned::putHeader);
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(credentials.resolveCredentials())
                .request(unsigned.build())
                .payload(ContentStreamProvider.fromUtf8String(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        signed.request().headers().forEach((name, values) -> {
            if (!CLIENT_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        return request.build();
    }
}
