package dev.bananagateway.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bananagateway.local.simulator.ProviderCatalog;
import dev.bananagateway.observability.MetricsTest;
import dev.bananagateway.provider.ProviderId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The operations parts of both templates, against the code: JSON logs, the metrics the code writes
 * (alarms and the dashboard read only those, with dimensions the code sets), per-route throttles
 * with the open callback route lowest, a reserved-concurrency parameter per function, secrets from
 * one Secrets Manager secret, and the checkov configuration.
 */
class OperationsTemplateTest {

    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Pattern TEMPLATE_NAME = Pattern.compile("template(-[a-z0-9]+)?\\.ya?ml");
    private static final Map<String, Object> STACK_NAMESPACE = Map.of("Fn::Sub", "BananaGateway/${AWS::StackName}");
    private static final String NAMESPACE = "BananaGateway/stack";
    private static final String CALLBACK_ROUTE = "POST /v1/callbacks/{provider}/{taskId}";

    private static Map<Path, Map<String, Object>> templates;

    @BeforeAll
    static void load() throws IOException {
        templates = new TreeMap<>();
        try (Stream<Path> files = Files.list(ROOT)) {
            for (Path file : files.filter(f -> TEMPLATE_NAME.matcher(f.getFileName().toString()).matches()).toList()) {
                templates.put(ROOT.relativize(file), new Yaml(new CloudFormationConstructor()).load(Files.readString(file)));
            }
        }
        assertEquals(2, templates.size(), "template.yaml and template-jvm.yaml");
    }

    @Test
    void everyFunctionLogsJsonAndWritesMetricsToTheStacksNamespace() {
        templates.forEach((file, template) -> {
            functions(template).forEach((id, function) -> assertEquals("JSON",
                    map(props(function).get("LoggingConfig")).get("LogFormat"), file + ": " + id + " log format"));
            Map<String, Object> env = map(map(map(map(template.get("Globals")).get("Function")).get("Environment"))
                    .get("Variables"));
            assertEquals(STACK_NAMESPACE, env.get("METRICS_NAMESPACE"), file + ": metrics namespace");
            assertTrue(resources(template, "AWS::Logs::MetricFilter").isEmpty(),
                    file + ": metrics come from the code's EMF lines, not from log filters");
        });
    }

    /** Alarms on the gateway's namespace read metrics the code writes, under a dimension set it writes. */
    @Test
    void alarmsReadTheMetricsTheCodeWrites() {
        templates.forEach((file, template) -> {
            Set<String> alarmed = new TreeSet<>();
            resources(template, "AWS::CloudWatch::Alarm").forEach((id, alarm) -> {
                Map<String, Object> p = props(alarm);
                if (!STACK_NAMESPACE.equals(p.get("Namespace"))) {
                    return;
                }
                String metric = (String) p.get("MetricName");
                assertTrue(MetricsTest.CATALOG.containsKey(metric), file + ": " + id + " reads " + metric
                        + ", which the code does not write");
                List<String> dimensions = new ArrayList<>();
                for (Object d : (List<?>) p.getOrDefault("Dimensions", List.of())) {
                    dimensions.add((String) map(d).get("Name"));
                }
                assertTrue(MetricsTest.CATALOG.get(metric).getValue().contains(dimensions),
                        file + ": " + id + " reads " + metric + " by " + dimensions + ", a set the code does not write");
                assertNotNull(p.get("AlarmActions"), file + ": " + id + " notifies the alarm topic");
                alarmed.add(metric);
            });
            assertEquals(Set.of("TasksFailed", "SweepLag", "WebhookFailures"), alarmed, file + ": alarmed metrics");
        });
    }

