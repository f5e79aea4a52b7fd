package dev.bananagateway.media;

import dev.bananagateway.config.GatewayConfig;
import dev.bananagateway.model.UrlPolicy;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * Outbound HTTP to addresses a caller or a provider named (output files, caller webhooks), pinned
 * to the addresses the URL policy checked: the policy runs inside the client's DNS resolution, so the
 * connection goes to exactly the addresses that passed, and a second lookup that now answers a
 * private address (DNS rebinding) has no window. Redirects are followed by hand, each target checked
 * like the first URL. Apache HttpClient 5's classic client: plain Java, no reflection, so it works
 * in a native image.
 */
@ApplicationScoped
public class PinnedHttp {

    static final int MAX_REDIRECTS = 5;

    private final UrlPolicy policy;
    private final CloseableHttpClient client;

    @jakarta.inject.Inject
    public PinnedHttp(GatewayConfig config) {
        this(new UrlPolicy(config.webhooks().allowedPrivateHosts().orElse(Set.of())),
                config.media().connectTimeout(), config.media().readTimeout());
    }

    public PinnedHttp(UrlPolicy policy, Duration connectTimeout, Duration readTimeout) {
        this(policy, connectTimeout, readTimeout, SystemDefaultDnsResolver.INSTANCE);
    }

    /** @param dns the lookup the policy checks (the system's; a test's stand-in for DNS answers) */
    PinnedHttp(UrlPolicy policy, Duration connectTimeout, Duration readTimeout, DnsResolver dns) {
        this.policy = policy;
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(new CheckedResolver(policy, dns))
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(connectTimeout))
                                .setSocketTimeout(Timeout.of(readTimeout))
                                .build())
                        // every output of a provider comes from one host: no per-route cap below the total
                        .setMaxConnTotal(256)
                        .setMaxConnPerRoute(256)
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(Timeout.of(connectTimeout)).build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .build();
    }

    /** An open download: read {@link #body()}, then close it. */
    public static final class Download implements AutoCloseable {
        private final HttpGet request;
        private final ClassicHttpResponse response;
        private final InputStream body;

        Download(HttpGet request, ClassicHttpResponse response, InputStream body) {
            this.request = request;
            this.response = response;
            this.body = body;
        }

        /** Drops the connection at once, unread bytes and all (closing alone would drain them first). */
        public void abort() {
            request.cancel();
        }

        public InputStream body() {
            return body;
        }

        /** The declared length, or -1 when the server does not say. */
        public long declaredLength() {
            HttpEntity entity = response.getEntity();
            return entity == null ? -1 : entity.getContentLength();
        }

        @Override
        public void close() throws IOException {
            response.close();
        }
    }

    /**
     * GETs {@code url}, following up to {@value #MAX_REDIRECTS} redirects whose targets pass the
     * policy, waiting at most {@code readTimeout} for any read. Answers only a 2xx with a body.
     */
    public Download get(String url, Duration readTimeout) throws MediaException {
        String current = url;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            checkShape(current, hop);
            HttpGet get = new HttpGet(URI.create(current));
            get.setConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(readTimeout)).build());
            ClassicHttpResponse response;
            try {
                response = client.executeOpen(null, get, null);
            } catch (IOException e) {
                throw new MediaException(describe(e), e);
            }
            int status = response.getCode();
            if (status >= 300 && status < 400 && response.getFirstHeader("Location") != null) {
                String location = response.getFirstHeader("Location").getValue();
                discard(get, response);
                current = URI.create(current).resolve(location).toString();
                continue;
            }
            if (status / 100 != 2 || response.getEntity() == null) {
                discard(get, response);
                throw new MediaException("the file's server answered HTTP " + status);
            }
            try {
                return new Download(get, response, response.getEntity().getContent());
            } catch (IOException e) {
                closeQuietly(response);
                throw new MediaException(describe(e), e);
            }
        }
        throw new MediaException("more than " + MAX_REDIRECTS + " redirects");
    }

    /** POSTs a JSON body; never follows a redirect. Answers the status code. */
    public int postJson(String url, Map<String, String> headers, String body, Duration timeout)
            throws MediaException {
        checkShape(url, 0);
        HttpPost post = new HttpPost(URI.create(url));
        post.setConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(timeout)).build());
        headers.forEach(post::setHeader);
        post.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
        try (ClassicHttpResponse response = client.executeOpen(null, post, null)) {
            EntityUtils.consumeQuietly(response.getEntity());
            return response.getCode();
        } catch (IOException e) {
            throw new MediaException(describe(e), e);
        }
    }

    private void checkShape(String url, int hop) throws MediaException {
        Optional<String> refused = policy.checkReferenceImage(url);
        if (refused.isPresent()) {
            throw new MediaException((hop == 0 ? "the URL " : "a redirect target ") + refused.get());
        }
    }

    private static String describe(IOException e) {
        if (e instanceof RefusedAddressException) {
            return e.getMessage();
        }
        String name = e.getClass().getSimpleName().toLowerCase(Locale.ROOT);
        return name.contains("timeout") ? "the file's server timed out" : "the file's server could not be reached";
    }

    /**
     * Drops an answer without reading its body: closing alone would drain it to reuse the
     * connection, and an error page or a redirect's body can be as large and slow as its server likes.
     */
    private static void discard(HttpGet get, ClassicHttpResponse response) {
        get.cancel();
        closeQuietly(response);
    }

    private static void closeQuietly(ClassicHttpResponse response) {
        try {
            response.close();
        } catch (IOException ignored) {
            // the connection is discarded either way
        }
    }

    @PreDestroy
    void close() {
        try {
            client.close();
        } catch (IOException ignored) {
            // nothing to release beyond the sockets
        }
    }

    /** Signals a host refused by the policy at resolution time (an {@link UnknownHostException}, so the client stops). */
    static final class RefusedAddressException extends UnknownHostException {
        RefusedAddressException(String host) {
            super("the host " + host + " resolves to a non-public address");
        }
    }

    /** Resolves as the system does, then refuses the host unless every address passes the policy. */
    private record CheckedResolver(UrlPolicy policy, DnsResolver dns) implements DnsResolver {

        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            InetAddress[] addresses = dns.resolve(host);
            for (InetAddress address : addresses) {
                if (!policy.allowsAddress(host, address)) {
                    throw new RefusedAddressException(host);
                }
            }
            return addresses;
        }

        @Override
        public String resolveCanonicalHostname(String host) throws UnknownHostException {
            return dns.resolveCanonicalHostname(host);
        }
    }
}
