package dev.bananagateway.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bananagateway.local.DynamoDbLocal;
import dev.bananagateway.model.GenerationRequest;
import dev.bananagateway.task.DynamoTaskStore;
import dev.bananagateway.task.Task;
import dev.bananagateway.task.TaskError;
import dev.bananagateway.task.TaskIds;
import dev.bananagateway.task.TaskState;
import dev.bananagateway.task.TaskUpdate;
import dev.bananagateway.testing.LocalDynamo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
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

/**
 * The waiting read rate, on DynamoDB Local, on a clock the test moves (the waiter's pauses move it):
 * at most two reads in any second, intervals that grow to the maximum, an answer at the wait's end.
 */
class TaskWaiterTest {

    private static final Duration FIRST = Duration.ofMillis(500);
    private static final Duration MAX = Duration.ofSeconds(2);
    private static DynamoDbClient dynamo;
    private static DynamoTaskStore store;
    /** The moved clock's time at each GetItem. */
    private static final List<Instant> READS = new CopyOnWriteArrayList<>();
    private static MovingClock clock;

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
                        if ("GetItem".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
                            READS.add(clock.instant());
                        }
                    }
                }))
                .build();
        clock = new MovingClock(Instant.parse("2026-06-01T10:00:00Z"));
        store = new DynamoTaskStore(dynamo, LocalDynamo.newTable(dynamo), 4, LocalDynamo.json(), clock);
    }

    @AfterAll
    static void tearDown() {
        dynamo.close();
    }

    @BeforeEach
    void forget() {
        READS.clear();
    }

    private static Task stored() {
        Instant now = clock.instant();
        Task task = Task.queued(TaskIds.newId(), "owner", GenerationRequest.image("nano-banana", "a banana", List.of()),
                now, null, now.plus(Duration.ofMinutes(15)), now.plus(Duration.ofDays(1)).getEpochSecond());
        assertTrue(store.create(task));
        return task;
    }

    @Test
    void aTaskThatNeverEndsIsReadAtMostTwiceASecondLessAndLessOftenAndAnsweredAtTheEnd() {
        Task task = stored();
        Instant start = clock.instant();
        Instant until = start.plusSeconds(20);
        TaskWaiter waiter = new TaskWaiter(store, clock, clock::advance, FIRST, MAX);
        Task seen = waiter.awaitTerminal(task, until);

        assertEquals(TaskState.QUEUED, seen.state());
        assertEquals(until, clock.instant(), "the answer comes when the wait ends");
        List<Duration> gaps = new ArrayList<>();
        Instant previous = start;
        for (Instant read : READS) {
            gaps.add(Duration.between(previous, read));
            previous = read;
        }
        for (int i = 0; i < gaps.size(); i++) {
            assertTrue(gaps.get(i).compareTo(FIRST) >= 0, "no two reads closer than 0.5 s: " + gaps);
            assertTrue(gaps.get(i).compareTo(MAX) <= 0, "never a pause longer than 2 s: " + gaps);
            if (i > 0 && i < gaps.size() - 1) {
                assertTrue(gaps.get(i).compareTo(gaps.get(i - 1)) >= 0, "the intervals never shrink: " + gaps);
            }
        }
        for (Instant read : READS) {
            long inTheSecond = READS.stream().filter(r -> !r.isBefore(read) && r.isBefore(read.plusSeconds(1)))
                    .count();
            assertTrue(inTheSecond <= 2, "at most two reads in any second: " + READS);
        }
        assertTrue(READS.size() <= 12, "a 20 s wait reads at most 12 times: " + READS.size());
        assertEquals(MAX, gaps.get(gaps.size() - 2), "the interval grows to the maximum");
    }

    @Test
    void theWaitEndsWithTheReadThatSeesTheTaskEnd() {
        Task task = stored();
        Instant start = clock.instant();
        Instant endsAt = start.plusMillis(2600);
        TaskWaiter waiter = new TaskWaiter(store, clock, d -> {
            Instant before = clock.instant();
            clock.advance(d);
            // the provider's callback lands meanwhile
            if (before.isBefore(endsAt) && !clock.instant().isBefore(endsAt)) {
                store.update(TaskUpdate.of(task.id()).state(TaskState.FAILED)
                        .error(new TaskError("GENERATION_FAILED", "no", false)));
            }
        }, FIRST, MAX);
        Task seen = waiter.awaitTerminal(task, start.plusSeconds(20));
        assertEquals(TaskState.FAILED, seen.state());
        // reads at 0.5, 1.5 and 3.5 s: the third sees the end
        assertEquals(3, READS.size(), READS.toString());
        assertEquals(start.plusMillis(3500), clock.instant());
    }

    @Test
    void aTerminalTaskIsAnsweredWithoutAnyRead() {
        Task task = stored().toBuilder().state(TaskState.SUCCEEDED).build();
        Instant start = clock.instant();
        Task seen = new TaskWaiter(store, clock, clock::advance, FIRST, MAX).awaitTerminal(task, start.plusSeconds(20));
        assertEquals(TaskState.SUCCEEDED, seen.state());
        assertEquals(List.of(), READS);
        assertEquals(start, clock.instant());
    }

    @Test
    void aLastReadTooSoonAfterThePreviousOneIsSkipped() {
        Task task = stored();
        Instant start = clock.instant();
        // reads at 0.5 and 1.5 s; the end, 1.7 s, is 0.2 s after the second: no third read
        new TaskWaiter(store, clock, clock::advance, FIRST, MAX).awaitTerminal(task, start.plusMillis(1700));
        assertEquals(List.of(start.plusMillis(500), start.plusMillis(1500)), READS);
        assertEquals(start.plusMillis(1700), clock.instant());
    }

    /** A clock that only moves when told to. */
    static final class MovingClock extends Clock {
        private volatile Instant now;

        MovingClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
