package dev.bananagateway.functions;

import dev.bananagateway.config.GatewayConfig;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.bananagateway.api.ApiException;
import dev.bananagateway.api.RequestParser;
import dev.bananagateway.api.TaskView;
import dev.bananagateway.model.OutputLinks;
import dev.bananagateway.lifecycle.SubmitOutcome;
import dev.bananagateway.lifecycle.SubmitService;
import dev.bananagateway.model.GenerationRequest;
import dev.bananagateway.task.Task;
import io.quarkus.funqy.Funq;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/** {@code POST /v1/tasks}: validate, route, write ahead, call the provider, answer 202. */
public class SubmitFunction {

    private static final Logger LOG = Logger.getLogger(SubmitFunction.class);

    private final RequestParser parser;
    private final SubmitService submit;
    private final HttpResponses responses;
    private final Optional<String> publicBaseUrl;
    private final OutputLinks links;

    public SubmitFunction(RequestParser parser, SubmitService submit, HttpResponses responses,
            GatewayConfig config, OutputLinks links) {
        this.links = links;
        this.parser = parser;
        this.submit = submit;
        this.responses = responses;
        this.publicBaseUrl = config.publicBaseUrl();
    }

    @Funq("submit")
    public APIGatewayV2HTTPResponse submit(APIGatewayV2HTTPEvent event) {
        try {
            GenerationRequest request = parser.parse(HttpEvents.header(event, "content-type"), HttpEvents.body(event));
            String idempotencyKey = parser.idempotencyKey(HttpEvents.header(event, "idempotency-key"));
            return answer(submit.submit(HttpEvents.owner(event), idempotencyKey, request,
                    publicBaseUrl.orElseGet(() -> HttpEvents.baseUrl(event))));
        } catch (ApiException e) {
            return responses.problem(e.problem());
        } catch (RuntimeException e) {
            LOG.error("submit failed", e);
            return responses.internalError();
        }
    }

    /** 202 with the task view, or a problem; the task's location whenever a task exists. */
    private APIGatewayV2HTTPResponse answer(SubmitOutcome outcome) {
        if (outcome instanceof SubmitOutcome.Refused refused) {
            return responses.problem(SubmitProblems.refused(refused.reason()));
        }
        if (outcome instanceof SubmitOutcome.Failed failed) {
            return responses.problem(SubmitProblems.failed(failed.task(), failed.reason()), location(failed.task()));
        }
        if (outcome instanceof SubmitOutcome.Replayed replayed) {
            Map<String, String> headers = location(replayed.task());
            headers.put("idempotent-replayed", "true");
            return responses.json(202, TaskView.of(replayed.task(), links), headers);
        }
        Task task = ((SubmitOutcome.Accepted) outcome).task();
        return responses.json(202, TaskView.of(task, links), location(task));
    }

    private static Map<String, String> location(Task task) {
        Map<String, String> headers = new HashMap<>();
        headers.put("location", "/v1/tasks/" + task.id());
        return headers;
    }
}
