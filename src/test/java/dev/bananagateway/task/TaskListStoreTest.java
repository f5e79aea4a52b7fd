package dev.bananagateway.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bananagateway.local.DynamoDbLocal;
import dev.bananagateway.model.GenerationRequest;
import dev.bananagateway.testing.LocalDynamo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/** The owner index and the list's paging, against DynamoDB Local, with every request the store makes recorded. */
class TaskListStoreTest {

    private static final Instant T0 = Instant.parse("2026-06-01T10:00:00Z");
    private static final List<String> OPERATIONS = new CopyOnWriteArrayList<>();
    private static final List<QueryRequest> QUERIES = new CopyOnWriteArrayList<>();
    private static DynamoDbClient dynamo;
    private static DynamoTaskStore store;

    @BeforeAll
    static void setUp() {
        DynamoDbLocal server = LocalDynamo.server();
        dynamo = DynamoDbClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                        OPERATIONS.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
                        if (context.request() instanceof QueryRequest query) {
                            QUERIES.add(query);
                        }
                    }
                }))
                .build();
        String table = LocalDynamo.newTable(dynamo);
        store = new DynamoTaskStore(dynamo, table, 4, LocalDynamo.json(), Clock.systemUTC());
    }

    @AfterAll
    static void tearDown() {
        dynamo.close();
    }

    @BeforeEach
    void forgetRequests() {
        clear();
    }

    private static void clear() {
        OPERATIONS.clear();
        QUERIES.clear();
    }

    /** {@code count} tasks of a new owner, one a second from T0; every third at crun, the rest at revid. */
    private static List<Task> tasksOfNewOwner(int count) {
        String owner = "arn:aws:iam::123456789012:user/" + UUID.randomUUID();
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Instant created = T0.plusSeconds(i);
            Task t = Task.queued(TaskIds.newId(), owner, GenerationRequest.image(i % 2 == 0 ? "nano-banana"
                    : "nano-banana-pro", "banana " + i, List.of()), created, null, created.plus(Duration.ofMinutes(15)),
                    created.plus(Duration.ofDays(30)).getEpochSecond()).toBuilder()
                    .provider(i % 3 == 0 ? "crun" : "revid").build();
            assertTrue(store.create(t));
            tasks.add(t);
        }
        clear();
        return tasks;
    }

    private static List<String> ids(List<Task> tasks) {
        return tasks.stream().map(Task::id).toList();
    }

    private static List<String> newestFirst(List<Task> tasks) {
        List<String> ids = new ArrayList<>(ids(tasks));
        java.util.Collections.reverse(ids);
        return ids;
    }

    private static TaskList.Query query(String owner, int limit, TaskList.Position after) {
        return new TaskList.Query(owner, Set.of(), null, null, null, null, limit, after);
    }

    @Test
    void pagesGoNewestFirstThroughTheOwnersTasksOnlyAndEnd() {
        List<Task> mine = tasksOfNewOwner(5);
        tasksOfNewOwner(3); // someone else's
        String owner = mine.get(0).owner();
        List<String> seen = new ArrayList<>();
        TaskList.Position after = null;
        int pages = 0;
        do {
            TaskList.Page page = store.list(query(owner, 2, after));
            assertTrue(page.tasks().size() <= 2);
            seen.addAll(ids(page.tasks()));
            after = page.next();
            pages++;
        } while (after != null && pages < 10);
        assertEquals(newestFirst(mine), seen);
        assertTrue(OPERATIONS.stream().allMatch("Query"::equals), "only Queries: " + OPERATIONS);
        assertTrue(QUERIES.stream().allMatch(q -> TaskTable.OWNER_INDEX.equals(q.indexName())
                && !q.scanIndexForward()), "the owner index, newest first");
    }

    @Test
    void filtersAndTimeBoundsNarrowThePage() {
        List<Task> mine = tasksOfNewOwner(9);
        String owner = mine.get(0).owner();
        TaskList.Page crun = store.list(new TaskList.Query(owner, Set.of(), null, "crun", null, null, 100, null));
        assertEquals(List.of(mine.get(6).id(), mine.get(3).id(), mine.get(0).id()), ids(crun.tasks()));
        assertNull(crun.next());

        TaskList.Page pro = store.list(new TaskList.Query(owner, Set.of(), "nano-banana-pro", null, null, null, 100,
                null));
        assertEquals(4, pro.tasks().size());
        assertTrue(pro.tasks().stream().allMatch(t -> t.request().modelFamily().equals("nano-banana-pro")));

        TaskList.Page queued = store.list(new TaskList.Query(owner, Set.of(TaskState.RUNNING), null, null, null, null,
                100, null));
        assertEquals(List.of(), queued.tasks(), "no task is RUNNING");

        // strictly after T0+2s and strictly before T0+5s: tasks 3 and 4
        TaskList.Page window = store.list(new TaskList.Query(owner, Set.of(), null, null, T0.plusSeconds(2),
                T0.plusSeconds(5), 100, null));
        assertEquals(List.of(mine.get(4).id(), mine.get(3).id()), ids(window.tasks()));
        TaskList.Page empty = store.list(new TaskList.Query(owner, Set.of(), null, null, T0.plusSeconds(5),
                T0.plusSeconds(5), 100, null));
        assertEquals(List.of(), empty.tasks());
        assertTrue(OPERATIONS.stream().allMatch("Query"::equals), "only Queries: " + OPERATIONS);
    }

    @Test
    void aFilteredPageThatHitsItsWorkBoundEndsShortWithACursorToGoOn() {
        // 600 tasks, none RUNNING: the filter matches nothing, so one page reads at most 5 x 100 index items
        List<Task> mine = tasksOfNewOwner(600);
        String owner = mine.get(0).owner();
        TaskList.Page page = store.list(new TaskList.Query(owner, Set.of(TaskState.RUNNING), null, null, null, null,
                20, null));
        assertEquals(List.of(), page.tasks());
        assertNotNull(page.next(), "more of the index is left to read");
        assertEquals(5, QUERIES.size(), "the bound on the Queries one page takes");
        assertEquals(mine.get(100).id(), page.next().taskId(), "the next page starts after the 500 read");
        clear();
        TaskList.Page rest = store.list(new TaskList.Query(owner, Set.of(TaskState.RUNNING), null, null, null, null,
                20, page.next()));
        assertNull(rest.next(), "the last 100 tasks end the index");
        // DynamoDB names a last key when a Query stops at its limit, even at the index's end
        assertTrue(QUERIES.size() <= 2, QUERIES.size() + " Queries");
    }
}
