package dev.bananagateway.task;

import jakarta.inject.Inject;
import dev.bananagateway.config.GatewayConfig;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bananagateway.model.Cost;
import dev.bananagateway.model.Degradation;
import dev.bananagateway.model.GenerationRequest;
import dev.bananagateway.model.Output;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/** {@link TaskStore} on one DynamoDB table (see {@link TaskTable}). */
@ApplicationScoped
public class DynamoTaskStore implements TaskStore {

    private static final String TASK_PREFIX = "TASK#";
    private static final String IDEMPOTENCY_PREFIX = "IDEM#";
    private static final String CLAIMED_AT = "claimedAt";
    private static final String TASK_WRITTEN = "taskWritten";
    private static final String ANSWER_STATUS = "answerStatus";
    private static final String ANSWER_BODY = "answerBody";
    /** One item holds every provider's health: one read refreshes an instance's view. */
    private static final char CURSOR_SEPARATOR = ' ';
    /** The model's current id, top level so the list can filter on it. */
    private static final String MODEL = "model";
    /** Index items a filtered list reads per Query, and how many Queries one page may take. */
    private static final int FILTERED_LIST_PAGE = 100;
    private static final int MAX_LIST_QUERIES = 5;
    private static final Map<String, AttributeValue> HEALTH_KEY = Map.of(TaskTable.PK, AttributeValue.fromS("HEALTH"));
    private static final TypeReference<List<Attempt>> ATTEMPTS = new TypeReference<>() {
    };
    private static final TypeReference<List<Output>> OUTPUTS = new TypeReference<>() {
    };
    private static final TypeReference<List<Degradation>> DEGRADED = new TypeReference<>() {
    };

    private final DynamoDbClient dynamo;
    private final String tableName;
    private final int shards;
    private final ObjectMapper json;
    private final Clock clock;

    @Inject
    public DynamoTaskStore(DynamoDbClient dynamo, GatewayConfig config, ObjectMapper json, Clock clock) {
        this(dynamo, config.tableName(), config.sweeper().shards(), json, clock);
    }

