package dev.bananagateway.task;

import dev.bananagateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * Token buckets shared by every instance through the table: one item per bucket
 * ({@code BUDGET#<name>}), taken from by one conditional UpdateItem, never read first.
 *
 * <p>The item holds a single time, {@code fullAt}: when the bucket will be full again if nothing more
 * is taken (the generic cell rate algorithm, a token bucket written as a time). Each take moves it one
 * {@code interval} later (from now when it lies in the past: the refill by elapsed time), and a take is
 * allowed while {@code fullAt} runs at most {@code tolerance} ahead of now; the tokens left are
 * {@code (now + tolerance - fullAt) / interval + 1}. Both moves are plain conditional updates, so no
 * instance ever writes a count it computed from a stale read.
 */
@ApplicationScoped
public class RequestBuckets {

    /** A take after this many lost races gives up for now (callers treat it as a spent budget). */
    private static final int MAX_TRIES = 4;
    private static final String FULL_AT = "fullAt";

    /** What a take got: granted, or how long until it could be. */
    public record Take(boolean granted, Duration retryAfter) {
        static final Take GRANTED = new Take(true, Duration.ZERO);
    }

    private final DynamoDbClient dynamo;
    private final String tableName;
    /** The last {@code fullAt} this instance saw per bucket: picks the write that is likely to apply. */
    private final Map<String, Long> lastSeen = new ConcurrentHashMap<>();

    @Inject
    public RequestBuckets(DynamoDbClient dynamo, GatewayConfig config) {
        this(dynamo, config.tableName());
    }

    public RequestBuckets(DynamoDbClient dynamo, String tableName) {
        this.dynamo = dynamo;
        this.tableName = tableName;
    }

    /**
     * Takes one token from {@code bucket}.
     *
     * @param interval the time one token takes to refill
     * @param tolerance how far ahead of now {@code fullAt} may run for the take to be granted: (burst - 1)
     *        intervals for the whole bucket; less keeps tokens back for more important takes
     */
    public Take take(String bucket, Instant now, Duration interval, Duration tolerance) {
        long nowMs = now.toEpochMilli();
        long limit = nowMs + tolerance.toMillis();
        Long seen = lastSeen.get(bucket);
        for (int attempt = 0; attempt < MAX_TRIES; attempt++) {
            if (seen != null && seen > limit) {
                // fullAt never moves back, so a value seen past the limit still is: no write needed to refuse
                return new Take(false, Duration.ofMillis(seen - limit));
            }
            try {
                if (seen == null || seen < nowMs) {
                    long next = nowMs + interval.toMillis();
                    update(bucket, "SET #f = :next", "attribute_not_exists(#f) OR #f < :idle",
                            Map.of(":next", n(next), ":idle", n(Math.min(nowMs, limit + 1))));
                    lastSeen.merge(bucket, next, Math::max);
                } else {
                    update(bucket, "SET #f = #f + :interval", "#f BETWEEN :now AND :limit",
                            Map.of(":interval", n(interval.toMillis()), ":now", n(nowMs), ":limit", n(limit)));
                    lastSeen.merge(bucket, seen + interval.toMillis(), Math::max);
                }
                return Take.GRANTED;
            } catch (ConditionalCheckFailedException lost) {
                AttributeValue current = lost.hasItem() ? lost.item().get(FULL_AT) : null;
                seen = current == null ? null : Long.valueOf(current.n());
                if (seen != null) {
                    lastSeen.merge(bucket, seen, Math::max);
                }
            }
        }
        return new Take(false, interval);
    }

    private void update(String bucket, String update, String condition, Map<String, AttributeValue> values) {
        dynamo.updateItem(b -> b.tableName(tableName)
                .key(Map.of(TaskTable.PK, AttributeValue.fromS("BUDGET#" + bucket)))
                .updateExpression(update)
                .conditionExpression(condition)
                .expressionAttributeNames(Map.of("#f", FULL_AT))
                .expressionAttributeValues(values)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
