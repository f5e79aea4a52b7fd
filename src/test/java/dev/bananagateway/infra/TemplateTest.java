package dev.bananagateway.infra;

import java.util.regex.Matcher;
import java.util.Properties;
import java.util.Locale;
import io.smallrye.config.SmallRyeConfig;
import dev.bananagateway.config.TestConfigs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.bananagateway.functions.MdcStreamHandler;
import dev.bananagateway.task.TaskTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
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
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;

/**
 * Checks the SAM templates against the code: the table is the one {@link TaskTable} defines, each
 * function serves the Funqy export and routes it should, with exactly the DynamoDB rights it needs,
 * and the native and JVM templates differ in packaging only (secrets: OperationsTemplateTest).
 */
class TemplateTest {

    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Pattern TEMPLATE_NAME = Pattern.compile("template(-[a-z0-9]+)?\\.ya?ml");
    private static final String IAM = "AWS_IAM";
    private static final String OPEN = "NONE";

    /** Funqy export -> the DynamoDB actions its role may use. */
    private static final Map<String, Set<String>> DYNAMODB_ACTIONS = Map.of(
            "status", Set.of("dynamodb:GetItem", "dynamodb:Query"),
            "cancel", Set.of("dynamodb:GetItem", "dynamodb:UpdateItem"),
            "callback", Set.of("dynamodb:GetItem", "dynamodb:UpdateItem"),
            "submit", Set.of("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:GetItem"),
            "sweeper", Set.of("dynamodb:Query", "dynamodb:UpdateItem", "dynamodb:GetItem"));

    /** "METHOD path" -> Funqy export and authorizer. */
    private static final Map<String, List<String>> ROUTES = Map.of(
            "POST /v1/tasks", List.of("submit", IAM),
            "POST /v1/uploads", List.of("submit", IAM),
            "GET /v1/tasks", List.of("status", IAM),
            "GET /v1/openapi.yaml", List.of("status", IAM),
            "GET /v1/tasks/{taskId}", List.of("status", IAM),
            "POST /v1/tasks/{taskId}/cancel", List.of("cancel", IAM),
            "POST /v1/callbacks/{provider}/{taskId}", List.of("callback", OPEN));

    /** Funqy export -> the one index its dynamodb:Query may read. */
    private static final Map<String, String> QUERY_INDEX = Map.of(
            "status", TaskTable.OWNER_INDEX,
            "sweeper", TaskTable.DUE_INDEX);

    /** Globals.Function keys and environment variables that may differ between native and JVM. */
    private static final Set<String> PACKAGING_GLOBALS = Set.of("Runtime", "Handler", "CodeUri", "SnapStart",
            "AutoPublishAlias");
    /** An environment variable in the README's Configuration table: its second column. */
    private static final Pattern README_ENV = Pattern.compile("(?m)^\\| `[^`]+`[^|]* \\| ((?:`[A-Z][A-Z0-9_]+`(?:, )?)+) \\|");

    private static final Set<String> PACKAGING_ENV = Set.of("DISABLE_SIGNAL_HANDLERS", "JAVA_TOOL_OPTIONS");

    private static Map<Path, Map<String, Object>> templates;

    @BeforeAll
    static void load() throws IOException {
        templates = new TreeMap<>();
        try (Stream<Path> files = Files.list(ROOT)) {
            for (Path file : files.filter(f -> TEMPLATE_NAME.matcher(f.getFileName().toString()).matches()).toList()) {
                templates.put(ROOT.relativize(file), parse(file));
            }
        }
        assertTrue(templates.containsKey(Path.of("template.yaml")), "template.yaml is missing");
        assertTrue(templates.containsKey(Path.of("template-jvm.yaml")), "template-jvm.yaml is missing");
    }

