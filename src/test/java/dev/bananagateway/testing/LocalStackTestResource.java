package dev.bananagateway.testing;

import dev.bananagateway.local.DynamoDbLocal;
import dev.bananagateway.local.EmbeddedS3;
import dev.bananagateway.local.MediaBucketSetup;
import dev.bananagateway.local.simulator.ProviderSimulator;
import dev.bananagateway.task.TaskTable;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The local stack for Quarkus tests: DynamoDB Local on a free port with the table created, the
 * embedded S3 server with the media bucket, and the provider simulator on a free port. Hands the application their endpoints through configuration
 * ({@code quarkus.dynamodb.endpoint-override}, {@code gateway.simulator.url}); tests reach the
 * simulator through its HTTP control API ({@code SimulatorControl}), since it lives in another class loader.
 */
public class LocalStackTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String TABLE = "banana-gateway-tasks-test";
    public static final String BUCKET = "banana-gateway-media-test";

    /** The name of the test field that receives the media bucket's outage switch (see {@link #inject}). */
    public static final String MEDIA_BUCKET_REACHABLE = "mediaBucketReachable";

    private DynamoDbLocal dynamo;
    private ProviderSimulator simulator;
    private EmbeddedS3 s3;

    @Override
    public Map<String, String> start() {
        dynamo = DynamoDbLocal.start(0);
        try (DynamoDbClient client = DynamoDbClient.builder()
                .endpointOverride(dynamo.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            TaskTable.createIfAbsent(client, TABLE);
        }
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.dynamodb.endpoint-override", dynamo.endpoint().toString());
        config.put("gateway.table-name", TABLE);
        config.put("gateway.local.api-port", Integer.toString(DynamoDbLocal.freePort()));
        s3 = EmbeddedS3.start(0);
        try (S3Client client = S3Client.builder()
                .endpointOverride(s3.endpoint())
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(EmbeddedS3.ACCESS_KEY, EmbeddedS3.SECRET_KEY)))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            MediaBucketSetup.createIfAbsent(client, BUCKET);
        }
        config.put("gateway.media.endpoint-override", s3.endpoint().toString());
        config.put("gateway.media.bucket", BUCKET);
        config.put("gateway.media.access-key-id", EmbeddedS3.ACCESS_KEY);
        config.put("gateway.media.secret-access-key", EmbeddedS3.SECRET_KEY);
        // every provider without a real key is called at the simulator (ProviderEndpoint.resolve)
        simulator = ProviderSimulator.start(0);
        simulator.trustLocalMedia(s3.endpoint());
        config.put("gateway.simulator.url", simulator.baseUri().toString());
        return config;
    }

    /**
     * A test that declares {@code java.util.function.Consumer<Boolean> mediaBucketReachable} gets the
     * switch that takes the embedded S3 server down and brings it back ({@link EmbeddedS3#reachable}):
     * a JDK type, since the test lives in another class loader.
     */
    @Override
    public void inject(TestInjector injector) {
        java.util.function.Consumer<Boolean> reachable = up -> s3.reachable(up);
        injector.injectIntoFields(reachable, field -> field.getName().equals(MEDIA_BUCKET_REACHABLE)
                && field.getType() == java.util.function.Consumer.class);
    }

    @Override
    public void stop() {
        if (simulator != null) {
            simulator.close();
        }
        if (dynamo != null) {
            dynamo.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }
}
