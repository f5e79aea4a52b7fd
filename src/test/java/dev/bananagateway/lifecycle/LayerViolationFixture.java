package dev.bananagateway.lifecycle;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.bananagateway.api.ApiException;
import dev.bananagateway.api.Problem;
import dev.bananagateway.api.RequestParser;
import dev.bananagateway.functions.SubmitFunction;
import dev.bananagateway.local.LocalApi;
import jakarta.ws.rs.core.Response;

/**
 * A lifecycle class that breaks every layer rule on purpose: architecture/LayerDependenciesTest
 * checks that its rules report each of these. Test sources only; nothing uses it.
 */
@SuppressWarnings("unused")
public final class LayerViolationFixture {

    private Problem problem;
    private ApiException refusal;
    private RequestParser parser;
    private SubmitFunction edge;
    private APIGatewayV2HTTPEvent event;
    private Response response;
    private LocalApi localStack;

    private LayerViolationFixture() {
    }
}
