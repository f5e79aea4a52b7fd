package dev.bananagateway.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The CloudWatch Embedded Metric Format specification's rules, checked on one log line: a JSON
 * object whose {@code _aws} member holds an integer {@code Timestamp} (epoch milliseconds) and
 * {@code CloudWatchMetrics}, a list of directives, each with a {@code Namespace}, {@code Dimensions}
 * (a list of dimension sets, each at most 30 names, every name a root member whose value is a
 * string) and {@code Metrics} (at most 100 definitions, each a {@code Name} that is a root member
 * whose value is a number or a list of at most 100 numbers, and an optional {@code Unit} from
 * CloudWatch's list).
 */
public final class EmfRules {

    static final Set<String> UNITS = Set.of("Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes",
            "Megabytes", "Gigabytes", "Terabytes", "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent",
            "Count", "Bytes/Second", "Kilobytes/Second", "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second",
            "Bits/Second", "Kilobits/Second", "Megabits/Second", "Gigabits/Second", "Terabits/Second",
            "Count/Second", "None");

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One metric as a line defines it: name, unit, one dimension set, and the value. */
    public record Datum(String namespace, String name, String unit, List<String> dimensions, double value) {
    }

    private EmfRules() {
    }

    /** Checks the line against the rules; returns every (metric, dimension set) it defines. */
    public static List<Datum> check(String line) throws IOException {
        assertFalse(line.contains("\n"), "one line");
        JsonNode root = JSON.readTree(line);
        assertTrue(root.isObject(), "a JSON object: " + line);
        JsonNode aws = root.get("_aws");
        assertTrue(aws != null && aws.isObject(), "_aws metadata: " + line);
        assertTrue(aws.get("Timestamp").isIntegralNumber() && aws.get("Timestamp").asLong() > 0,
                "_aws.Timestamp in epoch milliseconds: " + line);
        JsonNode directives = aws.get("CloudWatchMetrics");
        assertTrue(directives != null && directives.isArray() && !directives.isEmpty(), "CloudWatchMetrics: " + line);
        List<Datum> data = new ArrayList<>();
        for (JsonNode directive : directives) {
            String namespace = directive.get("Namespace").asText();
            assertTrue(directive.get("Namespace").isTextual() && !namespace.isEmpty() && namespace.length() <= 255,
                    "Namespace: " + line);
            JsonNode sets = directive.get("Dimensions");
            assertTrue(sets.isArray(), "Dimensions is a list of dimension sets: " + line);
            List<List<String>> dimensionSets = new ArrayList<>();
            for (JsonNode set : sets) {
                assertTrue(set.isArray() && set.size() <= 30, "a dimension set holds at most 30 names: " + line);
                List<String> names = new ArrayList<>();
                for (JsonNode name : set) {
                    JsonNode value = root.get(name.asText());
                    assertTrue(value != null && value.isTextual() && !value.asText().isEmpty(),
                            "dimension " + name + " is a root member with a string value: " + line);
                    assertTrue(value.asText().length() <= 1024, "dimension value length: " + line);
                    names.add(name.asText());
                }
                assertEquals(names.size(), new HashSet<>(names).size(), "no name twice in a set: " + line);
                dimensionSets.add(names);
            }
            JsonNode metrics = directive.get("Metrics");
            assertTrue(metrics.isArray() && !metrics.isEmpty() && metrics.size() <= 100, "Metrics: " + line);
            for (JsonNode metric : metrics) {
                String name = metric.get("Name").asText();
                assertTrue(!name.isEmpty() && name.length() <= 1024, "metric name: " + line);
                String unit = metric.has("Unit") ? metric.get("Unit").asText() : "None";
                assertTrue(UNITS.contains(unit), "unit " + unit + " is one of CloudWatch's: " + line);
                JsonNode value = root.get(name);
                assertTrue(value != null, "metric " + name + " is a root member: " + line);
                List<Double> values = new ArrayList<>();
                if (value.isArray()) {
                    assertTrue(value.size() <= 100, "at most 100 values: " + line);
                    value.forEach(v -> values.add(v.asDouble()));
                } else {
                    values.add(value.asDouble());
                }
                for (JsonNode v : value.isArray() ? value : JSON.createArrayNode().add(value)) {
                    assertTrue(v.isNumber(), "metric " + name + " has a numeric value: " + line);
                }
                for (List<String> set : dimensionSets) {
                    for (double v : values) {
                        data.add(new Datum(namespace, name, unit, set, v));
                    }
                }
            }
        }
        return data;
    }
}