    @Test
    void theDashboardShowsEveryProviderWithMetricsTheCodeWrites() throws IOException {
        for (Map.Entry<Path, Map<String, Object>> e : templates.entrySet()) {
            Path file = e.getKey();
            Map<String, Map<String, Object>> dashboards = resources(e.getValue(), "AWS::CloudWatch::Dashboard");
            assertEquals(1, dashboards.size(), file + ": one dashboard");
            String body = (String) map(props(dashboards.values().iterator().next()).get("DashboardBody")).get("Fn::Sub");
            JsonNode widgets = new ObjectMapper().readTree(body.replace("${AWS::Region}", "us-east-1")
                    .replace("${AWS::StackName}", "stack")).get("widgets");
            Map<String, Set<String>> providersByMetricAndStat = new TreeMap<>();
            Set<String> searched = new TreeSet<>();
            for (JsonNode widget : widgets) {
                for (JsonNode row : widget.get("properties").get("metrics")) {
                    if (row.get(0).isObject()) {
                        String expression = row.get(0).get("expression").asText();
                        if (expression.startsWith("SEARCH")) {
                            assertTrue(expression.contains("{" + NAMESPACE + ","), file + ": " + expression);
                            searched.add(expression.replaceAll(".*MetricName=\"([A-Za-z]+)\".*", "$1"));
                        }
                        continue;
                    }
                    assertEquals(NAMESPACE, row.get(0).asText(), file + ": namespace of " + row);
                    String metric = row.get(1).asText();
                    List<String> dimensions = new ArrayList<>();
                    String provider = null;
                    for (int i = 2; i + 1 < row.size() && row.get(i).isTextual(); i += 2) {
                        dimensions.add(row.get(i).asText());
                        if (row.get(i).asText().equals("Provider")) {
                            provider = row.get(i + 1).asText();
                        }
                    }
                    assertTrue(MetricsTest.CATALOG.containsKey(metric), file + ": dashboard reads unknown " + metric);
                    assertTrue(MetricsTest.CATALOG.get(metric).getValue().contains(dimensions),
                            file + ": dashboard reads " + metric + " by " + dimensions);
                    JsonNode options = row.get(row.size() - 1);
                    String stat = options.isObject() && options.has("stat") ? options.get("stat").asText()
                            : widget.get("properties").path("stat").asText("Average");
                    providersByMetricAndStat.computeIfAbsent(metric + " " + stat, k -> new TreeSet<>())
                            .add(provider == null ? "-" : provider);
                }
            }
            Set<String> providers = new TreeSet<>();
            ProviderCatalog.ids().stream().map(ProviderId::key).forEach(providers::add);
            for (String series : List.of("TasksSucceeded Sum", "TasksFailed Sum", "TaskDuration p50", "TaskDuration p99")) {
                assertEquals(providers, providersByMetricAndStat.get(series), file + ": " + series + " per provider");
            }
            assertTrue(providersByMetricAndStat.containsKey("SweepLag Maximum"), file + ": sweep lag");
            assertTrue(providersByMetricAndStat.containsKey("WebhookFailures Sum"), file + ": webhook failures");
            assertTrue(searched.contains("CostUsd"), file + ": cost per hour");
        }
    }

    /** Every route is throttled; the open callback route lower than any other, submit lower than the default. */
    @Test
    void routesAreThrottledWithTheOpenCallbackRouteLowest() {
        templates.forEach((file, template) -> {
            Map<String, Object> parameters = map(template.get("Parameters"));
            Map<String, Object> api = props(resources(template, "AWS::Serverless::HttpApi").values().iterator().next());
            Map<String, Integer> rates = new TreeMap<>();
            Map<String, Integer> bursts = new TreeMap<>();
            Map<String, Object> settings = new TreeMap<>(map(api.get("RouteSettings")));
            settings.put("default", api.get("DefaultRouteSettings"));
            settings.forEach((route, s) -> {
                rates.put(route, parameterDefault(parameters, map(s).get("ThrottlingRateLimit"), file + " " + route));
                bursts.put(route, parameterDefault(parameters, map(s).get("ThrottlingBurstLimit"), file + " " + route));
            });
            assertTrue(rates.containsKey(CALLBACK_ROUTE), file + ": the callback route has its own limits");
            assertTrue(rates.containsKey("POST /v1/tasks"), file + ": submit has its own limits");
            assertEquals(map(settings.get("POST /v1/tasks")), map(settings.get("POST /v1/uploads")),
                    file + ": uploads are throttled like submits");
            rates.forEach((route, rate) -> {
                if (!route.equals(CALLBACK_ROUTE)) {
                    assertTrue(rates.get(CALLBACK_ROUTE) < rate, file + ": callback rate below " + route);
                    assertTrue(bursts.get(CALLBACK_ROUTE) < bursts.get(route), file + ": callback burst below " + route);
                }
                assertTrue(bursts.get(route) >= rate, file + ": " + route + " burst at least its rate");
            });
            assertTrue(rates.get("POST /v1/tasks") < rates.get("default"), file + ": submit below the default");
        });
    }

