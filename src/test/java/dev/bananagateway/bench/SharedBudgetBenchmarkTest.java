package dev.bananagateway.bench;

import dev.bananagateway.config.TestConfigs;
import dev.bananagateway.lifecycle.RequestBudgets;
import dev.bananagateway.model.GenerationRequest;
import dev.bananagateway.provider.ProviderEndpoint;
import dev.bananagateway.provider.ProviderException;
import dev.bananagateway.provider.ProviderStatus;
import dev.bananagateway.provider.Providers;
import dev.bananagateway.provider.imgeditor.ImgeditorProvider;
import dev.bananagateway.task.RequestBuckets;
import dev.bananagateway.testing.LocalStackTestResource;
import dev.bananagateway.testing.SimulatorControl;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Part 6: eight gateway instances, each with its own DynamoDB client, imgeditor REST client and
 * budget state, share one imgeditor key with a budget of 60 requests a minute for three minutes,
 * through the production budget classes ({@link RequestBudgets} on {@link RequestBuckets}) and the
 * production adapter against the simulator, whose imgeditor answers 429 past 60 requests in any
 * rolling minute. Each instance creates a task every 15 s (a create may wait for a token as long as
 * the default submit budget allows) and polls its open tasks every 3 s (a poll without a token waits,
 * uncounted), so the demand exceeds the budget.
 */
@QuarkusTest
@TestProfile(BenchProfile.class)
@QuarkusTestResource(LocalStackTestResource.class)
@Tag("bench")
@Order(6)
class SharedBudgetBenchmarkTest {

    static final String PART = "shared-budget";
    private static final int INSTANCES = 8;
    private static final int PER_MINUTE = 60;
    private static final Duration RUN = Duration.ofSeconds(Long.getLong("bench.budget.seconds", 180));
    private static final Duration CREATE_EVERY = Duration.ofSeconds(15);
    private static final Duration POLL_EVERY = Duration.ofSeconds(3);
    /** The default submit budget less one call's timeouts: how long a create may wait for a token. */
    private static final Duration CREATE_WAIT = Duration.ofSeconds(24 - 13);

    @ConfigProperty(name = "gateway.simulator.url")
    String simulatorUrl;
    @ConfigProperty(name = "gateway.table-name")
    String table;
    @ConfigProperty(name = "quarkus.dynamodb.endpoint-override")
    String dynamoEndpoint;

    private final ConcurrentLinkedQueue<Instant> sent = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Long> createWaitsMs = new ConcurrentLinkedQueue<>();
    private final AtomicInteger creates = new AtomicInteger();
    private final AtomicInteger createsRefused = new AtomicInteger();
    private final AtomicInteger polls = new AtomicInteger();
    private final AtomicInteger pollsPutOff = new AtomicInteger();
    private final AtomicInteger tooMany = new AtomicInteger();
    private final AtomicInteger otherErrors = new AtomicInteger();

