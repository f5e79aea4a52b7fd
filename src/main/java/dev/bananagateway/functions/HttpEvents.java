package dev.bananagateway.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Reading API Gateway HTTP API (payload v2) events. */
final class HttpEvents {

    static final String ANONYMOUS = "anonymous";

    private HttpEvents() {
    }

    /** Headers with lower-case names (API Gateway lower-cases them already; the local bridge too). */
    static Map<String, String> headers(APIGatewayV2HTTPEvent event) {
        Map<String, String> headers = new HashMap<>();
        if (event.getHeaders() != null) {
            event.getHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
        }
        return headers;
    }

    static String header(APIGatewayV2HTTPEvent event, String name) {
        return headers(event).get(name);
    }

    static byte[] body(APIGatewayV2HTTPEvent event) {
        String body = event.getBody();
        if (body == null) {
            return new byte[0];
        }
        return event.getIsBase64Encoded() ? Base64.getDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8);
    }

    static String bodyText(APIGatewayV2HTTPEvent event) {
        return new String(body(event), StandardCharsets.UTF_8);
    }

    static Optional<String> pathParameter(APIGatewayV2HTTPEvent event, String name) {
        return Optional.ofNullable(event.getPathParameters()).map(p -> p.get(name));
    }

    static Optional<String> queryParameter(APIGatewayV2HTTPEvent event, String name) {
        return Optional.ofNullable(event.getQueryStringParameters()).map(p -> p.get(name));
    }

    /** The caller: the IAM principal when the route uses IAM auth, else one shared anonymous owner. */
    static String owner(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPEvent.RequestContext context = event.getRequestContext();
        if (context != null && context.getAuthorizer() != null && context.getAuthorizer().getIam() != null) {
            APIGatewayV2HTTPEvent.RequestContext.IAM iam = context.getAuthorizer().getIam();
            if (iam.getUserArn() != null) {
                return iam.getUserArn();
            }
            if (iam.getCallerId() != null) {
                return iam.getCallerId();
            }
        }
        return ANONYMOUS;
    }

    /** The API's public base URL as the caller reached it (used for provider callback URLs). */
    static String baseUrl(APIGatewayV2HTTPEvent event) {
        Map<String, String> headers = headers(event);
        String proto = headers.getOrDefault("x-forwarded-proto", "https");
        APIGatewayV2HTTPEvent.RequestContext context = event.getRequestContext();
        String host = context != null && context.getDomainName() != null ? context.getDomainName()
                : headers.get("host");
        String stage = context == null || context.getStage() == null || "$default".equals(context.getStage()) ? ""
                : "/" + context.getStage();
        return proto + "://" + host + stage;
    }
}