    /** Each function's concurrency is a parameter: reserved (and capped) unless the deployer sets 0. */
    @Test
    void everyFunctionHasAReservedConcurrencyParameter() {
        templates.forEach((file, template) -> {
            Map<String, Object> parameters = map(template.get("Parameters"));
            Map<String, Object> conditions = map(template.get("Conditions"));
            functions(template).forEach((id, function) -> {
                Object reserved = props(function).get("ReservedConcurrentExecutions");
                assertNotNull(reserved, file + ": " + id + " reserved concurrency");
                List<?> choice = (List<?>) map(reserved).get("Fn::If");
                assertNotNull(choice, file + ": " + id + " reserves only when its parameter allows");
                assertEquals(Map.of("Ref", "AWS::NoValue"), choice.get(2), file + ": " + id + " else no reservation");
                String parameter = id.replace("Function", "") + "ReservedConcurrency";
                Map<String, Object> p = map(parameters.get(parameter));
                assertNotNull(p, file + ": parameter " + parameter);
                assertEquals("Number", p.get("Type"));
                assertTrue(((Number) p.get("Default")).intValue() > 0, file + ": " + parameter + " reserves by default");
                assertTrue(conditions.containsKey(choice.get(0)), file + ": condition " + choice.get(0));
                assertTrue(conditions.get(choice.get(0)).toString().contains(parameter),
                        file + ": " + choice.get(0) + " reads " + parameter);
            });
        });
    }

    /**
     * Secrets live in one Secrets Manager secret: no function has a secret in its environment and
     * no parameter holds one; each function that needs secrets gets the secret's ARN, the list of
     * the fields it uses (callback: the callback secret; submit: that and the provider keys;
     * sweeper: the webhook secret and the provider keys; status: the list cursor secret) and
     * GetSecretValue on that ARN alone; cancel gets none of it.
     */
    @Test
    void secretsComeFromOneSecretsManagerSecretEachFunctionOnlyWhatItUses() throws IOException {
        Properties properties = new Properties();
        try (var in = Files.newInputStream(ROOT.resolve("src/main/resources/application.properties"))) {
            properties.load(in);
        }
        Set<String> providerKeys = new TreeSet<>();
        Pattern variable = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");
        for (ProviderId provider : ProviderCatalog.ids()) {
            Matcher name = variable.matcher(properties.getProperty("gateway.providers." + provider.key() + ".api-key", ""));
            assertTrue(name.find(), provider + "'s api-key is bound to no variable in application.properties");
            providerKeys.add(name.group(1));
        }
        Map<String, Set<String>> expected = Map.of(
                "status", Set.of("CURSOR_SIGNING_SECRET"),
                "cancel", Set.of(),
                "callback", Set.of("CALLBACK_SIGNING_SECRET"),
                "submit", union(Set.of("CALLBACK_SIGNING_SECRET"), providerKeys),
                "sweeper", union(Set.of("WEBHOOK_SIGNING_SECRET"), providerKeys));
        Set<String> secretNames = union(Set.of("CALLBACK_SIGNING_SECRET", "WEBHOOK_SIGNING_SECRET",
                "CURSOR_SIGNING_SECRET"), providerKeys);
        Map<String, Object> arnRef = Map.of("Ref", "GatewaySecretArn");

        templates.forEach((file, template) -> {
            Map<String, Object> parameters = map(template.get("Parameters"));
            parameters.forEach((name, p) -> assertFalse(name.endsWith("Key") || name.endsWith("Secret"),
                    file + ": parameter " + name + " would hold a secret"));
            assertNotNull(map(parameters.get("GatewaySecretArn")).get("AllowedPattern"), file + ": secret ARN pattern");
            Map<String, Object> globals = map(map(map(map(template.get("Globals")).get("Function")).get("Environment"))
                    .get("Variables"));
            functions(template).forEach((id, function) -> {
                Map<String, Object> env = new TreeMap<>(globals);
                env.putAll(map(map(props(function).getOrDefault("Environment", Map.of())).getOrDefault("Variables",
                        Map.of())));
                String export = (String) env.get("QUARKUS_FUNQY_EXPORT");
                Set<String> leaked = new TreeSet<>(env.keySet());
                leaked.retainAll(secretNames);
                assertEquals(Set.of(), leaked, file + ": " + export + " has secrets in its environment");

                Set<String> fields = new TreeSet<>();
                Object listed = env.get("GATEWAY_SECRET_FIELDS");
                if (listed != null) {
                    fields.addAll(List.of(((String) listed).split(",")));
                }
                assertEquals(new TreeSet<>(expected.get(export)), fields, file + ": " + export + " secret fields");
                boolean reads = !fields.isEmpty();
                assertEquals(reads ? arnRef : null, env.get("GATEWAY_SECRET_ARN"), file + ": " + export + " secret ARN");

                List<Map<String, Object>> secretStatements = new ArrayList<>();
                for (Object policy : (List<?>) props(function).get("Policies")) {
                    for (Object st : (List<?>) map(policy).get("Statement")) {
                        if (map(st).toString().contains("secretsmanager")) {
                            secretStatements.add(map(st));
                        }
                    }
                }
                if (reads) {
                    assertEquals(1, secretStatements.size(), file + ": " + export + " one statement for the secret");
                    Map<String, Object> st = secretStatements.get(0);
                    assertEquals("Allow", st.get("Effect"));
                    assertEquals(List.of("secretsmanager:GetSecretValue"), st.get("Action"), file + ": " + export);
                    assertEquals(arnRef, st.get("Resource"), file + ": " + export + " GetSecretValue on the secret only");
                } else {
                    assertEquals(List.of(), secretStatements, file + ": " + export + " may not read the secret");
                }
            });
        });
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    /** checkov (CI) skips only checks listed with a reason; the IAM, secrets and concurrency checks are never among them. */
    @Test
    void checkovSkipsOnlyDeliberateChecksEachWithAReason() throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve(".checkov.yaml"));
        Map<String, Object> config = new Yaml().load(String.join("\n", lines));
        List<?> skipped = (List<?>) config.get("skip-check");
        assertFalse(skipped.isEmpty(), "skip-check list");
        for (Object check : skipped) {
            String entry = lines.stream().filter(l -> l.trim().startsWith("- " + check + " ")).findFirst().orElseThrow();
            String reason = entry.substring(entry.indexOf('#') + 1).trim();
            assertTrue(entry.contains("#") && reason.length() > 20, check + " needs a one-line reason: " + entry);
        }
        // concurrency, secrets in environment variables, Secrets Manager encryption, IAM wildcards and privilege escalation
        Set<String> mustPass = Set.of("CKV_AWS_115", "CKV_AWS_45", "CKV_AWS_149", "CKV_AWS_107", "CKV_AWS_108",
                "CKV_AWS_109", "CKV_AWS_110", "CKV_AWS_111", "CKV_AWS_286", "CKV_AWS_287", "CKV_AWS_288",
                "CKV_AWS_289", "CKV_AWS_290", "CKV_AWS_355");
        for (Object check : skipped) {
            assertFalse(mustPass.contains(check), check + " must pass, not be skipped");
        }
        assertFalse(config.containsKey("soft-fail"), "checkov fails the build on a failed check");
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private static int parameterDefault(Map<String, Object> parameters, Object ref, String where) {
        assertTrue(ref instanceof Map<?, ?> m && m.containsKey("Ref"), where + ": a parameter, not a literal: " + ref);
        Map<String, Object> p = map(parameters.get(map(ref).get("Ref")));
        assertEquals("Number", p.get("Type"), where);
        return ((Number) p.get("Default")).intValue();
    }

