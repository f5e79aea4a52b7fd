package dev.bananagateway.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bananagateway.api.Problem;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Local runs and tests only: a plain HTTP server that turns requests into the API Gateway HTTP API
 * (payload v2) events the functions get in AWS, and their responses back into HTTP. It gives
 * {@code curl} the same API as the deployed stack. A request header {@code x-local-principal}
 * stands in for the IAM caller identity.
 */
public final class ApiGatewayBridge implements AutoCloseable {

    /** One route, keyed as in API Gateway ({@code "GET /v1/tasks/{taskId}"}), and its function. */
    public record Route(String routeKey, Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> function) {

        String method() {
            return routeKey.substring(0, routeKey.indexOf(' '));
        }

        String template() {
            return routeKey.substring(routeKey.indexOf(' ') + 1);
        }

        Pattern path() {
            return Pattern.compile(PARAMETER.matcher(template()).replaceAll("(?<$1>[^/]+)"));
        }

        List<String> parameterNames() {
            return PARAMETER.matcher(template()).results().map(r -> r.group(1)).toList();
        }
    }

    private static final Pattern PARAMETER = Pattern.compile("\\{([A-Za-z]+)}");

    private static final int MAX_BODY = 1024 * 1024;
    private final ObjectMapper json = new ObjectMapper();
    private final Vertx vertx;
    private final HttpServer server;
    private final ExecutorService executor;
    private final List<Route> routes;
    private final String host;

    private ApiGatewayBridge(Vertx vertx, HttpServer server, ExecutorService executor, List<Route> routes,
            String host) {
        this.vertx = vertx;
        this.server = server;
        this.executor = executor;
        this.routes = routes;
        this.host = host;
    }

