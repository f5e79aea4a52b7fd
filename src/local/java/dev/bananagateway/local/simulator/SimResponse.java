package dev.bananagateway.local.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bananagateway.provider.Json;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** An answer of the simulator: status, content type, body bytes and extra headers. */
public record SimResponse(int status, String contentType, byte[] body, Map<String, String> headers) {

    public static SimResponse json(int status, JsonNode body) {
        return new SimResponse(status, "application/json", Json.write(body).getBytes(StandardCharsets.UTF_8),
                new LinkedHashMap<>());
    }

    /** Cloudflare's "origin unreachable" page: HTML, not JSON, as a real 522 is. */
    public static SimResponse cloudflare522() {
        String page = "<!DOCTYPE html><html><head><title>Connection timed out | 522</title></head>"
                + "<body><h1>Error 522</h1><p>Connection timed out</p><p>Cloudflare</p></body></html>";
        return new SimResponse(522, "text/html; charset=UTF-8", page.getBytes(StandardCharsets.UTF_8),
                new LinkedHashMap<>());
    }

    /**
     * A 408 as the HTTP server in front of the provider sends it when it stops waiting for a request:
     * its own page, not the provider's error shape, since the request never reached the provider's code.
     */
    public static SimResponse requestTimeout408() {
        String page = "<html><head><title>408 Request Time-out</title></head><body><center><h1>408 Request Time-out"
                + "</h1></center><hr><center>nginx</center></body></html>";
        return new SimResponse(408, "text/html", page.getBytes(StandardCharsets.UTF_8), new LinkedHashMap<>())
                .withHeader("Connection", "close");
    }

    public static SimResponse bytes(String contentType, byte[] body) {
        return new SimResponse(200, contentType, body, new LinkedHashMap<>());
    }

    public static SimResponse text(int status, String text) {
        return new SimResponse(status, "text/plain; charset=UTF-8", text.getBytes(StandardCharsets.UTF_8),
                new LinkedHashMap<>());
    }

    public SimResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new SimResponse(status, contentType, body, copy);
    }

    public SimResponse withRetryAfter(Integer seconds) {
        return seconds == null ? this : withHeader("Retry-After", Integer.toString(seconds));
    }
}