    @Test
    void tableIsTheOneTheCodeDefines() {
        CreateTableRequest code = TaskTable.createTableRequest("x");
        templates.forEach((file, template) -> {
            Map<String, Map<String, Object>> tables = resourcesOfType(template, "AWS::DynamoDB::Table");
            assertEquals(1, tables.size(), file + ": exactly one table");
            Map<String, Object> table = map(tables.values().iterator().next().get("Properties"));

            assertEquals(code.billingModeAsString(), table.get("BillingMode"), file + ": billing mode");
            assertEquals(keySchema(code.keySchema()), table.get("KeySchema"), file + ": key schema");
            assertEquals(code.attributeDefinitions().stream()
                            .map(a -> Map.of("AttributeName", a.attributeName(), "AttributeType", a.attributeTypeAsString()))
                            .collect(Collectors.toSet()),
                    Set.copyOf(list(table.get("AttributeDefinitions"))), file + ": attribute definitions");

            Map<String, Object> codeIndexes = new TreeMap<>();
            for (GlobalSecondaryIndex gsi : code.globalSecondaryIndexes()) {
                codeIndexes.put(gsi.indexName(), List.of(keySchema(gsi.keySchema()),
                        gsi.projection().projectionTypeAsString()));
            }
            Map<String, Object> templateIndexes = new TreeMap<>();
            for (Object o : list(table.get("GlobalSecondaryIndexes"))) {
                Map<String, Object> gsi = map(o);
                templateIndexes.put((String) gsi.get("IndexName"), List.of(gsi.get("KeySchema"),
                        map(gsi.get("Projection")).get("ProjectionType")));
            }
            assertEquals(codeIndexes, templateIndexes, file + ": global secondary indexes");
            assertFalse(table.containsKey("LocalSecondaryIndexes"), file + ": the code defines no local index");

            assertEquals(Map.of("AttributeName", TaskTable.TTL, "Enabled", true), table.get("TimeToLiveSpecification"),
                    file + ": TTL");
            assertEquals(Map.of("PointInTimeRecoveryEnabled", true), table.get("PointInTimeRecoverySpecification"),
                    file + ": point-in-time recovery");
            assertEquals(true, map(table.get("SSESpecification")).get("SSEEnabled"), file + ": encryption at rest");
            assertFalse(table.containsKey("TableName"), file + ": CloudFormation names the table (TABLE_NAME)");
        });
    }

    @Test
    void eachFunctionServesItsExportWithTheTableName() {
        templates.forEach((file, template) -> {
            Map<String, Map<String, Object>> functions = functionsByExport(file, template);
            assertEquals(DYNAMODB_ACTIONS.keySet(), functions.keySet(), file + ": QUARKUS_FUNQY_EXPORT values");
            functions.forEach((export, function) -> assertEquals(Map.of("Ref", tableId(template)),
                    environment(template, function).get("TABLE_NAME"), file + ": " + export + " TABLE_NAME"));
        });
    }

    @Test
    void routesAndTheirAuthorization() {
        templates.forEach((file, template) -> {
            Map<String, Map<String, Object>> apis = resourcesOfType(template, "AWS::Serverless::HttpApi");
            assertEquals(1, apis.size(), file + ": one HTTP API");
            String apiId = apis.keySet().iterator().next();
            Map<String, Object> auth = map(map(apis.get(apiId).get("Properties")).get("Auth"));
            assertEquals(true, auth.get("EnableIamAuthorizer"), file + ": IAM authorizer enabled");
            assertEquals(IAM, auth.get("DefaultAuthorizer"), file + ": IAM is the default authorizer");

            Map<String, List<String>> routes = new TreeMap<>();
            functionsByExport(file, template).forEach((export, function) -> {
                for (Object o : map(props(function).getOrDefault("Events", Map.of())).values()) {
                    Map<String, Object> event = map(o);
                    if (!"HttpApi".equals(event.get("Type"))) {
                        continue;
                    }
                    Map<String, Object> p = map(event.get("Properties"));
                    assertEquals(Map.of("Ref", apiId), p.get("ApiId"), file + ": route on the one API");
                    assertEquals("2.0", p.get("PayloadFormatVersion"), file + ": payload format 2.0");
                    Object authorizer = map(p.getOrDefault("Auth", Map.of())).getOrDefault("Authorizer",
                            auth.get("DefaultAuthorizer"));
                    String key = p.get("Method") + " " + p.get("Path");
                    assertFalse(routes.containsKey(key), file + ": duplicate route " + key);
                    routes.put(key, List.of(export, String.valueOf(authorizer)));
                }
            });
            assertEquals(new TreeMap<>(ROUTES), routes, file + ": routes");
        });
    }

