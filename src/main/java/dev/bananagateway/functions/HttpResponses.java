package dev.bananagateway.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bananagateway.api.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;

/** Writing API Gateway HTTP API responses: JSON bodies and RFC 9457 problems. */
@ApplicationScoped
public class HttpResponses {

    private final ObjectMapper json;

    public HttpResponses(ObjectMapper json) {
        this.json = json;
    }

    public APIGatewayV2HTTPResponse json(int status, Object body, Map<String, String> extraHeaders) {
        Map<String, String> headers = new HashMap<>(extraHeaders);
        headers.put("content-type", "application/json");
        headers.put("cache-control", "no-store");
        return response(status, headers, write(body));
    }

    /** A body already written as JSON (a recorded answer): problem+json for an error status. */
    public APIGatewayV2HTTPResponse recorded(int status, String body, Map<String, String> extraHeaders) {
        Map<String, String> headers = new HashMap<>(extraHeaders);
        headers.put("content-type", status >= 400 ? Problem.MEDIA_TYPE : "application/json");
        headers.put("cache-control", "no-store");
        return response(status, headers, body);
    }

    public APIGatewayV2HTTPResponse problem(Problem problem) {
        return problem(problem, Map.of());
    }

    public APIGatewayV2HTTPResponse problem(Problem problem, Map<String, String> extraHeaders) {
        Map<String, String> headers = new HashMap<>(extraHeaders);
        headers.put("content-type", Problem.MEDIA_TYPE);
        headers.put("cache-control", "no-store");
        Problem typed = problem.type() == null ? problem.withType() : problem;
        return response(problem.status(), headers, write(typed));
    }

    public APIGatewayV2HTTPResponse internalError() {
        return problem(Problem.of(500, "INTERNAL_ERROR", "Internal error",
                "the gateway could not complete the request; it is safe to retry with the same Idempotency-Key"));
    }

    private static APIGatewayV2HTTPResponse response(int status, Map<String, String> headers, String body) {
        APIGatewayV2HTTPResponse response = new APIGatewayV2HTTPResponse();
        response.setStatusCode(status);
        response.setHeaders(headers);
        response.setBody(body);
        response.setIsBase64Encoded(false);
        return response;
    }

    private String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize the response", e);
        }
    }
}
