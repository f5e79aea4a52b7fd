package dev.bananagateway.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.bananagateway.model.UrlPolicy;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.client5.http.DnsResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pinned client connects only to addresses the URL policy passed, in the resolution it connects
 * with: a name that resolves to a private address is refused and nothing reaches that address, also
 * when the first lookup answered a public one (DNS rebinding); redirects are checked hop by hop.
 */
class PinnedHttpTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private HttpServer server;
    private static final int ERROR_CHUNKS = 200;

    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicBoolean errorBodyWhole = new AtomicBoolean();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            String redirect = exchange.getRequestURI().getQuery();
            if (exchange.getRequestURI().getPath().equals("/endless-error")) {
                endlessError(exchange);
            } else if (redirect != null && redirect.startsWith("to=")) {
                exchange.getResponseHeaders().set("Location", redirect.substring(3));
                exchange.sendResponseHeaders(302, -1);
            } else {
                byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        server.start();
    }

    /** A 500 whose body trickles on for as long as anyone reads it, up to {@link #ERROR_CHUNKS} chunks. */
    private void endlessError(HttpExchange exchange) throws IOException {
        exchange.sendResponseHeaders(500, 0);
        byte[] chunk = new byte[1024];
        try (OutputStream out = exchange.getResponseBody()) {
            for (int i = 0; i < ERROR_CHUNKS; i++) {
                out.write(chunk);
                out.flush();
                Thread.sleep(50);
            }
            errorBodyWhole.set(true);
        } catch (IOException | InterruptedException gone) {
            // the client hung up: what a client that does not drain error bodies does
        }
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private int port() {
        return server.getAddress().getPort();
    }

    /** A resolver that answers the loopback address for every name, as a rebinding attacker's DNS would. */
    private static final DnsResolver EVERYTHING_IS_LOOPBACK = new DnsResolver() {
        @Override
        public InetAddress[] resolve(String host) {
            return new InetAddress[] {InetAddress.getLoopbackAddress()};
        }

        @Override
        public String resolveCanonicalHostname(String host) {
            return host;
        }
    };

    @Test
    void aPublicLookingNameThatResolvesToAPrivateAddressIsNeverConnectedTo() {
        PinnedHttp http = new PinnedHttp(new UrlPolicy(Set.of()), TIMEOUT, TIMEOUT, EVERYTHING_IS_LOOPBACK);
        MediaException refused = assertThrows(MediaException.class,
                () -> http.get("https://files.example.com:" + port() + "/0.png", TIMEOUT));
        assertTrue(refused.getMessage().contains("non-public address"), refused.getMessage());
        MediaException webhook = assertThrows(MediaException.class,
                () -> http.postJson("https://hooks.example.com:" + port() + "/in", Map.of(), "{}", TIMEOUT));
        assertTrue(webhook.getMessage().contains("non-public address"), webhook.getMessage());
        assertEquals(List.of(), requests, "nothing reached the private address");
    }

    @Test
    void aNameThatFirstResolvedPubliclyIsCheckedAgainInTheLookupTheConnectionUses() throws Exception {
        DnsResolver rebinding = new DnsResolver() {
            private int lookups;

            @Override
            public synchronized InetAddress[] resolve(String host) throws UnknownHostException {
                // the first answer (the one an earlier check would have seen) is public, the next is not
                return new InetAddress[] {lookups++ == 0 ? InetAddress.getByName("93.184.216.34")
                        : InetAddress.getLoopbackAddress()};
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host;
            }
        };
        rebinding.resolve("warm.example.com"); // the check an unpinned client would have made first
        PinnedHttp http = new PinnedHttp(new UrlPolicy(Set.of()), TIMEOUT, TIMEOUT, rebinding);
        assertThrows(MediaException.class, () -> http.get("https://files.example.com:" + port() + "/0.png", TIMEOUT));
        assertEquals(List.of(), requests);
    }

    @Test
    void anAllowedHostIsFetchedAndARedirectToAPrivateAddressIsRefusedBeforeItIsFollowed() throws Exception {
        PinnedHttp http = new PinnedHttp(new UrlPolicy(Set.of("localhost")), TIMEOUT, TIMEOUT);
        try (PinnedHttp.Download ok = http.get("http://localhost:" + port() + "/0.png", TIMEOUT)) {
            assertEquals("ok", new String(ok.body().readAllBytes(), StandardCharsets.UTF_8));
        }
        String privateTarget = "http://127.0.0.1:" + port() + "/secret";
        MediaException refused = assertThrows(MediaException.class,
                () -> http.get("http://localhost:" + port() + "/0.png?to=" + privateTarget, TIMEOUT));
        assertTrue(refused.getMessage().startsWith("a redirect target"), refused.getMessage());
        assertEquals(List.of("GET /0.png", "GET /0.png?to=" + privateTarget), requests, "the target was never asked");

        try (PinnedHttp.Download followed = http.get("http://localhost:" + port() + "/a.png?to=/b.png", TIMEOUT)) {
            assertEquals("ok", new String(followed.body().readAllBytes(), StandardCharsets.UTF_8));
        }
        assertTrue(requests.contains("GET /b.png"), "an allowed redirect is followed");
    }

    @Test
    void anErrorAnswerIsDroppedWithoutReadingItsBody() throws Exception {
        PinnedHttp http = new PinnedHttp(new UrlPolicy(Set.of("localhost")), TIMEOUT, TIMEOUT);
        MediaException refused = assertThrows(MediaException.class,
                () -> http.get("http://localhost:" + port() + "/endless-error", TIMEOUT));
        assertTrue(refused.getMessage().contains("HTTP 500"), refused.getMessage());
        // the server sends for 10 s unless the client hangs up: a client that drained the body would
        // have answered only after the last chunk
        assertTrue(!errorBodyWhole.get(), "the client hung up instead of reading the error body to its end");
    }
}