    /**
     * The OpenAPI document describes exactly the routes the templates deploy, each with the auth it
     * has: IAM routes under the document's SigV4 scheme, open ones with no security.
     */
    @Test
    void theOpenApiDocumentHasExactlyTheDeployedRoutesAndTheirAuth() {
        Map<String, Object> document = dev.bananagateway.testing.OpenApiContract.document();
        assertEquals(List.of(Map.of("sigv4", List.of())), document.get("security"), "IAM is the default");
        Map<String, String> documented = new TreeMap<>();
        map(document.get("paths")).forEach((path, item) -> map(item).forEach((method, operation) -> {
            Object security = map(operation).get("security");
            documented.put(method.toUpperCase(Locale.ROOT) + " " + path,
                    List.of().equals(security) ? OPEN : security == null ? IAM : "other: " + security);
        }));
        Map<String, String> deployed = new TreeMap<>();
        ROUTES.forEach((route, exportAndAuth) -> deployed.put(route, exportAndAuth.get(1)));
        assertEquals(deployed, documented, "routes in the OpenAPI document");
    }

    @Test
    void sweeperRunsEveryMinuteOneAtATime() {
        templates.forEach((file, template) -> {
            Map<String, Object> sweeper = props(functionsByExport(file, template).get("sweeper"));
            List<Map<String, Object>> schedules = map(sweeper.get("Events")).values().stream().map(TemplateTest::map)
                    .filter(e -> "Schedule".equals(e.get("Type"))).toList();
            assertEquals(1, schedules.size(), file + ": one schedule");
            Map<String, Object> schedule = map(schedules.get(0).get("Properties"));
            assertEquals("rate(1 minute)", schedule.get("Schedule"), file + ": sweeper schedule");
            assertEquals("{\"source\":\"schedule\"}", schedule.get("Input"), file + ": sweeper input");
            assertNotNull(sweeper.get("ReservedConcurrentExecutions"), file + ": sweeper reserved concurrency");
        });
    }

    @Test
    void eachFunctionMayUseExactlyItsDynamoDbActions() {
        templates.forEach((file, template) -> {
            String table = tableId(template);
            Map<String, Object> tableArn = Map.of("Fn::GetAtt", List.of(table, "Arn"));

            functionsByExport(file, template).forEach((export, function) -> {
                Set<String> actions = new TreeSet<>();
                for (Object policy : list(props(function).get("Policies"))) {
                    // Inline statements only: SAM policy templates and managed policies grant more.
                    assertTrue(policy instanceof Map<?, ?> m && m.containsKey("Statement"),
                            file + ": " + export + " policy must be an inline statement list, not " + policy);
                    for (Object s : list(map(policy).get("Statement"))) {
                        Map<String, Object> statement = map(s);
                        assertEquals("Allow", statement.get("Effect"), file + ": " + export);
                        List<Object> stmtActions = statement.get("Action") instanceof List<?> l ? List.copyOf(l)
                                : List.of(statement.get("Action"));
                        if (stmtActions.stream().allMatch(a -> ((String) a).startsWith("s3:"))) {
                            continue; // the media bucket's rights: MediaTemplateTest
                        }
                        for (Object action : stmtActions) {
                            String a = (String) action;
                            assertFalse(a.contains("*"), file + ": " + export + " wildcard action " + a);
                            if (!a.startsWith("dynamodb:")) {
                                continue; // other services' rights: OperationsTemplateTest (secrets), SweeperTemplateTest (fan-out)
                            }
                            Object expected = "dynamodb:Query".equals(a)
                                    ? Map.of("Fn::Sub", "${" + table + ".Arn}/index/" + QUERY_INDEX.get(export))
                                    : tableArn;
                            assertEquals(expected, statement.get("Resource"), file + ": " + export + " " + a + " resource");
                            actions.add(a);
                        }
                    }
                }
                assertEquals(new TreeSet<>(DYNAMODB_ACTIONS.get(export)), actions, file + ": " + export + " actions");
            });
        });
    }

