package dev.bananagateway.local.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bananagateway.provider.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every download of a result file the simulator served, by URL: when each began and how many were
 * served whole. Tests read it ({@code GET /_sim/downloads}) to check that a stored output is never
 * fetched again, and {@code [sim:file-fails=N]} counts a file's downloads with it.
 */
final class SimDownloads {

    /** One file's downloads. */
    private static final class Counts {
        final List<Instant> started = new ArrayList<>();
        int completed;
    }

    private final Map<String, Counts> byUrl = new TreeMap<>();

    /** Counts a download of {@code url} that begins now; answers which one it is (1 for the first). */
    synchronized int started(String url, Instant now) {
        Counts counts = byUrl.computeIfAbsent(url, u -> new Counts());
        counts.started.add(now);
        return counts.started.size();
    }

    /** The download of {@code url} was served whole. */
    synchronized void completed(String url) {
        byUrl.computeIfAbsent(url, u -> new Counts()).completed++;
    }

    synchronized void reset() {
        byUrl.clear();
    }

    /** {@code [{"url", "started": [epoch ms...], "completed": n}]}. */
    synchronized ArrayNode toJson() {
        ArrayNode out = Json.array(List.of());
        byUrl.forEach((url, counts) -> {
            ObjectNode item = Json.object().put("url", url).put("completed", counts.completed);
            ArrayNode started = item.putArray("started");
            counts.started.forEach(at -> started.add(at.toEpochMilli()));
            out.add(item);
        });
        return out;
    }

    /**
     * The first {@code limit} bytes of a body, then the download breaks off: what a server that
     * dies mid-body or a cut connection leaves the client, with the full length already declared.
     */
    static final class CutOff extends OutputStream {
        private final OutputStream out;
        private long left;

        CutOff(OutputStream out, long limit) {
            this.out = out;
            this.left = limit;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            int n = (int) Math.min(len, left);
            out.write(b, off, n);
            left -= n;
            if (n < len) {
                out.flush();
                throw new CutOffException();
            }
        }
    }

    /**
     * A body sent no faster than {@code bytesPerSecond}: a provider's file host seen over the
     * internet, where a download takes seconds, not the loopback's fraction of one.
     */
    static final class Paced extends OutputStream {
        private static final int CHUNK = 64 * 1024;
        private final OutputStream out;
        private final long bytesPerSecond;
        private final long started = System.nanoTime();
        private long sent;

        Paced(OutputStream out, long bytesPerSecond) {
            this.out = out;
            this.bytesPerSecond = bytesPerSecond;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            for (int at = 0; at < len; at += CHUNK) {
                int n = Math.min(CHUNK, len - at);
                out.write(b, off + at, n);
                sent += n;
                long due = started + sent * 1_000_000_000L / bytesPerSecond;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    try {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted while pacing a download", e);
                    }
                }
            }
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /** Ends a {@link CutOff} body. */
    static final class CutOffException extends IOException {
        CutOffException() {
            super("the simulator cut the download off");
        }
    }
}
