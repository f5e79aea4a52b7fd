package dev.bananagateway.local.simulator;

import dev.bananagateway.provider.ProviderId;

/**
 * A fault injected for every matching call of one provider until it is used up or the faults are
 * cleared. Set through {@code POST /_sim/faults} or {@link ProviderSimulator#addFault}.
 *
 * @param operation {@code create}, {@code poll} or {@code callback}
 * @param fault for create/poll: an HTTP status (429, 455, 500, 503, 401, 408 as the front server's page, ...),
 *     {@code 522} (an HTML page), {@code body-error} (HTTP 200 with body code 500; revid, crun),
 *     {@code misconfigured} (nbpcloud's documented 500) or {@code latency};
 *     for callback: {@code drop}, {@code duplicate}, {@code stale} (a stale running-state delivery after
 *     the final one) or {@code latency}
 * @param count how many calls it applies to; negative: until cleared
 * @param retryAfterSeconds the Retry-After header of a 429/455/503 answer, or null
 * @param latencyMs delay before answering (or before delivering a callback)
 * @param probability chance that a matching call is affected, 0..1
 */
public record SimFault(ProviderId provider, String operation, String fault, int count, Integer retryAfterSeconds,
        int latencyMs, double probability) {

    public static final String CREATE = "create";
    public static final String POLL = "poll";
    public static final String CALLBACK = "callback";

    /** A fault for the next {@code count} calls, always applied. */
    public static SimFault of(ProviderId provider, String operation, String fault, int count) {
        return new SimFault(provider, operation, fault, count, null, 0, 1.0);
    }

    public boolean isLatency() {
        return "latency".equals(fault);
    }
}
