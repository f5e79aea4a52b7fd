package dev.bananagateway.media;

import dev.bananagateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The S3 client and presigner for the media bucket: the SDK's own (the Quarkiverse S3 extension's
 * deployment artifact does not resolve beside the DynamoDB one), on the url-connection HTTP client
 * the DynamoDB client uses too. With an endpoint override (the local stack's embedded server) they
 * use path-style addresses and the configured static credentials.
 */
@ApplicationScoped
public class S3Clients {

    private final GatewayConfig.Media config;

    public S3Clients(GatewayConfig config) {
        this.config = config.media();
    }

    @Produces
    @Singleton
    S3Client s3() {
        var builder = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.builder().build())
                .region(region())
                .credentialsProvider(credentials())
                // checksums only where S3 requires them: the parts are hashed with SHA-256 as they stream
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                // Over https (S3) a part's payload goes unsigned and unchunked. Over plain http (the
                // local server) the SDK must sign it: aws-chunked signing copies every 128 KiB chunk
                // into a new array (a part's size of garbage per part); unchunked, it hashes the part
                // buffer in place before sending it.
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build());
        config.endpointOverride().ifPresent(endpoint -> builder.endpointOverride(endpoint).forcePathStyle(true));
        return builder.build();
    }

    @Produces
    @Singleton
    S3Presigner presigner() {
        var builder = S3Presigner.builder().region(region()).credentialsProvider(credentials());
        config.endpointOverride().ifPresent(endpoint -> builder.endpointOverride(endpoint)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()));
        return builder.build();
    }

    void close(@Disposes S3Client s3) {
        s3.close();
    }

    void close(@Disposes S3Presigner presigner) {
        presigner.close();
    }

    private Region region() {
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (RuntimeException none) {
            // only the local stack runs without AWS_REGION; its server takes any region
            return Region.US_EAST_1;
        }
    }

    private AwsCredentialsProvider credentials() {
        if (config.accessKeyId().isPresent() && config.secretAccessKey().isPresent()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(config.accessKeyId().get(),
                    config.secretAccessKey().get()));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