    public DynamoTaskStore(DynamoDbClient dynamo, String tableName, int shards, ObjectMapper json, Clock clock) {
        this.dynamo = dynamo;
        this.tableName = tableName;
        this.shards = shards;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public boolean create(Task task) {
        try {
            dynamo.putItem(PutItemRequest.builder()
                    .tableName(tableName)
                    .item(toItem(task))
                    .conditionExpression("attribute_not_exists(pk)")
                    .build());
            return true;
        } catch (ConditionalCheckFailedException exists) {
            return false;
        }
    }

    @Override
    public Optional<Task> get(String taskId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(tableName).key(taskKey(taskId))
                .consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    @Override
    public TransitionResult update(TaskUpdate u) {
        Expression e = new Expression();
        Instant now = clock.instant();
        e.set("updatedAt", epochMillis(now));
        e.increment("version");
        Set<TaskState> from = u.onCanceledTask ? Set.of(TaskState.CANCELED)
                : u.state == null ? TaskState.nonTerminal() : TaskState.predecessorsOf(u.state);
        e.condition("attribute_exists(pk)");
        e.condition(e.name("state") + " IN (" + String.join(",", from.stream()
                .map(s -> e.value(AttributeValue.fromS(s.name()))).toList()) + ")");
        if (u.expectedVersion != null) {
            e.condition(e.name("version") + " = " + e.value(number(u.expectedVersion)));
        }
        if (u.state != null) {
            e.set("state", AttributeValue.fromS(u.state.name()));
        }
        if (u.progress != null) {
            String p = e.value(number(u.progress));
            e.condition("(attribute_not_exists(" + e.name("progress") + ") OR " + e.name("progress") + " <= " + p + ")");
            e.setRaw("progress", p);
        }
        if (u.provider != null) {
            e.set("provider", AttributeValue.fromS(u.provider));
        }
        if (u.providerTaskId != null) {
            e.set("providerTaskId", AttributeValue.fromS(u.providerTaskId));
        }
        if (u.attempts != null) {
            e.set("attempts", AttributeValue.fromS(write(u.attempts)));
        }
        if (u.outputs != null) {
            e.set("outputs", AttributeValue.fromS(write(u.outputs)));
        }
        if (u.error != null) {
            e.set("error", AttributeValue.fromS(write(u.error)));
        }
        if (u.cost != null) {
            e.set("cost", AttributeValue.fromS(write(u.cost)));
        }
        if (u.degraded != null) {
            e.set("degraded", AttributeValue.fromS(write(u.degraded)));
        }
        if (u.lateResult != null) {
            e.set("lateResult", AttributeValue.fromS(write(u.lateResult)));
        }
        if (u.incrementPollCount) {
            e.increment("pollCount");
        }
        storage(u, e);
        boolean terminal = u.state != null && u.state.terminal();
        if (terminal) {
            e.set("completedAt", epochMillis(now));
        }
        if (u.nextCheckAt != null) {
            e.set(TaskTable.DUE_SHARD, AttributeValue.fromS(shardKey(shardOf(u.taskId))));
            e.set(TaskTable.NEXT_CHECK_AT, epochMillis(u.nextCheckAt));
        } else if (terminal) {
            e.remove(TaskTable.DUE_SHARD);
            e.remove(TaskTable.NEXT_CHECK_AT);
        }
        return conditionalUpdate(u.taskId, e, u.expectedVersion);
    }

    /** The media copy's attributes and the conditions that keep a single copier (see {@link TaskUpdate}). */
    private static void storage(TaskUpdate u, Expression e) {
        if (u.storing != null) {
            e.set("storing", AttributeValue.fromBool(u.storing));
            if (!u.storing && u.storeLeaseUntil == null) {
                e.remove("storeLeaseUntil");
            }
        }
        if (u.incrementStoreFailures) {
            e.increment("storeFailures");
        }
        if (u.storeLeaseUntil != null) {
            e.set("storeLeaseUntil", epochMillis(u.storeLeaseUntil));
        }
        if (u.claimStoreLeaseUntil != null) {
            e.condition(e.name("storing") + " = " + e.value(AttributeValue.fromBool(true)));
            e.condition("(attribute_not_exists(" + e.name("storeLeaseUntil") + ") OR " + e.name("storeLeaseUntil")
                    + " <= " + e.value(epochMillis(u.claimStoreLeaseAt)) + ")");
            e.set("storeLeaseUntil", epochMillis(u.claimStoreLeaseUntil));
        }
        if (u.heldStoreLease != null) {
            e.condition(e.name("storeLeaseUntil") + " = " + e.value(epochMillis(u.heldStoreLease)));
            if (u.storing == null) {
                // the holder lets go: the next writer may claim at once
                e.remove("storeLeaseUntil");
            }
        }
    }

    @Override
    public TransitionResult recordWebhook(String taskId, long expectedVersion, WebhookState state, Instant nextTryAt) {
        Expression e = new Expression();
        e.set("updatedAt", epochMillis(clock.instant()));
        e.increment("version");
        e.increment("webhookAttempts");
        e.set("webhookState", AttributeValue.fromS(state.name()));
        e.condition("attribute_exists(pk)");
        e.condition(e.name("version") + " = " + e.value(number(expectedVersion)));
        if (nextTryAt != null) {
            e.set(TaskTable.DUE_SHARD, AttributeValue.fromS(shardKey(shardOf(taskId))));
            e.set(TaskTable.NEXT_CHECK_AT, epochMillis(nextTryAt));
        } else {
            e.remove(TaskTable.DUE_SHARD);
            e.remove(TaskTable.NEXT_CHECK_AT);
        }
        return conditionalUpdate(taskId, e, expectedVersion);
    }

    private TransitionResult conditionalUpdate(String taskId, Expression e, Long expectedVersion) {
        try {
            UpdateItemResponse response = dynamo.updateItem(UpdateItemRequest.builder()
                    .tableName(tableName)
                    .key(taskKey(taskId))
                    .updateExpression(e.updateExpression())
                    .conditionExpression(e.conditionExpression())
                    .expressionAttributeNames(e.names)
                    .expressionAttributeValues(e.values)
                    .returnValues(ReturnValue.ALL_NEW)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                    .build());
            return new TransitionResult(TransitionResult.Outcome.APPLIED, fromItem(response.attributes()));
        } catch (ConditionalCheckFailedException lost) {
            Task current = lost.hasItem() && !lost.item().isEmpty() ? fromItem(lost.item()) : get(taskId).orElse(null);
            return new TransitionResult(whyLost(current, expectedVersion), current);
        }
    }

    private static TransitionResult.Outcome whyLost(Task current, Long expectedVersion) {
        if (current == null) {
            return TransitionResult.Outcome.NOT_FOUND;
        }
        if (expectedVersion != null && current.version() != expectedVersion) {
            return TransitionResult.Outcome.STALE_VERSION;
        }
        if (current.terminal()) {
            return TransitionResult.Outcome.ALREADY_TERMINAL;
        }
        return TransitionResult.Outcome.REGRESSION;
    }

    @Override
    public DuePage dueTasks(int shard, Instant now, int limit, String cursor) {
        QueryResponse page = dynamo.query(QueryRequest.builder()
                .tableName(tableName)
                .indexName(TaskTable.DUE_INDEX)
                .keyConditionExpression("#shard = :shard AND #next <= :now")
                .expressionAttributeNames(Map.of("#shard", TaskTable.DUE_SHARD, "#next", TaskTable.NEXT_CHECK_AT))
                .expressionAttributeValues(Map.of(":shard", AttributeValue.fromS(shardKey(shard)),
                        ":now", epochMillis(now)))
                .exclusiveStartKey(cursor == null ? null : startKey(shard, cursor))
                .limit(limit)
                .build());
        Map<String, AttributeValue> last = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                ? page.lastEvaluatedKey() : null;
        return new DuePage(page.items().stream().map(this::fromItem).toList(), last == null ? null
                : last.get(TaskTable.NEXT_CHECK_AT).n() + CURSOR_SEPARATOR + last.get(TaskTable.PK).s());
    }

    @Override
    public Optional<Instant> earliestCheck(int shard) {
        QueryResponse first = dynamo.query(QueryRequest.builder()
                .tableName(tableName)
                .indexName(TaskTable.DUE_INDEX)
                .keyConditionExpression("#shard = :shard")
                .expressionAttributeNames(Map.of("#shard", TaskTable.DUE_SHARD, "#next", TaskTable.NEXT_CHECK_AT))
                .expressionAttributeValues(Map.of(":shard", AttributeValue.fromS(shardKey(shard))))
                .projectionExpression("#next")
                .scanIndexForward(true)
                .limit(1)
                .build());
        return first.items().isEmpty() ? Optional.empty()
                : Optional.ofNullable(instant(first.items().get(0), TaskTable.NEXT_CHECK_AT));
    }

    @Override
    public int countDue(int shard, Instant until, int limit) {
        return dynamo.query(QueryRequest.builder()
                .tableName(tableName)
                .indexName(TaskTable.DUE_INDEX)
                .keyConditionExpression("#shard = :shard AND #next <= :until")
                .expressionAttributeNames(Map.of("#shard", TaskTable.DUE_SHARD, "#next", TaskTable.NEXT_CHECK_AT))
                .expressionAttributeValues(Map.of(":shard", AttributeValue.fromS(shardKey(shard)),
                        ":until", epochMillis(until)))
                .select(Select.COUNT)
                .limit(limit)
                .build()).count();
    }

    /** A cursor is "nextCheckAt pk" of the last task read: with the shard, the index's full key. */
    private static Map<String, AttributeValue> startKey(int shard, String cursor) {
        int split = cursor.indexOf(CURSOR_SEPARATOR);
        if (split <= 0) {
            throw new IllegalArgumentException("not a due-task cursor");
        }
        return Map.of(TaskTable.DUE_SHARD, AttributeValue.fromS(shardKey(shard)),
                TaskTable.NEXT_CHECK_AT, AttributeValue.fromN(cursor.substring(0, split)),
                TaskTable.PK, AttributeValue.fromS(cursor.substring(split + 1)));
    }

    @Override
    public TaskList.Page list(TaskList.Query q) {
        Map<String, String> names = new HashMap<>(Map.of("#owner", TaskTable.OWNER));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":owner", AttributeValue.fromS(q.owner())));
        String key = "#owner = :owner";
        // strictly after and strictly before, in the index's whole milliseconds
        long low = q.createdAfter() == null ? Long.MIN_VALUE : q.createdAfter().toEpochMilli() + 1;
        long high = q.createdBefore() == null ? Long.MAX_VALUE : ceilMillis(q.createdBefore()) - 1;
        if (low > high) {
            return new TaskList.Page(List.of(), null);
        }
        if (q.createdAfter() != null || q.createdBefore() != null) {
            names.put("#created", TaskTable.CREATED_AT);
            values.put(":low", number(low));
            values.put(":high", number(high));
            key += " AND #created BETWEEN :low AND :high";
        }
        List<String> filters = new ArrayList<>();
        if (!q.states().isEmpty()) {
            names.put("#state", "state");
            List<String> placeholders = new ArrayList<>();
            for (TaskState state : q.states()) {
                String placeholder = ":state" + placeholders.size();
                values.put(placeholder, AttributeValue.fromS(state.name()));
                placeholders.add(placeholder);
            }
            filters.add("#state IN (" + String.join(", ", placeholders) + ")");
        }
        if (q.model() != null) {
            names.put("#model", MODEL);
            values.put(":model", AttributeValue.fromS(q.model()));
            filters.add("#model = :model");
        }
        if (q.provider() != null) {
            names.put("#provider", "provider");
            values.put(":provider", AttributeValue.fromS(q.provider()));
            filters.add("#provider = :provider");
        }
        Map<String, AttributeValue> start = q.after() == null ? null : ownerIndexKey(q.owner(), q.after());
        // a filtered read goes on past items that do not match, for a bounded number of index pages
        int evaluatedPerPage = q.filtered() ? Math.max(q.limit(), FILTERED_LIST_PAGE) : q.limit();
        List<Task> found = new ArrayList<>();
        for (int read = 0; read < MAX_LIST_QUERIES; read++) {
            QueryResponse page = dynamo.query(QueryRequest.builder()
                    .tableName(tableName)
                    .indexName(TaskTable.OWNER_INDEX)
                    .keyConditionExpression(key)
                    .filterExpression(filters.isEmpty() ? null : String.join(" AND ", filters))
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .scanIndexForward(false)
                    .exclusiveStartKey(start)
                    .limit(evaluatedPerPage)
                    .build());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            List<Map<String, AttributeValue>> items = page.items();
            for (int i = 0; i < items.size(); i++) {
                found.add(fromItem(items.get(i)));
                if (found.size() == q.limit()) {
                    boolean more = i < items.size() - 1 || start != null;
                    return new TaskList.Page(found, more ? position(found.get(found.size() - 1)) : null);
                }
            }
            if (start == null) {
                return new TaskList.Page(found, null);
            }
        }
        // the work bound is spent: the next page starts where this read stopped
        return new TaskList.Page(found, new TaskList.Position(Long.parseLong(start.get(TaskTable.CREATED_AT).n()),
                start.get(TaskTable.PK).s().substring(TASK_PREFIX.length())));
    }