    @Test
    void logsAreKeptForAWhileAndSweeperErrorsRaiseAnAlarm() {
        templates.forEach((file, template) -> {
            Map<String, Map<String, Object>> groups = resourcesOfType(template, "AWS::Logs::LogGroup");
            groups.forEach((id, group) -> assertNotNull(map(group.get("Properties")).get("RetentionInDays"),
                    file + ": " + id + " retention"));
            functionsByExport(file, template).forEach((export, function) -> {
                Object group = map(props(function).get("LoggingConfig")).get("LogGroup");
                assertTrue(group instanceof Map<?, ?> m && groups.containsKey(m.get("Ref")),
                        file + ": " + export + " logs to a log group of the stack");
            });
            // the gateway's own metrics and their alarms: OperationsTemplateTest
            Object sweeper = Map.of("Ref", functionIds(template).get("sweeper"));
            Set<Object> alarmed = new LinkedHashSet<>();
            resourcesOfType(template, "AWS::CloudWatch::Alarm").values().forEach(a -> {
                Map<String, Object> p = map(a.get("Properties"));
                if ("Errors".equals(p.get("MetricName"))
                        && list(p.get("Dimensions")).contains(Map.of("Name", "FunctionName", "Value", sweeper))) {
                    alarmed.add("sweeper errors");
                }
            });
            assertTrue(alarmed.contains("sweeper errors"), file + ": no alarm on sweeper errors");
        });
    }

    @Test
    void packagingMatchesTheRuntime() throws IOException {
        // SAM runs `make build-<LogicalId>`; the Makefile makes one such target per FUNCTIONS entry.
        Set<String> makefileFunctions = Files.readAllLines(ROOT.resolve("infra/Makefile")).stream()
                .filter(l -> l.startsWith("FUNCTIONS :="))
                .flatMap(l -> Stream.of(l.substring("FUNCTIONS :=".length()).trim().split("\\s+")))
                .collect(Collectors.toSet());
        templates.forEach((path, template) -> {
            String file = path.toString();
            Map<String, Object> globals = map(map(template.get("Globals")).get("Function"));
            Map<String, Object> env = map(map(globals.get("Environment")).get("Variables"));
            String runtime = (String) globals.get("Runtime");
            if (runtime.startsWith("provided")) {
                assertEquals("provided.al2023", runtime, file);
                assertEquals("target/function.zip", globals.get("CodeUri"), file);
                assertEquals("true", env.get("DISABLE_SIGNAL_HANDLERS"), file);
            } else {
                assertTrue(Set.of("java17", "java21").contains(runtime), file + ": runtime " + runtime);
                // Funqy's stream handler behind one that puts the Lambda request id into the log context
                assertEquals(MdcStreamHandler.class.getName() + "::handleRequest", globals.get("Handler"), file);
                assertEquals(Map.of("ApplyOn", "PublishedVersions"), globals.get("SnapStart"), file);
                assertNotNull(globals.get("AutoPublishAlias"), file + ": SnapStart needs a published version");
                resourcesOfType(template, "AWS::Serverless::Function").forEach((id, function) -> {
                    assertEquals("makefile", map(function.get("Metadata")).get("BuildMethod"), file + ": " + id);
                    assertTrue(makefileFunctions.contains(id), "infra/Makefile has no build-" + id + " target");
                });
            }
        });
    }

