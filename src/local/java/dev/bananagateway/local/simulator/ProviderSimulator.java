package dev.bananagateway.local.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.bananagateway.local.LocalHttpServers;
import dev.bananagateway.provider.ProviderId;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * All five providers' wire protocols on one local port, stateful and asynchronous, for local runs
 * and tests (never in the Lambda build: only tests and dev-mode wiring reference it). A provider's
 * base URL is {@code baseUri() + "/" + provider key}, followed by the provider's real paths; keys are
 * {@link dev.bananagateway.provider.ProviderEndpoint#simulatorKey}. Result files are served under
 * {@code /files/<provider>/<task id>/<n>.<ext>}; faults come from prompt directives ({@link Directives})
 * and from the control API under {@code /_sim} ({@link SimControl}) or the methods here.
 */
public final class ProviderSimulator implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService handlers;
    private final ScheduledExecutorService scheduler;
    private final SimEngine engine;
    private final Map<String, SimProtocol> protocols;
    private final SimControl control;
    private final URI baseUri;
    private final SimDownloads downloads = new SimDownloads();

    private ProviderSimulator(HttpServer server) {
        this.server = server;
        this.baseUri = URI.create("http://localhost:" + server.getAddress().getPort());
        this.handlers = Executors.newCachedThreadPool(daemon("provider-simulator"));
        this.scheduler = Executors.newScheduledThreadPool(2, daemon("provider-simulator-timer"));
        HttpClient callbacks = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).executor(handlers).build();
        this.engine = new SimEngine(baseUri, Clock.systemUTC(), scheduler, callbacks);
        // every registered provider, each simulated by the class in its own package
        this.protocols = ProviderCatalog.ids().stream().map(id -> ProviderCatalog.simulation(id, engine))
                .collect(Collectors.toMap(p -> p.provider().key(), Function.identity(),
                        (a, b) -> a, TreeMap::new));
        this.control = new SimControl(this);
        server.setExecutor(handlers);
        server.createContext("/", this::serve);
        server.start();
    }

    /** See {@link SimEngine#trustLocalMedia}. */
    public void trustLocalMedia(URI origin) {
        engine.trustLocalMedia(origin);
    }

    /** Starts on {@code port} on the loopback interface; 0 picks a free port. */
    public static ProviderSimulator start(int port) {
        try {
            return new ProviderSimulator(LocalHttpServers.create(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0));
        } catch (IOException e) {
            throw new UncheckedIOException("the provider simulator could not listen on port " + port, e);
        }
    }

    /** {@code http://localhost:PORT}: the value for {@code gateway.simulator.url}. */
    public URI baseUri() {
        return baseUri;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Adds a global fault (same as {@code POST /_sim/faults}). */
    public void addFault(SimFault fault) {
        engine.faults().add(fault);
    }

    public void clearFaults() {
        engine.faults().clear();
    }

    public List<SimFault> faults() {
        return engine.faults().list();
    }

    public SimSettings settings(ProviderId provider) {
        return engine.settings(provider);
    }

    /** Replaces one provider's settings (same as {@code POST /_sim/settings}). */
    public void settings(ProviderId provider, SimSettings settings) {
        engine.settings(provider, settings);
    }

    /** Every task the simulator accepted for a provider, oldest first; null: all providers. */
    public List<SimulatedTask> tasks(ProviderId provider) {
        return engine.tasks(provider);
    }

    /** Every download of a result file so far (same as {@code GET /_sim/downloads}). */
    com.fasterxml.jackson.databind.node.ArrayNode downloads() {
        return downloads.toJson();
    }

    /** The simulated providers, sorted by id. */
    public List<ProviderId> providers() {
        return protocols.values().stream().map(SimProtocol::provider).toList();
    }

    /** Forgets tasks, faults, settings and each provider's own state (imgeditor's rate window). */
    public void reset() {
        engine.reset();
        downloads.reset();
        protocols.values().forEach(SimProtocol::reset);
    }

    @Override
    public void close() {
        server.stop(0);
        scheduler.shutdownNow();
        handlers.shutdownNow();
    }

    private void serve(HttpExchange http) throws IOException {
        if (http.getRequestURI().getPath().startsWith("/files/")) {
            try (http) {
                serveFile(http);
            }
            return;
        }
        try (http) {
            byte[] body;
            try (InputStream in = http.getRequestBody()) {
                body = in.readAllBytes();
            }
            SimResponse response;
            try {
                response = route(http, body);
            } catch (RuntimeException | LinkageError e) {
                response = SimResponse.text(500, "simulator failure: " + e);
            }
            response.headers().forEach((name, value) -> http.getResponseHeaders().add(name, value));
            http.getResponseHeaders().set("Content-Type", response.contentType());
            http.sendResponseHeaders(response.status(), response.body().length == 0 ? -1 : response.body().length);
            if (response.body().length > 0) {
                try (OutputStream out = http.getResponseBody()) {
                    out.write(response.body());
                }
            }
        }
    }

    /**
     * A result file, streamed. Faults from the task's prompt: {@code [sim:file=404|html|json]} (the
     * file is gone, or an error page or a JSON body stands in its place), {@code [sim:file=truncate]}
     * (the full length is declared, half the bytes are sent, then the connection is cut),
     * {@code [sim:file-ms=MS]} (the answer waits MS), {@code [sim:file-bytes=N]} (the file's size),
     * {@code [sim:file-rate=MB]} (the file is sent at MB megabytes a second, as over the internet),
     * {@code [sim:file-fails=N]} (the faults above hit only the first N downloads of each file, later
     * ones are served whole; alone, those N answer 503). Every GET is counted ({@link SimDownloads}).
     */
    private void serveFile(HttpExchange http) throws IOException {
        String[] parts = http.getRequestURI().getPath().split("/");
        SimTask task = parts.length == 5 ? engine.fileTask(parts[2], parts[3], parts[4]) : null;
        SimFiles.SimFile file = task == null ? null : engine.file(parts[2], parts[3], parts[4]);
        boolean head = "HEAD".equals(http.getRequestMethod());
        String url = baseUri + http.getRequestURI().getPath();
        int download = task == null || head ? 0 : downloads.started(url, java.time.Instant.now());
        Integer fails = task == null ? null : task.directives.number("file-fails");
        boolean faulty = fails == null || download <= fails;
        String fault = task == null || !faulty ? null : task.directives.value("file");
        Integer delay = task == null || !faulty ? null : task.directives.number("file-ms");
        if (fails != null && faulty && fault == null && delay == null) {
            fault = "503";
        }
        if (delay != null) {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (file == null || "404".equals(fault)) {
            answer(http, SimResponse.text(404, "no such file"));
        } else if ("503".equals(fault)) {
            answer(http, SimResponse.text(503, "busy, try again"));
        } else if ("html".equals(fault)) {
            answer(http, new SimResponse(200, "text/html; charset=UTF-8",
                    "<!DOCTYPE html><html><body><h1>Access denied</h1></body></html>".getBytes(
                            java.nio.charset.StandardCharsets.UTF_8), new java.util.LinkedHashMap<>()));
        } else if ("json".equals(fault)) {
            answer(http, new SimResponse(200, "application/json",
                    "{\"error\":\"expired\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    new java.util.LinkedHashMap<>()));
        } else {
            http.getResponseHeaders().set("Content-Type", file.contentType());
            http.sendResponseHeaders(200, head ? -1 : file.length());
            if (head) {
                return;
            }
            if ("truncate".equals(fault)) {
                try {
                    file.writeTo(new SimDownloads.CutOff(http.getResponseBody(), file.length() / 2));
                } catch (SimDownloads.CutOffException cut) {
                    // the body ends short of its declared length; closing it short drops the connection
                }
                return;
            }
            Integer rate = task.directives.number("file-rate");
            try (OutputStream out = rate == null ? http.getResponseBody()
                    : new SimDownloads.Paced(http.getResponseBody(), rate * 1_000_000L)) {
                file.writeTo(out);
            }
            downloads.completed(url);
        }
    }

    private static void answer(HttpExchange http, SimResponse response) throws IOException {
        http.getResponseHeaders().set("Content-Type", response.contentType());
        http.sendResponseHeaders(response.status(), response.body().length == 0 ? -1 : response.body().length);
        if (response.body().length > 0) {
            try (OutputStream out = http.getResponseBody()) {
                out.write(response.body());
            }
        }
    }

    private SimResponse route(HttpExchange http, byte[] body) {
        String path = http.getRequestURI().getPath();
        int second = path.indexOf('/', 1);
        String prefix = second < 0 ? path.substring(1) : path.substring(1, second);
        String rest = second < 0 ? "" : path.substring(second);
        SimExchange exchange = SimExchange.of(http.getRequestMethod(), rest, http.getRequestURI().getRawQuery(),
                http.getRequestHeaders(), body);
        if (prefix.equals("_sim")) {
            return control.handle(exchange);
        }
        SimProtocol protocol = protocols.get(prefix);
        return protocol == null ? SimResponse.text(404, "unknown provider prefix /" + prefix) : protocol.handle(exchange);
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
