package dev.bananagateway.local;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * DynamoDB Local (Maven Central {@code com.amazonaws:DynamoDBLocal}) in this JVM, in memory or in a
 * folder, on a local port. Local runs and tests only: the dependency is {@code provided}, so it is not in the
 * Lambda package.
 */
public final class DynamoDbLocal implements AutoCloseable {

    private final DynamoDBProxyServer server;
    private final int port;

    private DynamoDbLocal(DynamoDBProxyServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /** Starts on {@code port}, or on a free port when {@code port} is 0, in memory. */
    public static DynamoDbLocal start(int port) {
        return start(port, Optional.empty());
    }

    /**
     * Starts on {@code port} (0: a free one), keeping the data in {@code folder} when given (one
     * database file for every client, so it survives a restart), else in memory.
     */
    public static DynamoDbLocal start(int port, Optional<Path> folder) {
        int chosen = port == 0 ? freePort() : port;
        List<String> args = new ArrayList<>(List.of("-disableTelemetry", "-port", Integer.toString(chosen)));
        try {
            if (folder.isPresent()) {
                Files.createDirectories(folder.get());
                args.addAll(List.of("-sharedDb", "-dbPath", folder.get().toAbsolutePath().toString()));
            } else {
                args.add("-inMemory");
            }
            DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new));
            server.start();
            return new DynamoDbLocal(server, chosen);
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not start on port " + chosen, e);
        }
    }

    public URI endpoint() {
        return URI.create("http://localhost:" + port);
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not stop", e);
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free local port", e);
        }
    }
}