    @Test
    void eightInstancesShareOneKeysBudget() throws Exception {
        SimulatorControl sim = new SimulatorControl(simulatorUrl);
        sim.reset();
        sim.settings("{\"provider\":\"imgeditor\",\"requestsPerMinute\":" + PER_MINUTE + ",\"pollsToFinish\":3}");
        List<DynamoDbClient> clients = new ArrayList<>();
        ExecutorService threads = Executors.newCachedThreadPool();
        try {
            clearBudget(clients);
            Instant end = Instant.now().plus(RUN);
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < INSTANCES; i++) {
                Instance instance = new Instance(i, client(clients));
                Duration offset = CREATE_EVERY.multipliedBy(i).dividedBy(INSTANCES);
                running.add(threads.submit(() -> instance.create(end, offset)));
                running.add(threads.submit(() -> instance.poll(end)));
            }
            for (Future<?> f : running) {
                f.get(RUN.plusMinutes(2).toMillis(), TimeUnit.MILLISECONDS);
            }
        } finally {
            threads.shutdownNow();
            clearBudget(clients);
            clients.forEach(DynamoDbClient::close);
            sim.reset();
        }
        List<Instant> times = new ArrayList<>(sent);
        Collections.sort(times);
        List<Long> waits = new ArrayList<>(createWaitsMs);
        Collections.sort(waits);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("instances", INSTANCES);
        figures.put("per-minute", PER_MINUTE);
        figures.put("run-s", RUN.toSeconds());
        figures.put("requests", times.size());
        figures.put("busiest-minute", busiestMinute(times));
        figures.put("provider-429", tooMany.get());
        figures.put("other-errors", otherErrors.get());
        figures.put("creates", creates.get());
        figures.put("creates-refused", createsRefused.get());
        figures.put("create-wait.p50-ms", waits.isEmpty() ? 0 : waits.get(waits.size() / 2));
        figures.put("create-wait.max-ms", waits.isEmpty() ? 0 : waits.get(waits.size() - 1));
        figures.put("polls", polls.get());
        figures.put("polls-put-off", pollsPutOff.get());
        BenchResults.write(PART, figures);
    }

    /** One gateway instance: its own clients and budget state; the table and the key are shared. */
    private final class Instance {
        private final ImgeditorProvider imgeditor;
        private final RequestBudgets budgets;
        private final ConcurrentLinkedQueue<String[]> open = new ConcurrentLinkedQueue<>();
        private final int index;

        Instance(int index, DynamoDbClient dynamo) {
            this.index = index;
            this.imgeditor = new ImgeditorProvider(Optional.of(new ProviderEndpoint(ImgeditorProvider.ID,
                    URI.create(simulatorUrl + "/imgeditor"),
                    ProviderEndpoint.simulatorKey(ImgeditorProvider.ID, ImgeditorProvider.KEY_PREFIX), true,
                    Duration.ofSeconds(3), Duration.ofSeconds(10))), true, PER_MINUTE);
            this.budgets = new RequestBudgets(new RequestBuckets(dynamo, table), new Providers(List.of(imgeditor)),
                    Clock.systemUTC(), TestConfigs.gateway(Map.of()));
        }

        void create(Instant end, Duration offset) {
            sleep(offset);
            int n = 0;
            while (Instant.now().isBefore(end)) {
                Instant asked = Instant.now();
                try {
                    budgets.awaitCreate(imgeditor, asked.plus(CREATE_WAIT));
                    createWaitsMs.add(Duration.between(asked, Instant.now()).toMillis());
                    sent.add(Instant.now());
                    GenerationRequest request = GenerationRequest.image("nano-banana", "budget banana " + index
                            + "-" + n++, List.of());
                    String taskId = imgeditor.submit(request, null).taskId();
                    creates.incrementAndGet();
                    open.add(new String[] { taskId, Long.toString(Instant.now().plus(POLL_EVERY).toEpochMilli()) });
                } catch (ProviderException e) {
                    count(e, true);
                }
                sleep(Duration.between(Instant.now(), asked.plus(CREATE_EVERY)));
            }
        }

        void poll(Instant end) {
            GenerationRequest request = GenerationRequest.image("nano-banana", "budget banana", List.of());
            while (Instant.now().isBefore(end)) {
                String[] due = open.stream().filter(t -> Long.parseLong(t[1]) <= System.currentTimeMillis())
                        .findFirst().orElse(null);
                if (due == null) {
                    sleep(Duration.ofMillis(50));
                    continue;
                }
                open.remove(due);
                Optional<Duration> wait = budgets.tryPoll(imgeditor);
                if (wait.isPresent()) {
                    pollsPutOff.incrementAndGet();
                    open.add(new String[] { due[0], Long.toString(Instant.now().plus(wait.get()).toEpochMilli()) });
                    continue;
                }
                sent.add(Instant.now());
                try {
                    ProviderStatus status = imgeditor.poll(due[0], request);
                    polls.incrementAndGet();
                    if (!status.state().terminal()) {
                        open.add(new String[] { due[0], Long.toString(Instant.now().plus(POLL_EVERY).toEpochMilli()) });
                    }
                } catch (ProviderException e) {
                    count(e, false);
                    open.add(new String[] { due[0], Long.toString(Instant.now().plus(POLL_EVERY).toEpochMilli()) });
                }
            }
        }
    }

    private void count(ProviderException e, boolean create) {
        if (e.httpStatus() == 429) {
            tooMany.incrementAndGet();
        } else if (create && e.httpStatus() == 0) {
            createsRefused.incrementAndGet(); // no token within the submit budget
        } else {
            otherErrors.incrementAndGet();
        }
    }

    private DynamoDbClient client(List<DynamoDbClient> clients) {
        DynamoDbClient client = DynamoDbClient.builder().endpointOverride(URI.create(dynamoEndpoint))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        clients.add(client);
        return client;
    }

    /** The application's own imgeditor budget item would otherwise carry over between parts. */
    private void clearBudget(List<DynamoDbClient> clients) {
        DynamoDbClient client = clients.isEmpty() ? client(clients) : clients.get(0);
        client.deleteItem(b -> b.tableName(table).key(Map.of("pk", AttributeValue.fromS("BUDGET#imgeditor"))));
    }

    /** The most requests in any closed one-minute window. */
    static int busiestMinute(List<Instant> sorted) {
        int most = 0;
        int from = 0;
        for (int to = 0; to < sorted.size(); to++) {
            while (sorted.get(from).plusSeconds(60).isBefore(sorted.get(to))) {
                from++;
            }
            most = Math.max(most, to - from + 1);
        }
        return most;
    }

    private static void sleep(Duration d) {
        if (d.isNegative() || d.isZero()) {
            return;
        }
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