    /** Everything but packaging is shared: the native and JVM stacks must not drift apart. */
    @Test
    void variantsDifferInPackagingOnly() {
        Map<String, Object> reference = null;
        Path referenceFile = null;
        for (Map.Entry<Path, Map<String, Object>> e : templates.entrySet()) {
            Map<String, Object> shared = withoutPackaging(e.getValue());
            if (reference == null) {
                reference = shared;
                referenceFile = e.getKey();
            } else {
                assertEquals(reference, shared, e.getKey() + " differs from " + referenceFile
                        + " in more than packaging");
            }
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private static Map<String, Object> withoutPackaging(Map<String, Object> template) {
        Map<String, Object> copy = (Map<String, Object>) deepCopy(template);
        copy.remove("Description");
        Map<String, Object> globals = map(map(copy.get("Globals")).get("Function"));
        PACKAGING_GLOBALS.forEach(globals::remove);
        map(map(globals.get("Environment")).get("Variables")).keySet().removeAll(PACKAGING_ENV);
        resourcesOfType(copy, "AWS::Serverless::Function").values().forEach(f -> {
            f.remove("Metadata");
            map(f.get("Properties")).remove("MemorySize");
        });
        return copy;
    }

    private static Object deepCopy(Object o) {
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>();
            m.forEach((k, v) -> copy.put((String) k, deepCopy(v)));
            return copy;
        }
        if (o instanceof List<?> l) {
            List<Object> copy = new ArrayList<>();
            l.forEach(v -> copy.add(deepCopy(v)));
            return copy;
        }
        return o;
    }

    static Map<String, Map<String, Object>> functionsByExport(Path file, Map<String, Object> template) {
        Map<String, Map<String, Object>> byExport = new TreeMap<>();
        resourcesOfType(template, "AWS::Serverless::Function").forEach((id, function) -> {
            Object export = environment(template, function).get("QUARKUS_FUNQY_EXPORT");
            if (!(export instanceof String name)) {
                fail(file + ": " + id + " has no QUARKUS_FUNQY_EXPORT");
                return;
            }
            assertTrue(byExport.put(name, function) == null, file + ": two functions export " + name);
        });
        return byExport;
    }

    /**
     * Every environment variable a template sets or the README's Configuration table names reaches
     * the key it is meant for: set to a probe value, that key reads the probe. (A variable bound to
     * nothing is silently ignored by the application, as PUBLIC_BASE_URL once was.)
     */
    @Test
    void everyEnvironmentVariableTheTemplatesAndTheReadmeNameReachesItsKey() throws IOException {
        Set<String> names = new TreeSet<>();
        templates.values().forEach(template -> resourcesOfType(template, "AWS::Serverless::Function").values()
                .forEach(function -> names.addAll(environment(template, function).keySet())));
        Matcher readme = README_ENV.matcher(Files.readString(ROOT.resolve("README.md")));
        while (readme.find()) {
            Matcher name = Pattern.compile("[A-Z][A-Z0-9_]+").matcher(readme.group(1));
            while (name.find()) {
                names.add(name.group());
            }
        }
        names.removeAll(PACKAGING_ENV); // read by the Lambda runtime and the JVM, not by the application
        assertTrue(names.containsAll(Set.of("TABLE_NAME", "PUBLIC_BASE_URL", "REVID_API_KEY", "QUARKUS_FUNQY_EXPORT")),
                names::toString);
        Map<String, String> probes = new TreeMap<>();
        names.forEach(name -> probes.put(name, "probe-" + name.toLowerCase(Locale.ROOT)));
        SmallRyeConfig config = TestConfigs.unmapped(probes);
        Properties properties = new Properties();
        try (var in = Files.newInputStream(ROOT.resolve("src/main/resources/application.properties"))) {
            properties.load(in);
        }
        for (String name : names) {
            List<String> keys = name.startsWith("QUARKUS_")
                    ? List.of(name.toLowerCase(Locale.ROOT).replace('_', '.'))
                    : properties.stringPropertyNames().stream().filter(k -> !k.startsWith("%"))
                            .filter(k -> properties.getProperty(k).contains("${" + name + ":")
                                    || properties.getProperty(k).contains("${" + name + "}"))
                            .toList();
            assertFalse(keys.isEmpty(), name + " is bound to no key in application.properties");
            for (String key : keys) {
                assertEquals(probes.get(name), config.getValue(key, String.class), name + " does not reach " + key);
            }
        }
    }

    private static Map<String, String> functionIds(Map<String, Object> template) {
        Map<String, String> ids = new TreeMap<>();
        resourcesOfType(template, "AWS::Serverless::Function").forEach((id, function) ->
                ids.put(String.valueOf(environment(template, function).get("QUARKUS_FUNQY_EXPORT")), id));
        return ids;
    }

    /** The function's environment as Lambda sees it: Globals merged with the function's own. */
    static Map<String, Object> environment(Map<String, Object> template, Map<String, Object> function) {
        Map<String, Object> env = new LinkedHashMap<>();
        Map<String, Object> globals = map(map(template.getOrDefault("Globals", Map.of())).getOrDefault("Function", Map.of()));
        env.putAll(map(map(globals.getOrDefault("Environment", Map.of())).getOrDefault("Variables", Map.of())));
        env.putAll(map(map(props(function).getOrDefault("Environment", Map.of())).getOrDefault("Variables", Map.of())));
        return env;
    }

    private static String tableId(Map<String, Object> template) {
        return resourcesOfType(template, "AWS::DynamoDB::Table").keySet().iterator().next();
    }

    static Map<String, Map<String, Object>> resourcesOfType(Map<String, Object> template, String type) {
        Map<String, Map<String, Object>> found = new TreeMap<>();
        map(template.get("Resources")).forEach((id, r) -> {
            if (type.equals(map(r).get("Type"))) {
                found.put(id, map(r));
            }
        });
        return found;
    }

    static Map<String, Object> props(Map<String, Object> resource) {
        return map(resource.get("Properties"));
    }

    private static List<Map<String, String>> keySchema(List<KeySchemaElement> elements) {
        return elements.stream().map(k -> Map.of("AttributeName", k.attributeName(), "KeyType", k.keyTypeAsString()))
                .toList();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        assertTrue(o instanceof Map, () -> "expected a mapping, got " + o);
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        assertTrue(o instanceof List, () -> "expected a list, got " + o);
        return (List<Object>) o;
    }

    static Map<String, Object> parse(Path file) throws IOException {
        Map<String, Object> template = new Yaml(new CloudFormationConstructor()).load(Files.readString(file));
        assertNotNull(template, file + " is empty");
        return template;
    }

    /**
     * Reads CloudFormation short tags as their long forms: {@code !Ref x} as {@code {Ref: x}},
     * {@code !GetAtt a.b} as {@code {Fn::GetAtt: [a, b]}}, {@code !Sub s} as {@code {Fn::Sub: s}}, and so on.
     */
    private static final class CloudFormationConstructor extends SafeConstructor {

        CloudFormationConstructor() {
            super(new LoaderOptions());
            // SnakeYAML's fallback for tags it does not know.
            this.yamlConstructors.put(null, new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    String tag = node.getTag().getValue();
                    if (!tag.startsWith("!")) {
                        throw new IllegalArgumentException("unexpected YAML tag " + tag);
                    }
                    String name = tag.substring(1);
                    Object value;
                    if (node instanceof ScalarNode scalar) {
                        value = constructScalar(scalar);
                    } else if (node instanceof SequenceNode sequence) {
                        value = constructSequence(sequence);
                    } else {
                        value = constructMapping((MappingNode) node);
                    }
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
