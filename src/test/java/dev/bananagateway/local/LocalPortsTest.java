package dev.bananagateway.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bananagateway.config.GatewayConfig;
import dev.bananagateway.task.TaskTable;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.common.MapBackedConfigSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The local run's ports, as {@code ./mvnw quarkus:dev} reads them (the dev profile of
 * application.properties): each port key moves the client that talks to that server, by key or by
 * environment variable; {@code quarkus.http.port} moves the public API; and DynamoDB Local can keep
 * its data in a folder across restarts.
 */
class LocalPortsTest {

    private static SmallRyeConfig dev(Map<String, String> environment, Map<String, String> systemProperties)
            throws Exception {
        return new SmallRyeConfigBuilder()
                .withProfile("dev")
                .addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(
                        LocalPortsTest.class.getClassLoader().getResource("application.properties"), 250))
                .withSources(new EnvConfigSource(environment, 300))
                .withSources(new MapBackedConfigSource("system properties", systemProperties, 400) {
                })
                .withConverter(java.time.Duration.class, 200, new io.quarkus.runtime.configuration.DurationConverter())
                .withMapping(GatewayConfig.class)
                .build();
    }

    @Test
    void theDefaultsAreTheDocumentedPorts() throws Exception {
        SmallRyeConfig config = dev(Map.of(), Map.of());
        GatewayConfig.Local local = config.getConfigMapping(GatewayConfig.class).local();
        assertEquals(8080, local.apiPort());
        assertEquals(8000, local.dynamodbPort());
        assertEquals(8090, local.simulatorPort());
        assertEquals("http://localhost:8000", config.getValue("quarkus.dynamodb.endpoint-override", String.class));
        assertEquals("http://localhost:8090", config.getValue("gateway.simulator.url", String.class));
        assertEquals(Optional.empty(), local.dynamodbPath());
    }

    @Test
    void eachPortKeyMovesItsClient() throws Exception {
        SmallRyeConfig config = dev(Map.of(), Map.of("gateway.local.dynamodb-port", "18000",
                "gateway.local.simulator-port", "18090", "gateway.local.api-port", "18080"));
        assertEquals("http://localhost:18000", config.getValue("quarkus.dynamodb.endpoint-override", String.class));
        assertEquals("http://localhost:18090", config.getValue("gateway.simulator.url", String.class));
        assertEquals(18080, config.getConfigMapping(GatewayConfig.class).local().apiPort());
    }

    @Test
    void eachPortEnvironmentVariableMovesItsClient() throws Exception {
        SmallRyeConfig config = dev(Map.of("GATEWAY_LOCAL_DYNAMODB_PORT", "28000", "GATEWAY_LOCAL_SIMULATOR_PORT",
                "28090", "GATEWAY_LOCAL_API_PORT", "28080", "GATEWAY_LOCAL_DYNAMODB_PATH", "target/dynamo"), Map.of());
        assertEquals("http://localhost:28000", config.getValue("quarkus.dynamodb.endpoint-override", String.class));
        assertEquals("http://localhost:28090", config.getValue("gateway.simulator.url", String.class));
        GatewayConfig.Local local = config.getConfigMapping(GatewayConfig.class).local();
        assertEquals(28080, local.apiPort());
        assertEquals(Optional.of("target/dynamo"), local.dynamodbPath());
    }

    @Test
    void quarkusHttpPortMovesThePublicApiAndTheOwnKeyWins() throws Exception {
        assertEquals(9080, dev(Map.of(), Map.of("quarkus.http.port", "9080"))
                .getConfigMapping(GatewayConfig.class).local().apiPort());
        assertEquals(9081, dev(Map.of(), Map.of("quarkus.http.port", "9080", "gateway.local.api-port", "9081"))
                .getConfigMapping(GatewayConfig.class).local().apiPort());
        assertEquals(9082, dev(Map.of("GATEWAY_LOCAL_API_PORT", "9082"), Map.of("quarkus.http.port", "9080"))
                .getConfigMapping(GatewayConfig.class).local().apiPort());
    }

    @Test
    void dynamoDbLocalKeepsItsDataInAFolderAcrossRestarts(@TempDir Path folder) throws Exception {
        Path data = folder.resolve("dynamodb");
        try (DynamoDbLocal first = DynamoDbLocal.start(0, Optional.of(data)); DynamoDbClient client = client(first)) {
            TaskTable.createIfAbsent(client, "kept");
            client.putItem(b -> b.tableName("kept").item(Map.of(TaskTable.PK, AttributeValue.fromS("TASK#kept"))));
        }
        try (var files = Files.list(data)) {
            assertTrue(files.findAny().isPresent(), "the data is in the folder");
        }
        try (DynamoDbLocal second = DynamoDbLocal.start(0, Optional.of(data)); DynamoDbClient client = client(second)) {
            TaskTable.createIfAbsent(client, "kept"); // what a restarted local run does
            assertTrue(client.getItem(b -> b.tableName("kept").key(Map.of(TaskTable.PK,
                    AttributeValue.fromS("TASK#kept")))).hasItem(), "the item survived the restart");
        }
        try (DynamoDbLocal inMemory = DynamoDbLocal.start(0); DynamoDbClient client = client(inMemory)) {
            assertTrue(client.listTables().tableNames().isEmpty(), "without a folder nothing is shared");
        }
    }

    private static DynamoDbClient client(DynamoDbLocal dynamo) {
        return DynamoDbClient.builder().endpointOverride(dynamo.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }
}