    /**
     * A Vert.x server, not the JDK's: the JDK server answers a request line it cannot parse as a URI
     * ({@code GET /v1/tasks/%}) with an HTML page before any handler sees it, where API Gateway and
     * this bridge answer problem+json. The functions run on worker threads, as blocking as in Lambda.
     */
    public static ApiGatewayBridge start(String host, int port, List<Route> routes) throws IOException {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        ExecutorService executor = Executors.newFixedThreadPool(32);
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port)
                .setTcpNoDelay(true).setAcceptBacklog(128));
        ApiGatewayBridge bridge = new ApiGatewayBridge(vertx, server, executor, routes, host);
        server.requestHandler(bridge::receive);
        try {
            server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            executor.shutdownNow();
            vertx.close();
            throw new IOException("cannot listen on " + host + ":" + port, e.getCause() == null ? e : e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting", e);
        }
        return bridge;
    }

    public int port() {
        return server.actualPort();
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the local API did not stop", e);
        }
    }

    /** Collects the body (refusing one over the limit), then handles the request on a worker. */
    private void receive(HttpServerRequest request) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        boolean[] tooLarge = { false };
        request.handler(chunk -> {
            if (body.size() + chunk.length() > MAX_BODY) {
                tooLarge[0] = true;
            } else if (!tooLarge[0]) {
                body.writeBytes(chunk.getBytes());
            }
        });
        request.endHandler(done -> executor.execute(() -> {
            try {
                handle(request, tooLarge[0] ? null : body.toByteArray());
            } catch (RuntimeException e) {
                send(request.response(), Problem.of(500, "INTERNAL_ERROR", "Internal error",
                        "the local API failed: " + e));
            }
        }));
    }

    private void handle(HttpServerRequest request, byte[] body) {
        String path = request.path();
        String method = request.method().name().toUpperCase(Locale.ROOT);
        if (body == null) {
            send(request.response(), Problem.of(413, "BODY_TOO_LARGE", "Request body too large",
                    "the body must be at most " + MAX_BODY + " bytes"));
            return;
        }
        if (!PercentEncoding.isWellFormed(path) || !PercentEncoding.isWellFormed(request.query())) {
            send(request.response(), Problem.of(400, "MALFORMED_PATH", "Malformed path",
                    "the path or query string is not validly percent-encoded UTF-8"));
            return;
        }
        boolean pathKnown = false;
        for (Route route : routes) {
            Matcher m = route.path().matcher(path);
            if (!m.matches()) {
                continue;
            }
            pathKnown = true;
            if (route.method().equals(method)) {
                respond(request.response(), route.function().apply(event(request, route, m, body)));
                return;
            }
        }
        send(request.response(), pathKnown
                ? Problem.of(405, "METHOD_NOT_ALLOWED", "Method not allowed", "the route does not take " + method)
                : Problem.of(404, "ROUTE_NOT_FOUND", "Not found", "no route matches the path"));
    }

    private APIGatewayV2HTTPEvent event(HttpServerRequest request, Route route, Matcher m, byte[] body) {
        Map<String, String> headers = new HashMap<>();
        request.headers().names().forEach(k -> headers.put(k.toLowerCase(Locale.ROOT),
                String.join(",", request.headers().getAll(k))));
        String rawQuery = request.query();
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setVersion("2.0");
        event.setRouteKey(route.routeKey());
        event.setRawPath(request.path());
        event.setRawQueryString(rawQuery == null ? "" : rawQuery);
        event.setHeaders(headers);
        event.setQueryStringParameters(query(rawQuery));
        event.setPathParameters(pathParameters(route.parameterNames(), m));
        setBody(event, body);

        APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
        context.setRouteKey(route.routeKey());
        context.setStage("$default");
        context.setRequestId(UUID.randomUUID().toString());
        // as API Gateway does: the API's own name, never the caller's Host header
        context.setDomainName(host + ":" + port());
        context.setTimeEpoch(Instant.now().toEpochMilli());
        APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
        http.setMethod(request.method().name());
        http.setPath(request.path());
        http.setProtocol("HTTP/1.1");
        http.setSourceIp(request.remoteAddress().host());
        http.setUserAgent(headers.get("user-agent"));
        context.setHttp(http);
        String principal = headers.get("x-local-principal");
        if (principal != null) {
            APIGatewayV2HTTPEvent.RequestContext.IAM iam = new APIGatewayV2HTTPEvent.RequestContext.IAM();
            iam.setUserArn(principal);
            APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizer =
                    new APIGatewayV2HTTPEvent.RequestContext.Authorizer();
            authorizer.setIam(iam);
            context.setAuthorizer(authorizer);
        }
        event.setRequestContext(context);
        return event;
    }

    /** Text bodies pass as text; anything that is not valid UTF-8 is base64-encoded, as API Gateway does. */
    private static void setBody(APIGatewayV2HTTPEvent event, byte[] body) {
        if (body.length == 0) {
            return;
        }
        try {
            event.setBody(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString());
            event.setIsBase64Encoded(false);
        } catch (CharacterCodingException e) {
            event.setBody(Base64.getEncoder().encodeToString(body));
            event.setIsBase64Encoded(true);
        }
    }

    private static Map<String, String> pathParameters(List<String> names, Matcher m) {
        Map<String, String> params = new HashMap<>();
        for (String name : names) {
            params.put(name, PercentEncoding.decode(m.group(name), false));
        }
        return params.isEmpty() ? null : params;
    }

    private static Map<String, String> query(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = PercentEncoding.decode(eq < 0 ? pair : pair.substring(0, eq), true);
            String value = eq < 0 ? "" : PercentEncoding.decode(pair.substring(eq + 1), true);
            params.merge(name, value, (a, b) -> a + "," + b);
        }
        return params;
    }

    private static void respond(HttpServerResponse out, APIGatewayV2HTTPResponse response) {
        if (response.getHeaders() != null) {
            response.getHeaders().forEach(out::putHeader);
        }
        byte[] body = response.getBody() == null ? new byte[0]
                : response.getIsBase64Encoded() ? Base64.getDecoder().decode(response.getBody())
                        : response.getBody().getBytes(StandardCharsets.UTF_8);
        out.setStatusCode(response.getStatusCode()).end(Buffer.buffer(body));
    }

    private void send(HttpServerResponse out, Problem problem) {
        try {
            out.putHeader("content-type", Problem.MEDIA_TYPE).setStatusCode(problem.status())
                    .end(json.writeValueAsString(problem));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
