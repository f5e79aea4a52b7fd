package dev.bananagateway.local;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;

/** The JDK HTTP servers of local runs and tests (the API Gateway bridge, the provider simulator). */
public final class LocalHttpServers {

    /**
     * The JDK server writes a response's headers and body in separate packets and leaves Nagle's
     * algorithm on, so every small response waits out the client's delayed ACK (about 40 ms).
     * The switch is read once, when the first server starts.
     */
    private static final String NO_DELAY = "sun.net.httpserver.nodelay";

    private LocalHttpServers() {
    }

    public static HttpServer create(InetSocketAddress address, int backlog) throws IOException {
        if (System.getProperty(NO_DELAY) == null) {
            System.setProperty(NO_DELAY, "true");
        }
        return HttpServer.create(address, backlog);
    }
}
