package dev.bananagateway.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.bananagateway.local.DynamoDbLocal;
import dev.bananagateway.task.TaskTable;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** One DynamoDB Local per test JVM, shared by plain (non-Quarkus) tests; each test class gets its own table. */
public final class LocalDynamo {

    private static DynamoDbLocal server;

    private LocalDynamo() {
    }

    public static synchronized DynamoDbLocal server() {
        if (server == null) {
            server = DynamoDbLocal.start(0);
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        }
        return server;
    }

    public static DynamoDbClient client() {
        return DynamoDbClient.builder()
                .endpointOverride(server().endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** Creates a fresh table and returns its name. */
    public static String newTable(DynamoDbClient client) {
        String name = "tasks-" + UUID.randomUUID();
        TaskTable.createIfAbsent(client, name);
        return name;
    }

    public static ObjectMapper json() {
        return new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }
}
