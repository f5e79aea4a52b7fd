package dev.bananagateway.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bananagateway.config.TestConfigs;
import dev.bananagateway.lifecycle.SweeperService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The sweeper's fan-out in both templates: the shard count reaches the code, the function may invoke
 * itself (to start one worker per shard) and nothing else may invoke anything, its reserved
 * concurrency leaves room for the dispatch and every worker, and a worker killed at its timeout
 * leaves a lease that has run out by the time the next dispatch starts one.
 */
class SweeperTemplateTest {

    private static final List<Path> TEMPLATES = List.of(Path.of("template.yaml"), Path.of("template-jvm.yaml"));
    private static final String SELF = "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:"
            + "${AWS::StackName}-sweeper";

    @Test
    void theShardCountIsAParameterThatReachesTheSweeperWithTheCodesDefault() throws IOException {
        Properties properties = new Properties();
        try (var in = Files.newInputStream(Path.of("src/main/resources/application.properties"))) {
            properties.load(in);
        }
        assertEquals("${SWEEPER_SHARDS:16}", properties.getProperty("gateway.sweeper.shards"));
        assertEquals(16, TestConfigs.gateway(Map.of()).sweeper().shards(), "the mapping's default is the same");
        for (Path file : TEMPLATES) {
            Map<String, Object> template = TemplateTest.parse(file);
            assertEquals(16, map(map(template.get("Parameters")).get("SweeperShards")).get("Default"), file.toString());
            Map<String, Object> env = map(map(sweeper(template).get("Environment")).get("Variables"));
            assertEquals(Map.of("Ref", "SweeperShards"), env.get("SWEEPER_SHARDS"), file.toString());
        }
    }

    @Test
    void onlyTheSweeperMayInvokeAFunctionAndOnlyItself() throws IOException {
        for (Path file : TEMPLATES) {
            Map<String, Object> template = TemplateTest.parse(file);
            Map<String, Object> sweeper = sweeper(template);
            assertEquals(Map.of("Fn::Sub", "${AWS::StackName}-sweeper"), sweeper.get("FunctionName"),
                    file + ": the name its policy names");
            map(template.get("Resources")).forEach((id, resource) -> {
                if (!"AWS::Serverless::Function".equals(map(resource).get("Type"))) {
                    return;
                }
                List<Map<String, Object>> invokes = statements(map(map(resource).get("Properties"))).stream()
                        .filter(s -> actions(s).stream().anyMatch(a -> a.startsWith("lambda:"))).toList();
                if (!map(map(resource).get("Properties")).equals(sweeper)) {
                    assertTrue(invokes.isEmpty(), file + ": " + id + " may not call Lambda");
                    return;
                }
                assertEquals(1, invokes.size(), file + ": one statement");
                assertEquals(List.of("lambda:InvokeFunction"), actions(invokes.get(0)), file + ": " + id);
                assertEquals(List.of(Map.of("Fn::Sub", SELF), Map.of("Fn::Sub", SELF + ":*")),
                        invokes.get(0).get("Resource"), file + ": itself, any version or alias, nothing else");
            });
        }
    }

    @Test
    void reservedConcurrencyLeavesRoomForTheDispatchAndOneWorkerPerShard() throws IOException {
        for (Path file : TEMPLATES) {
            Map<String, Object> template = TemplateTest.parse(file);
            Map<String, Object> parameters = map(template.get("Parameters"));
            int shards = (Integer) map(parameters.get("SweeperShards")).get("Default");
            int reserved = (Integer) map(parameters.get("SweeperReservedConcurrency")).get("Default");
            assertTrue(reserved >= shards + 1, file + ": " + reserved + " < " + shards + " + 1");
            assertEquals(Map.of("Fn::If", List.of("ReserveSweeperConcurrency",
                    Map.of("Ref", "SweeperReservedConcurrency"), Map.of("Ref", "AWS::NoValue"))),
                    sweeper(template).get("ReservedConcurrentExecutions"), file.toString());
        }
    }

    @Test
    void aWorkerKilledAtItsTimeoutLeavesALeaseThatRunsOutBeforeTheNextDispatch() throws IOException {
        Duration budget = TestConfigs.gateway(Map.of()).sweeper().runBudget();
        for (Path file : TEMPLATES) {
            Duration timeout = Duration.ofSeconds((Integer) sweeper(TemplateTest.parse(file)).get("Timeout"));
            assertTrue(timeout.compareTo(budget) > 0, file + ": the run budget ends before the timeout");
            assertFalse(timeout.compareTo(budget.plus(SweeperService.LEASE_MARGIN)) > 0,
                    file + ": a lease outlasts a run killed at its timeout");
            assertTrue(budget.plus(SweeperService.LEASE_MARGIN).compareTo(Duration.ofMinutes(1)) <= 0,
                    file + ": and has run out when the next scheduled dispatch starts a worker");
        }
    }

    private static Map<String, Object> sweeper(Map<String, Object> template) {
        return map(map(map(template.get("Resources")).get("SweeperFunction")).get("Properties"));
    }

    private static List<Map<String, Object>> statements(Map<String, Object> function) {
        List<Map<String, Object>> all = new ArrayList<>();
        Object policies = function.get("Policies");
        if (policies instanceof List<?> list) {
            for (Object policy : list) {
                if (policy instanceof Map<?, ?> m && m.get("Statement") instanceof List<?> statements) {
                    statements.forEach(s -> all.add(map(s)));
                }
            }
        }
        return all;
    }

    private static List<String> actions(Map<String, Object> statement) {
        Object action = statement.get("Action");
        return action instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of(String.valueOf(action));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
