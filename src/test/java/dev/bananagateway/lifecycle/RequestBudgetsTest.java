package dev.bananagateway.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bananagateway.config.GatewayConfig;
import dev.bananagateway.config.TestConfigs;
import dev.bananagateway.provider.ErrorClass;
import dev.bananagateway.provider.ProviderException;
import dev.bananagateway.provider.ProviderId;
import dev.bananagateway.provider.Providers;
import dev.bananagateway.task.RequestBuckets;
import dev.bananagateway.testing.LocalDynamo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A provider key's request budget shared by several instances through one item of the table
 * (DynamoDB Local), on a clock the test moves: never more in any minute than the budget allows, creates
 * before polls, a poll refused at once, a create refused when no token comes in time.
 */
class RequestBudgetsTest {

    private static final Instant START = Instant.parse("2030-01-01T08:00:00Z");
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private static final List<DynamoDbClient> clients = new ArrayList<>();
    private static String table;

    private final MovingClock clock = new MovingClock(START);

    @BeforeAll
    static void startDynamo() {
        clients.add(LocalDynamo.client());
        table = LocalDynamo.newTable(clients.get(0));
    }

    @AfterAll
    static void closeDynamo() {
        clients.forEach(DynamoDbClient::close);
    }

    @Test
    void eightInstancesSendAtMostTheBudgetInAnyMinuteAndCreatesAlwaysGetATokenFirst() {
        ScriptedProvider imgeditor = provider("imgeditoreight", 60);
        List<RequestBudgets> instances = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            instances.add(instance(imgeditor, Map.of()));
        }
        List<Instant> sent = new ArrayList<>();
        int creates = 0;
        // five minutes: every instance tries a poll every 100 ms, one of them a create every 10 s
        for (long ms = 0; ms < Duration.ofMinutes(5).toMillis(); ms += 100) {
            clock.set(START.plusMillis(ms));
            if (ms % 10_000 == 0) {
                RequestBudgets creator = instances.get((int) (ms / 10_000) % instances.size());
                assertEquals(Optional.empty(), tryCreate(creator, imgeditor), "a create at " + ms + " ms got a token");
                sent.add(clock.instant());
                creates++;
            }
            for (RequestBudgets instance : instances) {
                if (instance.tryPoll(imgeditor).isEmpty()) {
                    sent.add(clock.instant());
                }
            }
        }
        assertEquals(30, creates);
        int busiest = busiestMinute(sent);
        assertTrue(busiest <= 59, "at most 59 requests (60, one kept back) in any minute, saw " + busiest);
        assertTrue(busiest >= 50, "and the budget is used: " + busiest);
        assertTrue(sent.size() >= 5 * 50, "about 54 a minute sustained: " + sent.size());
    }

    @Test
    void pollsLeaveTheLastTokensToCreates() {
        ScriptedProvider imgeditor = provider("imgeditorreserve", 60);
        RequestBudgets budgets = instance(imgeditor, Map.of());
        int polls = 0;
        while (budgets.tryPoll(imgeditor).isEmpty()) {
            polls++;
        }
        assertEquals(3, polls, "a burst of 5, two of them kept for creates");
        assertEquals(Optional.empty(), tryCreate(budgets, imgeditor));
        assertEquals(Optional.empty(), tryCreate(budgets, imgeditor));
        assertTrue(tryCreate(budgets, imgeditor).isPresent(), "the burst is spent");
        Optional<Duration> wait = budgets.tryPoll(imgeditor);
        assertTrue(wait.isPresent() && wait.get().compareTo(Duration.ofSeconds(1)) > 0, "a poll waits: " + wait);
    }

    @Test
    void aCreateThatCannotGetATokenInTimeIsRefusedAsARateLimit() {
        ScriptedProvider imgeditor = provider("imgeditorrefused", 2);
        RequestBudgets budgets = instance(imgeditor, Map.of());
        assertEquals(Optional.empty(), tryCreate(budgets, imgeditor));
        ProviderException e = assertThrows(ProviderException.class,
                () -> budgets.awaitCreate(imgeditor, clock.instant().plusSeconds(5)));
        assertEquals(ErrorClass.RATE_LIMITED, e.errorClass());
        assertEquals(0, e.httpStatus(), "refused on our side, the provider never saw it");
        assertTrue(e.retryAfter().compareTo(Duration.ofSeconds(5)) > 0, e.retryAfter().toString());
        assertTrue(e.errorClass().failover(), "the submit fails over as for a 429");
    }

    @Test
    void theConfiguredBudgetOverridesTheStatedOneAndZeroSwitchesItOff() {
        ScriptedProvider stated = provider("imgeditor", 60);
        assertEquals(OptionalInt.of(600),
                instance(stated, Map.of("gateway.providers.imgeditor.requests-per-minute", "600")).perMinute(stated));
        assertEquals(OptionalInt.empty(),
                instance(stated, Map.of("gateway.providers.imgeditor.requests-per-minute", "0")).perMinute(stated));
        ScriptedProvider unlimited = ScriptedProvider.polling(ProviderId.of("nbpcloud"));
        RequestBudgets none = instance(unlimited, Map.of());
        assertEquals(OptionalInt.empty(), none.perMinute(unlimited), "no stated limit: no budget");
        for (int i = 0; i < 1000; i++) {
            assertEquals(Optional.empty(), none.tryPoll(unlimited));
        }
    }

    /** An instance: its own DynamoDB client and bucket state, the shared table and clock. */
    private RequestBudgets instance(ScriptedProvider provider, Map<String, String> settings) {
        DynamoDbClient client = LocalDynamo.client();
        clients.add(client);
        GatewayConfig config = TestConfigs.gateway(settings);
        return new RequestBudgets(new RequestBuckets(client, table), new Providers(List.of(provider)), clock, config);
    }

    /** A provider id of its own per test, so each test has its own bucket in the shared table. */
    private static ScriptedProvider provider(String key, int perMinute) {
        return ScriptedProvider.polling(ProviderId.of(key)).requestsPerMinute(perMinute);
    }

    /** A create that may not wait: empty when it got a token, else the refusal's wait. */
    private Optional<Duration> tryCreate(RequestBudgets budgets, ScriptedProvider provider) {
        try {
            budgets.awaitCreate(provider, clock.instant());
            return Optional.empty();
        } catch (ProviderException e) {
            return Optional.of(e.retryAfter());
        }
    }

    /** The most requests in any closed one-minute window. */
    private static int busiestMinute(List<Instant> sent) {
        int most = 0;
        int from = 0;
        for (int to = 0; to < sent.size(); to++) {
            while (sent.get(from).plus(MINUTE).isBefore(sent.get(to))) {
                from++;
            }
            most = Math.max(most, to - from + 1);
        }
        return most;
    }

    private static final class MovingClock extends Clock {
        private volatile Instant now;

        MovingClock(Instant start) {
            now = start;
        }

        void set(Instant at) {
            now = at;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
