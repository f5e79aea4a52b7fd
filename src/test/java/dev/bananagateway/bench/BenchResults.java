package dev.bananagateway.bench;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * The figures of one benchmark part, as a properties file under {@code target/bench/}. Each part
 * writes its own; {@link BenchmarksReport} reads them all and renders BENCHMARKS.md. The bench
 * profile empties the folder first, so a report never mixes runs.
 */
public final class BenchResults {

    private final Properties values;

    private BenchResults(Properties values) {
        this.values = values;
    }

    public static Path dir() {
        return Path.of(System.getProperty("bench.dir", "target/bench"));
    }

    public static void write(String part, Map<String, ?> figures) {
        Properties out = new Properties();
        figures.forEach((key, value) -> out.setProperty(key, String.valueOf(value)));
        try {
            Files.createDirectories(dir());
            try (Writer writer = Files.newBufferedWriter(dir().resolve(part + ".properties"), StandardCharsets.UTF_8)) {
                out.store(writer, part);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A part's figures; fails when the part did not run in this build. */
    public static BenchResults read(String part) {
        Path file = dir().resolve(part + ".properties");
        if (!Files.exists(file)) {
            throw new IllegalStateException("no results for benchmark part '" + part + "' (" + file
                    + "): run the whole command, ./mvnw -B -ntp -Pbench verify");
        }
        Properties in = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            in.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new BenchResults(in);
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    public String text(String key) {
        String value = values.getProperty(key);
        if (value == null) {
            throw new IllegalStateException("missing figure " + key);
        }
        return value;
    }

    public double number(String key) {
        return Double.parseDouble(text(key));
    }

    public long integer(String key) {
        return Long.parseLong(text(key));
    }
}