    private static Map<String, Map<String, Object>> functions(Map<String, Object> template) {
        return resources(template, "AWS::Serverless::Function");
    }

    private static Map<String, Map<String, Object>> resources(Map<String, Object> template, String type) {
        Map<String, Map<String, Object>> found = new TreeMap<>();
        map(template.get("Resources")).forEach((id, r) -> {
            if (type.equals(map(r).get("Type"))) {
                found.put(id, map(r));
            }
        });
        return found;
    }

    private static Map<String, Object> props(Map<String, Object> resource) {
        return map(resource.get("Properties"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        assertTrue(o instanceof Map, () -> "expected a mapping, got " + o);
        return (Map<String, Object>) o;
    }

    /** CloudFormation short tags read as their long forms ({@code !Ref x} as {@code {Ref: x}}, ...). */
    private static final class CloudFormationConstructor extends SafeConstructor {

        CloudFormationConstructor() {
            super(new LoaderOptions());
            this.yamlConstructors.put(null, new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    String name = node.getTag().getValue().substring(1);
                    Object value = node instanceof ScalarNode scalar ? constructScalar(scalar)
                            : node instanceof SequenceNode sequence ? constructSequence(sequence)
                            : constructMapping((MappingNode) node);
                    if (name.equals("Ref") || name.equals("Condition")) {
                        return Map.of(name, value);
                    }
                    if (name.equals("GetAtt") && value instanceof String s) {
                        value = List.of(s.substring(0, s.indexOf('.')), s.substring(s.indexOf('.') + 1));
                    }
                    return Map.of("Fn::" + name, value);
                }
            });
        }
    }
}
