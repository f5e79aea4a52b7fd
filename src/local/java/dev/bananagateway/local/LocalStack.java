package dev.bananagateway.local;

import dev.bananagateway.config.GatewayConfig;
import dev.bananagateway.local.simulator.ProviderSimulator;
import dev.bananagateway.task.TaskTable;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code ./mvnw quarkus:dev} only: starts DynamoDB Local in this JVM and creates the table before
 * anything uses it, the embedded S3 server with the media bucket, and the provider simulator that providers without a real key are sent to. Tests start their own stack (see the test resource); Lambda never has this.
 */
@ApplicationScoped
@IfBuildProfile("dev")
public class LocalStack {

    private static final Logger LOG = Logger.getLogger(LocalStack.class);

    private final int dynamoPort;
    private final java.util.Optional<java.nio.file.Path> dynamoPath;
    private final int simulatorPort;
    private ProviderSimulator simulator;
    private final String tableName;
    private final jakarta.enterprise.inject.Instance<DynamoDbClient> dynamo;
    private DynamoDbLocal dynamoDbLocal;
    private final int s3Port;
    private final String bucket;
    private final jakarta.enterprise.inject.Instance<S3Client> s3;
    private EmbeddedS3 embeddedS3;
    private final java.util.Optional<java.net.URI> mediaEndpoint;

    public LocalStack(GatewayConfig config, jakarta.enterprise.inject.Instance<DynamoDbClient> dynamo,
            jakarta.enterprise.inject.Instance<S3Client> s3) {
        this.s3Port = config.local().s3Port();
        this.bucket = config.media().bucket();
        this.mediaEndpoint = config.media().endpointOverride();
        this.s3 = s3;
        this.dynamoPort = config.local().dynamodbPort();
        this.dynamoPath = config.local().dynamodbPath().map(java.nio.file.Path::of);
        this.simulatorPort = config.local().simulatorPort();
        this.tableName = config.tableName();
        this.dynamo = dynamo;
    }

    void start(@Observes @Priority(1) StartupEvent event) {
        dynamoDbLocal = DynamoDbLocal.start(dynamoPort, dynamoPath);
        TaskTable.createIfAbsent(dynamo.get(), tableName);
        LOG.infof("DynamoDB Local on %s, table %s, data %s", dynamoDbLocal.endpoint(), tableName,
                dynamoPath.map(p -> "in " + p.toAbsolutePath()).orElse("in memory"));
        embeddedS3 = EmbeddedS3.start(s3Port);
        MediaBucketSetup.createIfAbsent(s3.get(), bucket);
        LOG.infof("S3 server (S3Proxy) on %s, bucket %s", embeddedS3.endpoint(), bucket);
        simulator = ProviderSimulator.start(simulatorPort);
        // the gateway's presigned upload URLs point where its S3 client does
        mediaEndpoint.ifPresent(simulator::trustLocalMedia);
        LOG.infof("Provider simulator on %s (control API under /_sim)", simulator.baseUri());
    }

    void stop(@Observes ShutdownEvent event) {
        if (simulator != null) {
            simulator.close();
        }
        if (dynamoDbLocal != null) {
            dynamoDbLocal.close();
        }
        if (embeddedS3 != null) {
            embeddedS3.close();
        }
    }
}
