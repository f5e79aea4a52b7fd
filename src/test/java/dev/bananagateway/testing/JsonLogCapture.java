package dev.bananagateway.testing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtHandler;

/**
 * Captures log lines exactly as the application's console handler formats them (with JSON logs on:
 * what Lambda would receive), by running every record through that handler's own formatter.
 */
public final class JsonLogCapture extends Handler implements AutoCloseable {

    private final Collection<String> lines = new ConcurrentLinkedQueue<>();
    private final Formatter console;

    private JsonLogCapture(Formatter console) {
        this.console = console;
    }

    /** Installs the capture; fails when no console handler with a JSON formatter is configured. */
    public static JsonLogCapture install() {
        Formatter formatter = jsonFormatter(Logger.getLogger("").getHandlers());
        if (formatter == null) {
            throw new IllegalStateException("no console handler formats JSON");
        }
        JsonLogCapture capture = new JsonLogCapture(formatter);
        Logger.getLogger("").addHandler(capture);
        return capture;
    }

    private static Formatter jsonFormatter(Handler[] handlers) {
        for (Handler handler : handlers) {
            if (handler.getFormatter() != null && handler.getFormatter().getClass().getName().contains("Json")) {
                return handler.getFormatter();
            }
            if (handler instanceof ExtHandler ext) {
                Formatter nested = jsonFormatter(ext.getHandlers());
                if (nested != null) {
                    return nested;
                }
            }
        }
        return null;
    }

    /** The formatted output, split into the lines a log reader would see. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        for (String formatted : lines) {
            for (String line : formatted.split("\n")) {
                if (!line.isBlank()) {
                    out.add(line);
                }
            }
        }
        return out;
    }

    /** How many records were captured (a record that printed as several lines counts once). */
    public int records() {
        return lines.size();
    }

    @Override
    public void publish(LogRecord record) {
        if (isLoggable(record)) {
            lines.add(console.format(record));
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
    }
}
