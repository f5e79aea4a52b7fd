package dev.bananagateway.bench;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts the application's DynamoDB requests by operation name (PutItem, UpdateItem, GetItem,
 * Query, ...). Registered on the application's client through {@code quarkus.dynamodb.interceptors}
 * (a build-time key, set by {@link BenchProfile}); the extension takes the CDI bean of that class
 * when there is one, so benchmarks inject this same instance and read it.
 */
@Singleton
public class DynamoDbRequestCounter implements ExecutionInterceptor {

    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
    /** Calls per operation and item kind ("UpdateItem BUDGET", "Query due-index"): which items cost what. */
    private final Map<String, LongAdder> byItem = new ConcurrentHashMap<>();
    /** HTTP attempts: more than the calls only when the SDK retried. */
    private final LongAdder attempts = new LongAdder();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        calls.computeIfAbsent(operation, k -> new LongAdder()).increment();
        byItem.computeIfAbsent(operation + " " + itemKind(context.request()), k -> new LongAdder()).increment();
    }

    /** The kind of item a request names: its key's prefix (TASK, IDEM, HEALTH, BUDGET, SWEEPER), or a query's index. */
    private static String itemKind(SdkRequest request) {
        Map<String, AttributeValue> key = null;
        if (request instanceof UpdateItemRequest r) {
            key = r.key();
        } else if (request instanceof GetItemRequest r) {
            key = r.key();
        } else if (request instanceof PutItemRequest r) {
            key = r.item();
        } else if (request instanceof DeleteItemRequest r) {
            key = r.key();
        } else if (request instanceof QueryRequest r) {
            return r.indexName() == null ? "table" : r.indexName();
        }
        AttributeValue pk = key == null ? null : key.get("pk");
        if (pk == null || pk.s() == null) {
            return "other";
        }
        int end = pk.s().indexOf('#');
        return end < 0 ? pk.s() : pk.s().substring(0, end);
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        attempts.increment();
    }

    public void reset() {
        calls.clear();
        byItem.clear();
        attempts.reset();
    }

    /** Calls per operation since the last reset, sorted by operation name. */
    public Map<String, Long> calls() {
        Map<String, Long> out = new TreeMap<>();
        calls.forEach((operation, count) -> out.put(operation, count.sum()));
        return out;
    }

    /** Calls per operation and item kind since the last reset, sorted. */
    public Map<String, Long> callsByItem() {
        Map<String, Long> out = new TreeMap<>();
        byItem.forEach((key, count) -> out.put(key, count.sum()));
        return out;
    }

    public long attempts() {
        return attempts.sum();
    }
}
