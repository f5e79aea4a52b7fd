package dev.bananagateway.bench;

import java.util.Arrays;

/** Latencies of one series of calls, in nanoseconds; percentiles by nearest rank. */
public final class LatencySamples {

    private final long[] nanos;
    private int size;

    public LatencySamples(int capacity) {
        this.nanos = new long[capacity];
    }

    public void add(long elapsedNanos) {
        nanos[size++] = elapsedNanos;
    }

    public int size() {
        return size;
    }

    /** The p-th percentile (0 &lt; p &lt;= 100) in milliseconds. */
    public double percentileMillis(double p) {
        if (size == 0) {
            throw new IllegalStateException("no samples");
        }
        long[] sorted = Arrays.copyOf(nanos, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * size);
        return sorted[Math.max(0, rank - 1)] / 1_000_000.0;
    }

    public double meanMillis() {
        return Arrays.stream(nanos, 0, size).average().orElseThrow() / 1_000_000.0;
    }
}
