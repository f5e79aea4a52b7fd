package dev.bananagateway.functions;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bananagateway.config.GatewayConfig;
import dev.bananagateway.task.DynamoTaskStore;
import dev.bananagateway.task.Task;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The real store, except that the first submit of a task whose prompt holds {@link #CRASH_MARKER}
 * dies after claiming its Idempotency-Key and before writing its task: what a process killed
 * between the two writes (kill -9, a Lambda timeout) leaves behind is exactly the claim.
 */
@Alternative
@Singleton
public class ClaimCrashStore extends DynamoTaskStore {

    public static final String CRASH_MARKER = "(crash after claim)";

    /** What the dying submit throws; the function answers 500, where a killed process answers nothing. */
    public static final class SimulatedCrash extends RuntimeException {
        SimulatedCrash(String taskId) {
            super("simulated crash between the idempotency claim and the write of task " + taskId);
        }
    }

    private final Set<String> crashed = ConcurrentHashMap.newKeySet();

    @Inject
    public ClaimCrashStore(DynamoDbClient dynamo, GatewayConfig config, ObjectMapper json, Clock clock) {
        super(dynamo, config, json, clock);
    }

    @Override
    public boolean createClaimed(Task task, String owner, String key) {
        String prompt = task.request().prompt();
        if (prompt.contains(CRASH_MARKER) && crashed.add(prompt)) {
            throw new SimulatedCrash(task.id());
        }
        return super.createClaimed(task, owner, key);
    }
}
