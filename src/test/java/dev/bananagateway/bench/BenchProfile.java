package dev.bananagateway.bench;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The application as the tests run it, plus the DynamoDB request counter. The interceptor list is
 * fixed at build time, hence a profile of its own (Quarkus re-augments the application for it);
 * every benchmark shares this profile, so Quarkus starts once for all of them. The sweeper has the
 * production shard count.
 */
public class BenchProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        // the production shard count, not the smaller one the other tests use
        return Map.of("quarkus.dynamodb.interceptors", DynamoDbRequestCounter.class.getName(),
                "gateway.sweeper.shards", "16");
    }
}
