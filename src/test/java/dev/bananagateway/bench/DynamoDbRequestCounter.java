package dev.bananagateway.bench;

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
    /** HTTP attempts: more than the calls only when the SDK retried. */
    private final LongAdder attempts = new LongAdder();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        calls.computeIfAbsent(operation, k -> new LongAdder()).increment();
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        attempts.increment();
    }

    public void reset() {
        calls.clear();
        attempts.reset();
    }

    /** Calls per operation since the last reset, sorted by operation name. */
    public Map<String, Long> calls() {
        Map<String, Long> out = new TreeMap<>();
        calls.forEach((operation, count) -> out.put(operation, count.sum()));
        return out;
    }

    public long attempts() {
        return attempts.sum();
    }
}
