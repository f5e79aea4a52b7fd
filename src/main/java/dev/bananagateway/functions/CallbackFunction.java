package dev.bananagateway.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.bananagateway.api.Problem;
import dev.bananagateway.lifecycle.CallbackService;
import dev.bananagateway.observability.LogContext;
import io.quarkus.funqy.Funq;
import java.util.Map;
import org.jboss.logging.Logger;

/** {@code POST /v1/callbacks/{provider}/{taskId}?token=...}: a provider reports a task. */
public class CallbackFunction {

    private static final Logger LOG = Logger.getLogger(CallbackFunction.class);

    private final CallbackService callbacks;
    private final HttpResponses responses;

    public CallbackFunction(CallbackService callbacks, HttpResponses responses) {
        this.callbacks = callbacks;
        this.responses = responses;
    }

    @Funq("callback")
    public APIGatewayV2HTTPResponse callback(APIGatewayV2HTTPEvent event) {
        try (LogContext.Scope ignored = LogContext.invocation("callback")) {
            String provider = HttpEvents.pathParameter(event, "provider").orElse("");
            String taskId = HttpEvents.pathParameter(event, "taskId").orElse("");
            LogContext.task(taskId, provider);
            CallbackService.Outcome outcome = callbacks.handle(provider, taskId,
                    HttpEvents.queryParameter(event, "token").orElse(null),
                    HttpEvents.bodyText(event),
                    HttpEvents.headers(event));
            return switch (outcome) {
                case ACCEPTED -> responses.json(200, Map.of("received", true, "applied", true), Map.of());
                // 200, not 4xx: the sender holds a valid URL, and an error would only make a provider
                // retry a delivery that can never be applied
                case IGNORED -> responses.json(200, Map.of("received", true, "applied", false), Map.of());
                case UNAUTHORIZED -> responses.problem(Problem.of(401, "INVALID_CALLBACK_TOKEN", "Unauthorized",
                        "the callback URL is not valid"));
                case UNREADABLE -> responses.problem(Problem.of(400, "UNREADABLE_CALLBACK", "Bad callback",
                        "the callback body could not be read"));
            };
        } catch (RuntimeException e) {
            LOG.error("callback failed", e);
            return responses.internalError();
        }
    }
}