    private static TaskList.Position position(Task task) {
        return new TaskList.Position(task.createdAt().toEpochMilli(), task.id());
    }

    /** The owner index's full key of a task: index keys and the table key. */
    private static Map<String, AttributeValue> ownerIndexKey(String owner, TaskList.Position at) {
        return Map.of(TaskTable.OWNER, AttributeValue.fromS(owner),
                TaskTable.CREATED_AT, number(at.createdAtMillis()),
                TaskTable.PK, AttributeValue.fromS(TASK_PREFIX + at.taskId()));
    }

    private static long ceilMillis(Instant instant) {
        long millis = instant.toEpochMilli();
        return instant.getNano() % 1_000_000 == 0 ? millis : millis + 1;
    }

    @Override
    public int shards() {
        return shards;
    }

    @Override
    public IdempotencyClaim claimIdempotencyKey(String owner, String key, String requestHash, String taskId,
            Instant expiresAt, Instant now, Instant abandonedBefore) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(TaskTable.PK, AttributeValue.fromS(idempotencyPk(owner, key)));
        item.put("taskId", AttributeValue.fromS(taskId));
        item.put("requestHash", AttributeValue.fromS(requestHash));
        item.put(CLAIMED_AT, epochMillis(now));
        item.put(TaskTable.TTL, number(expiresAt.getEpochSecond()));
        Map<String, String> names = new HashMap<>(Map.of("#ttl", TaskTable.TTL));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":now", number(now.getEpochSecond())));
        String condition = "attribute_not_exists(pk) OR #ttl < :now";
        if (abandonedBefore != null) {
            // a claim whose task never appeared: its submit died between the claim and the task write
            condition += " OR (attribute_not_exists(#written) AND #claimedAt < :abandoned)";
            names.put("#written", TASK_WRITTEN);
            names.put("#claimedAt", CLAIMED_AT);
            values.put(":abandoned", epochMillis(abandonedBefore));
        }
        try {
            dynamo.putItem(PutItemRequest.builder()
                    .tableName(tableName)
                    .item(item)
                    .conditionExpression(condition)
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                    .build());
            return IdempotencyClaim.won(taskId, requestHash, now);
        } catch (ConditionalCheckFailedException taken) {
            Map<String, AttributeValue> existing = taken.hasItem() && !taken.item().isEmpty() ? taken.item()
                    : dynamo.getItem(b -> b.tableName(tableName).consistentRead(true)
                            .key(Map.of(TaskTable.PK, AttributeValue.fromS(idempotencyPk(owner, key))))).item();
            RecordedAnswer answer = existing.containsKey(ANSWER_STATUS)
                    ? new RecordedAnswer(Integer.parseInt(existing.get(ANSWER_STATUS).n()),
                            existing.get(ANSWER_BODY).s())
                    : null;
            return new IdempotencyClaim(false, existing.get("taskId").s(), existing.get("requestHash").s(),
                    instant(existing, CLAIMED_AT), existing.containsKey(TASK_WRITTEN), answer);
        }
    }

    @Override
    public boolean createClaimed(Task task, String owner, String key) {
        try {
            dynamo.transactWriteItems(t -> t.transactItems(
                    TransactWriteItem.builder().put(p -> p.tableName(tableName).item(toItem(task))
                            .conditionExpression("attribute_not_exists(pk)")).build(),
                    TransactWriteItem.builder().update(u -> u.tableName(tableName)
                            .key(Map.of(TaskTable.PK, AttributeValue.fromS(idempotencyPk(owner, key))))
                            .updateExpression("SET #written = :true")
                            .conditionExpression("taskId = :taskId")
                            .expressionAttributeNames(Map.of("#written", TASK_WRITTEN))
                            .expressionAttributeValues(Map.of(":true", AttributeValue.fromBool(true),
                                    ":taskId", AttributeValue.fromS(task.id())))).build()));
            return true;
        } catch (TransactionCanceledException e) {
            boolean claimLost = e.hasCancellationReasons() && e.cancellationReasons().size() > 1
                    && "ConditionalCheckFailed".equals(e.cancellationReasons().get(1).code());
            if (claimLost) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public void recordIdempotentAnswer(String owner, String key, String taskId, RecordedAnswer answer) {
        try {
            dynamo.updateItem(u -> u.tableName(tableName)
                    .key(Map.of(TaskTable.PK, AttributeValue.fromS(idempotencyPk(owner, key))))
                    .updateExpression("SET #status = :status, #body = :body")
                    .conditionExpression("taskId = :taskId")
                    .expressionAttributeNames(Map.of("#status", ANSWER_STATUS, "#body", ANSWER_BODY))
                    .expressionAttributeValues(Map.of(":status", number(answer.status()),
                            ":body", AttributeValue.fromS(answer.body()), ":taskId", AttributeValue.fromS(taskId))));
        } catch (ConditionalCheckFailedException keyMovedOn) {
            // the key expired and was claimed again meanwhile: the answer belongs to nobody now
        }
    }

    @Override
    public Map<String, ProviderHealthRecord> providerHealth() {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(tableName).key(HEALTH_KEY)).item();
        Map<String, ProviderHealthRecord> health = new HashMap<>();
        if (item == null) {
            return health;
        }
        item.forEach((name, value) -> {
            if (name.startsWith("failures_")) {
                String provider = name.substring("failures_".length());
                health.put(provider, new ProviderHealthRecord(Integer.parseInt(value.n()),
                        instant(item, "lastFailureAt_" + provider)));
            }
        });
        return health;
    }

    @Override
    public void recordProviderFailure(String provider, Instant at) {
        dynamo.updateItem(b -> b.tableName(tableName).key(HEALTH_KEY)
                .updateExpression("ADD #f :one SET #at = :at")
                .expressionAttributeNames(Map.of("#f", "failures_" + provider, "#at", "lastFailureAt_" + provider))
                .expressionAttributeValues(Map.of(":one", number(1), ":at", epochMillis(at))));
    }

    @Override
    public void resetProviderFailures(String provider) {
        dynamo.updateItem(b -> b.tableName(tableName).key(HEALTH_KEY)
                .updateExpression("SET #f = :zero")
                .expressionAttributeNames(Map.of("#f", "failures_" + provider))
                .expressionAttributeValues(Map.of(":zero", number(0))));
    }

    /** Which sweeper shard a task belongs to: stable, spread evenly by the random id. */
    public int shardOf(String taskId) {
        return Math.floorMod(taskId.hashCode(), shards);
    }

    static String shardKey(int shard) {
        return "due#" + shard;
    }

    private static String idempotencyPk(String owner, String key) {
        // length-prefixed owner: no owner/key pair can collide with another
        return IDEMPOTENCY_PREFIX + owner.length() + ":" + owner + "#" + key;
    }

    private static Map<String, AttributeValue> taskKey(String taskId) {
        return Map.of(TaskTable.PK, AttributeValue.fromS(TASK_PREFIX + taskId));
    }

    // ---- item mapping ----

    Map<String, AttributeValue> toItem(Task t) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(TaskTable.PK, AttributeValue.fromS(TASK_PREFIX + t.id()));
        item.put("id", AttributeValue.fromS(t.id()));
        item.put(TaskTable.OWNER, AttributeValue.fromS(t.owner()));
        item.put("request", AttributeValue.fromS(write(t.request())));
        item.put(MODEL, AttributeValue.fromS(t.request().modelFamily()));
        item.put("state", AttributeValue.fromS(t.state().name()));
        item.put("version", number(t.version()));
        putIfPresent(item, "provider", t.provider());
        putIfPresent(item, "providerTaskId", t.providerTaskId());
        item.put("attempts", AttributeValue.fromS(write(t.attempts())));
        item.put("outputs", AttributeValue.fromS(write(t.outputs())));
        item.put("degraded", AttributeValue.fromS(write(t.degraded())));
        if (t.error() != null) {
            item.put("error", AttributeValue.fromS(write(t.error())));
        }
        if (t.cost() != null) {
            item.put("cost", AttributeValue.fromS(write(t.cost())));
        }
        item.put("progress", number(t.progress()));
        item.put("createdAt", epochMillis(t.createdAt()));
        item.put("updatedAt", epochMillis(t.updatedAt()));
        if (t.completedAt() != null) {
            item.put("completedAt", epochMillis(t.completedAt()));
        }
        item.put("deadline", epochMillis(t.deadline()));
        item.put(TaskTable.TTL, number(t.ttl()));
        if (t.nextCheckAt() != null) {
            item.put(TaskTable.DUE_SHARD, AttributeValue.fromS(shardKey(shardOf(t.id()))));
            item.put(TaskTable.NEXT_CHECK_AT, epochMillis(t.nextCheckAt()));
        }
        item.put("pollCount", number(t.pollCount()));
        item.put("webhookState", AttributeValue.fromS(t.webhookState().name()));
        item.put("webhookAttempts", number(t.webhookAttempts()));
        if (t.lateResult() != null) {
            item.put("lateResult", AttributeValue.fromS(write(t.lateResult())));
        }
        if (t.storing()) {
            item.put("storing", AttributeValue.fromBool(true));
        }
        if (t.storeFailures() > 0) {
            item.put("storeFailures", number(t.storeFailures()));
        }
        if (t.storeLeaseUntil() != null) {
            item.put("storeLeaseUntil", epochMillis(t.storeLeaseUntil()));
        }
        return item;
    }

    Task fromItem(Map<String, AttributeValue> item) {
        return Task.builder()
                .id(s(item, "id"))
                .owner(s(item, "owner"))
                .request(read(s(item, "request"), GenerationRequest.class))
                .state(TaskState.valueOf(s(item, "state")))
                .version(n(item, "version"))
                .provider(s(item, "provider"))
                .providerTaskId(s(item, "providerTaskId"))
                .attempts(readList(s(item, "attempts"), ATTEMPTS))
                .outputs(readList(s(item, "outputs"), OUTPUTS))
                .error(item.containsKey("error") ? read(s(item, "error"), TaskError.class) : null)
                .progress((int) n(item, "progress"))
                .cost(item.containsKey("cost") ? read(s(item, "cost"), Cost.class) : null)
                .createdAt(instant(item, "createdAt"))
                .updatedAt(instant(item, "updatedAt"))
                .completedAt(instant(item, "completedAt"))
                .deadline(instant(item, "deadline"))
                .ttl(n(item, TaskTable.TTL))
                .nextCheckAt(instant(item, TaskTable.NEXT_CHECK_AT))
                .pollCount((int) n(item, "pollCount"))
                .webhookState(item.containsKey("webhookState")
                        ? WebhookState.valueOf(s(item, "webhookState")) : WebhookState.NONE)
                .webhookAttempts((int) n(item, "webhookAttempts"))
                // absent on items written before degradations were recorded: read as none
                .degraded(readList(s(item, "degraded"), DEGRADED))
                .lateResult(item.containsKey("lateResult") ? read(s(item, "lateResult"), LateResult.class) : null)
                .storing(item.containsKey("storing") && Boolean.TRUE.equals(item.get("storing").bool()))
                .storeFailures((int) n(item, "storeFailures"))
                .storeLeaseUntil(instant(item, "storeLeaseUntil"))
                .build();
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    private <T> T read(String value, Class<T> type) {
        try {
            return json.readValue(value, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt task attribute of type " + type.getSimpleName(), e);
        }
    }

    private <T> List<T> readList(String value, TypeReference<List<T>> type) {
        if (value == null) {
            return List.of();
        }
        try {
            return json.readValue(value, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt task list attribute", e);
        }
    }

    private static void putIfPresent(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, AttributeValue.fromS(value));
        }
    }

    private static String s(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    private static long n(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
    }

    private static Instant instant(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? null : Instant.ofEpochMilli(Long.parseLong(v.n()));
    }

    private static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static AttributeValue epochMillis(Instant instant) {
        return number(instant.toEpochMilli());
    }

    /** Builds an update and a condition expression with placeholders for every name and value. */
    private static final class Expression {
        final Map<String, String> names = new HashMap<>();
        final Map<String, AttributeValue> values = new HashMap<>();
        private final List<String> sets = new ArrayList<>();
        private final List<String> removes = new ArrayList<>();
        private final List<String> conditions = new ArrayList<>();

        String name(String attribute) {
            String placeholder = "#" + attribute;
            names.put(placeholder, attribute);
            return placeholder;
        }

        String value(AttributeValue value) {
            String placeholder = ":v" + values.size();
            values.put(placeholder, value);
            return placeholder;
        }

        void set(String attribute, AttributeValue value) {
            setRaw(attribute, value(value));
        }

        void setRaw(String attribute, String valuePlaceholder) {
            sets.add(name(attribute) + " = " + valuePlaceholder);
        }

        void increment(String attribute) {
            String n = name(attribute);
            sets.add(n + " = if_not_exists(" + n + ", " + value(number(0)) + ") + " + value(number(1)));
        }

        void remove(String attribute) {
            removes.add(name(attribute));
        }

        void condition(String condition) {
            conditions.add(condition);
        }

        String updateExpression() {
            String update = "SET " + String.join(", ", sets);
            return removes.isEmpty() ? update : update + " REMOVE " + String.join(", ", removes);
        }

        String conditionExpression() {
            return String.join(" AND ", conditions);
        }
    }
}
