package dev.bananagateway.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bananagateway.testing.LocalDynamo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Shard leases and the recorded shard count, on DynamoDB Local, at times the test chooses. */
class SweeperLeasesTest {

    private static final Instant T0 = Instant.parse("2030-01-01T08:00:00Z");
    private static final Duration RUN = Duration.ofSeconds(60);

    private static DynamoDbClient dynamo;
    private static SweeperLeases leases;

    @BeforeAll
    static void startDynamo() {
        dynamo = LocalDynamo.client();
        leases = new SweeperLeases(dynamo, LocalDynamo.newTable(dynamo));
    }

    @AfterAll
    static void closeDynamo() {
        dynamo.close();
    }

    @Test
    void oneWorkerAtATimeHoldsAShard() {
        assertTrue(leases.acquire(1, "worker-a", T0, T0.plus(RUN)));
        assertFalse(leases.acquire(1, "worker-b", T0.plusSeconds(30), T0.plusSeconds(30).plus(RUN)), "held by a");
        assertTrue(leases.acquire(2, "worker-b", T0, T0.plus(RUN)), "another shard is free");
        assertTrue(leases.acquire(1, "worker-a", T0.plusSeconds(1), T0.plus(RUN)), "the holder may renew");
    }

    @Test
    void aLeaseGivenBackIsFreeAtOnceAndOnlyItsHolderGivesItBack() {
        assertTrue(leases.acquire(3, "worker-a", T0, T0.plus(RUN)));
        leases.release(3, "worker-b", T0.plusSeconds(5));
        assertFalse(leases.acquire(3, "worker-b", T0.plusSeconds(5), T0.plus(RUN)), "b could not give a's lease back");
        leases.release(3, "worker-a", T0.plusSeconds(5));
        assertTrue(leases.acquire(3, "worker-b", T0.plusSeconds(5), T0.plusSeconds(5).plus(RUN)));
    }

    @Test
    void aCrashedWorkersLeaseRunsOut() {
        assertTrue(leases.acquire(4, "crashed", T0, T0.plus(RUN)));
        assertFalse(leases.acquire(4, "next", T0.plus(RUN).minusMillis(1), T0.plus(RUN).plus(RUN)));
        assertTrue(leases.acquire(4, "next", T0.plus(RUN), T0.plus(RUN).plus(RUN)), "expired: taken over");
    }

    @Test
    void racingWorkersGetTheShardOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> racers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String owner = "racer-" + i;
                racers.add(() -> leases.acquire(5, owner, T0, T0.plus(RUN)));
            }
            int winners = 0;
            for (Future<Boolean> f : pool.invokeAll(racers)) {
                winners += f.get() ? 1 : 0;
            }
            assertEquals(1, winners);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theShardCountRecordedIsTheHighestEverUsed() {
        DynamoDbClient own = LocalDynamo.client();
        try {
            SweeperLeases fresh = new SweeperLeases(own, LocalDynamo.newTable(own));
            assertEquals(4, fresh.highestShardCount(4), "nothing recorded: the count in use");
            assertEquals(16, fresh.recordShardCount(16));
            assertEquals(16, fresh.recordShardCount(8), "a smaller count keeps the higher one");
            assertEquals(16, fresh.highestShardCount(8));
            assertEquals(32, fresh.recordShardCount(32));
        } finally {
            own.close();
        }
    }
}
