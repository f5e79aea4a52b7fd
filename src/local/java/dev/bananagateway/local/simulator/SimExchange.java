package dev.bananagateway.local.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.sun.net.httpserver.Headers;
import dev.bananagateway.provider.Json;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** One request as a simulated provider sees it: the path below the provider's prefix, headers, body. */
public record SimExchange(String method, String path, Map<String, String> query, Headers headers, byte[] body) {

    public static SimExchange of(String method, String path, String rawQuery, Headers headers, byte[] body) {
        return new SimExchange(method, path, parseQuery(rawQuery), headers, body);
    }

    public String header(String name) {
        return headers.getFirst(name);
    }

    public String query(String name) {
        return query.get(name);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body as JSON; missing when it is not JSON. */
    public JsonNode json() {
        return Json.parse(bodyText()).orElse(MissingNode.getInstance());
    }

    public boolean isPost() {
        return "POST".equals(method);
    }

    public boolean isGet() {
        return "GET".equals(method);
    }

    private static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> out = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            out.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return out;
    }
}
