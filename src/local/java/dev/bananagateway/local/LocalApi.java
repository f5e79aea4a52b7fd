package dev.bananagateway.local;

import dev.bananagateway.config.GatewayConfig;
import dev.bananagateway.functions.CallbackFunction;
import dev.bananagateway.functions.CancelFunction;
import dev.bananagateway.functions.StatusFunction;
import dev.bananagateway.functions.SubmitFunction;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Dev and test builds only: serves the public API on plain HTTP through {@link ApiGatewayBridge},
 * the way API Gateway serves it in AWS. Not part of the Lambda build.
 */
@ApplicationScoped
@IfBuildProfile(anyOf = { "dev", "test" })
public class LocalApi {

    private static final Logger LOG = Logger.getLogger(LocalApi.class);

    private final SubmitFunction submit;
    private final StatusFunction status;
    private final CallbackFunction callback;
    private final CancelFunction cancel;
    private final String host;
    private final int port;
    private ApiGatewayBridge bridge;

    public LocalApi(SubmitFunction submit, StatusFunction status, CallbackFunction callback, CancelFunction cancel,
            GatewayConfig config) {
        this.submit = submit;
        this.status = status;
        this.callback = callback;
        this.cancel = cancel;
        this.host = config.local().apiHost();
        this.port = config.local().apiPort();
    }

    void start(@Observes @Priority(20) StartupEvent event) {
        try {
            bridge = ApiGatewayBridge.start(host, port, List.of(
                    new ApiGatewayBridge.Route("POST /v1/tasks", submit::submit),
                    new ApiGatewayBridge.Route("POST /v1/uploads", submit::submit),
                    new ApiGatewayBridge.Route("GET /v1/tasks", status::status),
                    new ApiGatewayBridge.Route("GET /v1/openapi.yaml", status::status),
                    new ApiGatewayBridge.Route("GET /v1/tasks/{taskId}", status::status),
                    new ApiGatewayBridge.Route("POST /v1/tasks/{taskId}/cancel", cancel::cancel),
                    new ApiGatewayBridge.Route("POST /v1/callbacks/{provider}/{taskId}", callback::callback)));
        } catch (IOException e) {
            throw new UncheckedIOException("the local API could not listen on " + host + ":" + port, e);
        }
        LOG.infof("Local API (API Gateway bridge) on http://%s:%d", host, bridge.port());
    }

    void stop(@Observes ShutdownEvent event) {
        if (bridge != null) {
            bridge.close();
        }
    }
}
