package dev.bananagateway.task;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveSpecification;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveRequest;

/**
 * The one table's definition, in one place: the local stack and tests create the table from it,
 * and a test checks that template.yaml declares the same keys, index and TTL attribute.
 */
public final class TaskTable {

    public static final String PK = "pk";
    public static final String DUE_INDEX = "due-index";
    public static final String DUE_SHARD = "dueShard";
    public static final String NEXT_CHECK_AT = "nextCheckAt";
    public static final String TTL = "ttl";
    /** Every task by its owner, newest first: the list route's index. */
    public static final String OWNER_INDEX = "owner-index";
    public static final String OWNER = "owner";
    public static final String CREATED_AT = "createdAt";

    private TaskTable() {
    }

    public static CreateTableRequest createTableRequest(String tableName) {
        return CreateTableRequest.builder()
                .tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        attribute(PK, ScalarAttributeType.S),
                        attribute(DUE_SHARD, ScalarAttributeType.S),
                        attribute(NEXT_CHECK_AT, ScalarAttributeType.N),
                        attribute(OWNER, ScalarAttributeType.S),
                        attribute(CREATED_AT, ScalarAttributeType.N))
                .keySchema(KeySchemaElement.builder().attributeName(PK).keyType(KeyType.HASH).build())
                .globalSecondaryIndexes(
                        index(DUE_INDEX, DUE_SHARD, NEXT_CHECK_AT),
                        // ALL: a page is one Query; the task view needs nearly every attribute anyway
                        index(OWNER_INDEX, OWNER, CREATED_AT))
                .build();
    }

    /** Creates the table with TTL on, unless it exists (local stack and tests only; AWS gets it from SAM). */
    public static void createIfAbsent(DynamoDbClient client, String tableName) {
        try {
            client.createTable(createTableRequest(tableName));
        } catch (ResourceInUseException exists) {
            return;
        }
        client.waiter().waitUntilTableExists(b -> b.tableName(tableName));
        client.updateTimeToLive(UpdateTimeToLiveRequest.builder().tableName(tableName)
                .timeToLiveSpecification(TimeToLiveSpecification.builder().attributeName(TTL).enabled(true).build())
                .build());
    }

    private static GlobalSecondaryIndex index(String name, String hash, String range) {
        return GlobalSecondaryIndex.builder()
                .indexName(name)
                .keySchema(
                        KeySchemaElement.builder().attributeName(hash).keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName(range).keyType(KeyType.RANGE).build())
                .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                .build();
    }

    private static AttributeDefinition attribute(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
    }
}
