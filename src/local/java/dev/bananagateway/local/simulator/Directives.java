package dev.bananagateway.local.simulator;

import dev.bananagateway.provider.ProviderId;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Per-request fault directives written into the prompt, e.g. {@code "a cat [sim:fail] [sim:latency=800]"}.
 * Grammar: {@code [sim:NAME]} or {@code [sim:NAME=VALUE]}, any number, anywhere in the prompt. A
 * directive scoped to one provider, {@code [sim:PROVIDER:NAME=VALUE]} (e.g. {@code [sim:imgeditor:create=429]}),
 * applies only there, so one prompt can be refused by the first provider and served by the next;
 * a scoped directive wins over an unscoped one of the same name.
 *
 * <ul>
 *   <li>{@code fail} the generation fails (the task ends FAILED)</li>
 *   <li>{@code no-outputs} the generation succeeds without a single output file</li>
 *   <li>{@code create=CODE} the create call answers CODE in the provider's error shape. 4xx, 455 and 503
 *       reject the task ({@code 408} as the front server's own page: it never read the request); 500, 502,
 *       504, {@code 522} (Cloudflare's HTML page) and {@code body-error} (HTTP 200 with body code 500; revid,
 *       crun) answer an error although the task was created (nbpcloud's 500 then as a crashed server's plain
 *       page); {@code misconfigured} is nbpcloud's documented 500, in its JSON error shape, creating nothing</li>
 *   <li>{@code poll=CODE} the first poll answers CODE (500, 429, 404, 408, 522 ...); later polls are normal</li>
 *   <li>{@code retry-after=S} add {@code Retry-After: S} to the injected 429/455/503 answers</li>
 *   <li>{@code latency=MS} every answer about this task is delayed by MS</li>
 *   <li>{@code slow-polls=N} the task finishes on the Nth poll, whatever the time</li>
 *   <li>{@code slow-ms=MS} the task finishes MS after create, whatever the polls</li>
 *   <li>{@code no-callback}, {@code duplicate-callback}, {@code delay-callback=MS} callback delivery</li>
 *   <li>{@code stale-callback} after the final callback, a stale one rendered while the task was still
 *       running arrives (a reordered delivery)</li>
 *   <li>{@code answer-delay=MS} the create answer leaves MS after the task was created, so a fast
 *       task's callback can arrive before the caller has the create answer</li>
 * </ul>
 */
public record Directives(Map<String, String> values) {

    private static final Pattern DIRECTIVE = Pattern.compile("\\[sim:(?:([a-z]+):)?([a-z-]+)(?:=([^\\]]*))?]");

    /** The directives that apply at {@code provider}: unscoped ones and those scoped to it. */
    public static Directives parse(String prompt, ProviderId provider) {
        Map<String, String> values = new HashMap<>();
        Map<String, String> scoped = new HashMap<>();
        if (prompt != null) {
            Matcher m = DIRECTIVE.matcher(prompt);
            while (m.find()) {
                String value = m.group(3) == null ? "" : m.group(3).trim();
                if (m.group(1) == null) {
                    values.put(m.group(2), value);
                } else if (m.group(1).equals(provider.key())) {
                    scoped.put(m.group(2), value);
                }
            }
        }
        values.putAll(scoped);
        return new Directives(Map.copyOf(values));
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public String value(String name) {
        return values.get(name);
    }

    public Integer number(String name) {
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

    public int latencyMs() {
        Integer ms = number("latency");
        return ms == null ? 0 : ms;
    }
}
