package dev.bananagateway.task;

import dev.bananagateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * Who works which shard of the sweeper index, in the table: one lease item per shard
 * ({@code SWEEPER#LEASE#<shard>}: owner, expiry), taken and given back by conditional writes, so two
 * workers never work one shard at once, and a crashed worker's lease simply runs out; and the highest
 * shard count ever used ({@code SWEEPER#SHARDS}), so that tasks indexed under a shard that a smaller
 * count no longer names are still swept (a task moves to its new shard at its next write).
 */
@ApplicationScoped
public class SweeperLeases {

    private static final Map<String, AttributeValue> SHARDS_KEY = Map.of(TaskTable.PK,
            AttributeValue.fromS("SWEEPER#SHARDS"));
    /** Lease items are tiny and few; TTL removes one a day after its last use. */
    private static final Duration KEEP = Duration.ofDays(1);

    private final DynamoDbClient dynamo;
    private final String tableName;

    @Inject
    public SweeperLeases(DynamoDbClient dynamo, GatewayConfig config) {
        this(dynamo, config.tableName());
    }

    public SweeperLeases(DynamoDbClient dynamo, String tableName) {
        this.dynamo = dynamo;
        this.tableName = tableName;
    }

    /**
     * Takes shard {@code shard} for {@code owner} until {@code until}: granted when nobody holds it, its
     * lease ran out, or {@code owner} holds it already. One conditional UpdateItem.
     */
    public boolean acquire(int shard, String owner, Instant now, Instant until) {
        try {
            dynamo.updateItem(b -> b.tableName(tableName).key(leaseKey(shard))
                    .updateExpression("SET #owner = :owner, #expires = :until, #ttl = :ttl")
                    .conditionExpression("attribute_not_exists(#expires) OR #expires <= :now OR #owner = :owner")
                    .expressionAttributeNames(Map.of("#owner", "owner", "#expires", "expiresAt", "#ttl", TaskTable.TTL))
                    .expressionAttributeValues(Map.of(":owner", AttributeValue.fromS(owner),
                            ":until", millis(until), ":now", millis(now),
                            ":ttl", AttributeValue.fromN(Long.toString(until.plus(KEEP).getEpochSecond())))));
            return true;
        } catch (ConditionalCheckFailedException held) {
            return false;
        }
    }

    /** Gives the lease back (only if {@code owner} still holds it), so the next worker need not wait for it to run out. */
    public void release(int shard, String owner, Instant now) {
        try {
            dynamo.updateItem(b -> b.tableName(tableName).key(leaseKey(shard))
                    .updateExpression("SET #expires = :now")
                    .conditionExpression("#owner = :owner")
                    .expressionAttributeNames(Map.of("#owner", "owner", "#expires", "expiresAt"))
                    .expressionAttributeValues(Map.of(":owner", AttributeValue.fromS(owner), ":now", millis(now))));
        } catch (ConditionalCheckFailedException taken) {
            // it ran out and another worker holds it now: nothing to give back
        }
    }

    /**
     * Records that {@code shards} shards are in use and returns the highest count ever recorded (at
     * least {@code shards}). One conditional UpdateItem, which writes only when the count grows.
     */
    public int recordShardCount(int shards) {
        try {
            dynamo.updateItem(b -> b.tableName(tableName).key(SHARDS_KEY)
                    .updateExpression("SET #highest = :n")
                    .conditionExpression("attribute_not_exists(#highest) OR #highest < :n")
                    .expressionAttributeNames(Map.of("#highest", "highest"))
                    .expressionAttributeValues(Map.of(":n", AttributeValue.fromN(Integer.toString(shards))))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return shards;
        } catch (ConditionalCheckFailedException higher) {
            return higher.hasItem() && higher.item().containsKey("highest")
                    ? Math.max(shards, Integer.parseInt(higher.item().get("highest").n())) : highestShardCount(shards);
        }
    }

    /** The highest shard count ever recorded, at least {@code shards}; one eventually consistent GetItem. */
    public int highestShardCount(int shards) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(tableName).key(SHARDS_KEY)).item();
        AttributeValue highest = item == null ? null : item.get("highest");
        return highest == null ? shards : Math.max(shards, Integer.parseInt(highest.n()));
    }

    private static Map<String, AttributeValue> leaseKey(int shard) {
        return Map.of(TaskTable.PK, AttributeValue.fromS("SWEEPER#LEASE#" + shard));
    }

    private static AttributeValue millis(Instant at) {
        return AttributeValue.fromN(Long.toString(at.toEpochMilli()));
    }
}
