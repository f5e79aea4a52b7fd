package dev.bananagateway.functions;

import static dev.bananagateway.testing.Api.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.bananagateway.testing.Api;
import dev.bananagateway.testing.LocalStackTestResource;
import dev.bananagateway.testing.SimulatorControl;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The callback URL a provider gets comes from PUBLIC_BASE_URL or API Gateway's request context,
 * never from headers the caller sends: a forged Host or X-Forwarded-Proto changes nothing.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class CallbackUrlTest {

    private final SimulatorControl sim = new SimulatorControl(
            org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("gateway.simulator.url", String.class));

    @Test
    void forgedHostAndForwardedHeadersDoNotReachTheCallbackUrl() {
        String prompt = "callback url banana " + UUID.randomUUID();
        json("{\"prompt\":\"" + prompt + "\",\"model\":\"nano-banana-pro\",\"provider\":\"revid\"}")
                .header("Host", "evil.example.com")
                .header("X-Forwarded-Proto", "ftp")
                .header("X-Forwarded-Host", "evil.example.com")
                .header("Forwarded", "host=evil.example.com;proto=ftp")
                .post("/v1/tasks").then().statusCode(202);
        String callbackUrl = sim.tasksWithPrompt("revid", prompt).get(0).get("callbackUrl").asText();
        assertTrue(callbackUrl.startsWith("http://localhost:" + Api.port() + "/v1/callbacks/revid/tsk_"), callbackUrl);
    }

    private static APIGatewayV2HTTPEvent event(String domainName, String stage, Map<String, String> headers) {
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setHeaders(headers);
        APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
        context.setDomainName(domainName);
        context.setStage(stage);
        event.setRequestContext(context);
        return event;
    }

    @Test
    void theBaseIsApiGatewaysDomainAndStage() {
        Map<String, String> forged = Map.of("host", "evil.example.com", "x-forwarded-proto", "ftp");
        assertEquals(Optional.of("https://abc123.execute-api.eu-west-1.amazonaws.com"),
                HttpEvents.baseUrl(event("abc123.execute-api.eu-west-1.amazonaws.com", "$default", forged), "https"));
        assertEquals(Optional.of("https://abc123.execute-api.eu-west-1.amazonaws.com/prod"),
                HttpEvents.baseUrl(event("abc123.execute-api.eu-west-1.amazonaws.com", "prod", forged), "https"));
        assertEquals(Optional.of("https://api.example.com"),
                HttpEvents.baseUrl(event("api.example.com", null, forged), "https"));
        assertEquals(Optional.empty(), HttpEvents.baseUrl(event(null, "$default", forged), "https"),
                "without API Gateway's domain name there is no base, whatever the Host header says");
    }
}
