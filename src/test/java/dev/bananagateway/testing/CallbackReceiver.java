package dev.bananagateway.testing;

import com.sun.net.httpserver.HttpServer;
import dev.bananagateway.local.LocalHttpServers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A tiny HTTP endpoint that records the bodies POSTed to it (provider callbacks) and answers 200. */
public final class CallbackReceiver implements AutoCloseable {

    private final HttpServer server;
    private final BlockingQueue<String> bodies = new LinkedBlockingQueue<>();

    public CallbackReceiver() {
        try {
            server = LocalHttpServers.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                bodies.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(200, -1);
            }
        });
        server.start();
    }

    public String url(String path) {
        return "http://localhost:" + server.getAddress().getPort() + path;
    }

    /** The next body received within the timeout, or null. */
    public String next(Duration timeout) throws InterruptedException {
        return bodies.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public int pending() {
        return bodies.size();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
