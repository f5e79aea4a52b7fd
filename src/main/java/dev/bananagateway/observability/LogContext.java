package dev.bananagateway.observability;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.MDC;

/**
 * The per-invocation fields every log line carries (in JSON logs, under {@code mdc}): which
 * function, the Lambda request id, the X-Ray trace id, and the task and provider once known. Set at
 * the start of an invocation and cleared at its end, so nothing leaks into the next invocation that
 * the same instance serves; worker threads take a {@link #snapshot()} along.
 */
public final class LogContext {

    public static final String FUNCTION = "function";
    public static final String AWS_REQUEST_ID = "awsRequestId";
    public static final String TRACE_ID = "traceId";
    public static final String TASK_ID = "taskId";
    public static final String PROVIDER = "provider";
    static final List<String> KEYS = List.of(FUNCTION, AWS_REQUEST_ID, TRACE_ID, TASK_ID, PROVIDER);

    /** Where Quarkus' Lambda poll loop (native) and {@code MdcStreamHandler} (JVM) put the request id. */
    public static final String RUNTIME_REQUEST_ID = "AWSRequestId";
    /** Where both Lambda runtimes put the invocation's X-Ray header ({@code Root=1-...;Parent=...;Sampled=...}). */
    static final String TRACE_HEADER_PROPERTY = "com.amazonaws.xray.traceHeader";

    private LogContext() {
    }

    /** Starts an invocation of {@code function}; closing the scope clears every field again. */
    public static Scope invocation(String function) {
        clear();
        MDC.put(FUNCTION, function);
        Object requestId = MDC.get(RUNTIME_REQUEST_ID);
        if (requestId != null) {
            MDC.put(AWS_REQUEST_ID, requestId.toString());
        }
        String traceId = traceRoot(System.getProperty(TRACE_HEADER_PROPERTY));
        if (traceId != null) {
            MDC.put(TRACE_ID, traceId);
        }
        return LogContext::clear;
    }

    /** The task (and its provider, if known) the rest of this invocation, or this worker's step, is about. */
    public static void task(String taskId, String provider) {
        putOrRemove(TASK_ID, taskId);
        putOrRemove(PROVIDER, provider);
    }

    /** The provider the current step talks to (a failover moves on to the next one). */
    public static void provider(String provider) {
        putOrRemove(PROVIDER, provider);
    }

    /** This thread's fields, to carry over to a worker thread. */
    public static Snapshot snapshot() {
        Map<String, String> fields = new HashMap<>();
        for (String key : KEYS) {
            Object value = MDC.get(key);
            if (value != null) {
                fields.put(key, value.toString());
            }
        }
        return new Snapshot(fields);
    }

    /** The {@code Root} part of an X-Ray trace header, or null. */
    static String traceRoot(String header) {
        if (header == null) {
            return null;
        }
        for (String part : header.split(";")) {
            if (part.startsWith("Root=")) {
                return part.substring("Root=".length());
            }
        }
        return null;
    }

    private static void putOrRemove(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }

    private static void clear() {
        KEYS.forEach(MDC::remove);
    }

    /** Ends a scope without a checked exception. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** Fields copied from another thread. */
    public record Snapshot(Map<String, String> fields) {

        /** Sets the fields on the current thread until the scope closes. */
        public Scope apply() {
            clear();
            fields.forEach(MDC::put);
            return LogContext::clear;
        }
    }
}
