package dev.bananagateway.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
    private final HttpServer server;
    private final ExecutorService executor;
    private final List<Route> routes;

    private ApiGatewayBridge(HttpServer server, ExecutorService executor, List<Route> routes) {
        this.server = server;
        this.executor = executor;
        this.routes = routes;
    }

    public static ApiGatewayBridge start(String host, int port, List<Route> routes) throws IOException {
        HttpServer server = LocalHttpServers.create(new InetSocketAddress(host, port), 128);
        ExecutorService executor = Executors.newFixedThreadPool(32);
        ApiGatewayBridge bridge = new ApiGatewayBridge(server, executor, routes);
        server.createContext("/", bridge::handle);
        server.setExecutor(executor);
        server.start();
        return bridge;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            byte[] body = readBody(exchange.getRequestBody());
            if (body == null) {
                send(exchange, 413, "application/problem+json",
                        "{\"status\":413,\"code\":\"BODY_TOO_LARGE\",\"title\":\"Request body too large\"}");
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
                    APIGatewayV2HTTPResponse response = route.function().apply(event(exchange, route, m, body));
                    respond(exchange, response);
                    return;
                }
            }
            int status = pathKnown ? 405 : 404;
            send(exchange, status, "application/problem+json", "{\"status\":" + status + ",\"code\":\""
                    + (pathKnown ? "METHOD_NOT_ALLOWED" : "ROUTE_NOT_FOUND") + "\",\"title\":\"Not found\"}");
        }
    }

    private static APIGatewayV2HTTPEvent event(HttpExchange exchange, Route route, Matcher m, byte[] body) {
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
        headers.putIfAbsent("x-forwarded-proto", "http");
        String rawQuery = exchange.getRequestURI().getRawQuery();
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setVersion("2.0");
        event.setRouteKey(route.routeKey());
        event.setRawPath(exchange.getRequestURI().getRawPath());
        event.setRawQueryString(rawQuery == null ? "" : rawQuery);
        event.setHeaders(headers);
        event.setQueryStringParameters(query(rawQuery));
        event.setPathParameters(pathParameters(route.parameterNames(), m));
        setBody(event, body);

        APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
        context.setRouteKey(route.routeKey());
        context.setStage("$default");
        context.setRequestId(UUID.randomUUID().toString());
        context.setDomainName(headers.getOrDefault("host", "localhost"));
        context.setTimeEpoch(Instant.now().toEpochMilli());
        APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
        http.setMethod(exchange.getRequestMethod());
        http.setPath(exchange.getRequestURI().getRawPath());
        http.setProtocol("HTTP/1.1");
        http.setSourceIp(exchange.getRemoteAddress().getAddress().getHostAddress());
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
            params.put(name, URLDecoder.decode(m.group(name), StandardCharsets.UTF_8));
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
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.merge(name, value, (a, b) -> a + "," + b);
        }
        return params;
    }

    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY + 1);
        return body.length > MAX_BODY ? null : body;
    }

    private static void respond(HttpExchange exchange, APIGatewayV2HTTPResponse response) throws IOException {
        if (response.getHeaders() != null) {
            response.getHeaders().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        }
        byte[] body = response.getBody() == null ? new byte[0]
                : response.getIsBase64Encoded() ? Base64.getDecoder().decode(response.getBody())
                        : response.getBody().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(response.getStatusCode(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        exchange.getResponseHeaders().add("content-type", contentType);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
