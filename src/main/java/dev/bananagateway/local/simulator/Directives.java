package dev.bananagateway.local.simulator;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Per-request fault directives written into the prompt, e.g. {@code "a cat [sim:fail] [sim:latency=800]"}.
 * Grammar: {@code [sim:NAME]} or {@code [sim:NAME=VALUE]}, any number, anywhere in the prompt.
 *
 * <ul>
 *   <li>{@code fail} the generation fails (the task ends FAILED)</li>
 *   <li>{@code create=CODE} the create call answers CODE in the vendor's error shape. 4xx, 455 and 503
 *       reject the task; 500, 502, 504, {@code 522} (Cloudflare's HTML page) and {@code body-error}
 *       (HTTP 200 with body code 500; revid, crun) answer an error although the task was created</li>
 *   <li>{@code poll=CODE} the first poll answers CODE (500, 429, 404, 522 ...); later polls are normal</li>
 *   <li>{@code retry-after=S} add {@code Retry-After: S} to the injected 429/455/503 answers</li>
 *   <li>{@code latency=MS} every answer about this task is delayed by MS</li>
 *   <li>{@code slow-polls=N} the task finishes on the Nth poll, whatever the time</li>
 *   <li>{@code slow-ms=MS} the task finishes MS after create, whatever the polls</li>
 *   <li>{@code no-callback}, {@code duplicate-callback}, {@code delay-callback=MS} callback delivery</li>
 * </ul>
 */
record Directives(Map<String, String> values) {

    private static final Pattern DIRECTIVE = Pattern.compile("\\[sim:([a-z-]+)(?:=([^\\]]*))?]");

    static Directives parse(String prompt) {
        Map<String, String> values = new HashMap<>();
        if (prompt != null) {
            Matcher m = DIRECTIVE.matcher(prompt);
            while (m.find()) {
                values.put(m.group(1), m.group(2) == null ? "" : m.group(2).trim());
            }
        }
        return new Directives(Map.copyOf(values));
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    String value(String name) {
        return values.get(name);
    }

    Integer number(String name) {
        String value = values.get(name);
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    int latencyMs() {
        Integer ms = number("latency");
        return ms == null ? 0 : ms;
    }
}
