package dev.bananagateway.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.bananagateway.api.CallerIdentity;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Reading API Gateway HTTP API (payload v2) events. */
final class HttpEvents {

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

    /** The caller: a stable name of the IAM principal (see {@link CallerIdentity}), else one shared anonymous owner. */
    static String owner(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPEvent.RequestContext context = event.getRequestContext();
        if (context == null || context.getAuthorizer() == null || context.getAuthorizer().getIam() == null) {
            return CallerIdentity.ANONYMOUS;
        }
        APIGatewayV2HTTPEvent.RequestContext.IAM iam = context.getAuthorizer().getIam();
        String cognitoIdentity = iam.getCognitoIdentity() == null ? null : iam.getCognitoIdentity().getIdentityId();
        return CallerIdentity.owner(iam.getUserArn(), iam.getCallerId(), cognitoIdentity);
    }

    /**
     * The API's base URL from API Gateway's request context (its domain name and stage), for the
     * callback URLs handed to providers; empty without a domain name. Never from request headers: a
     * caller controls {@code Host} and {@code X-Forwarded-*}, and a forged one would send a provider's
     * callback, token included, to another server. {@code scheme} is https in AWS (API Gateway serves
     * nothing else); dev and test runs pass http for the local bridge.
     */
    static Optional<String> baseUrl(APIGatewayV2HTTPEvent event, String scheme) {
        APIGatewayV2HTTPEvent.RequestContext context = event.getRequestContext();
        if (context == null || context.getDomainName() == null || context.getDomainName().isBlank()) {
            return Optional.empty();
        }
        String stage = context.getStage() == null || "$default".equals(context.getStage()) ? ""
                : "/" + context.getStage();
        return Optional.of(scheme + "://" + context.getDomainName() + stage);
    }
}
