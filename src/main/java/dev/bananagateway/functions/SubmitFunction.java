package dev.bananagateway.functions;

import dev.bananagateway.config.GatewayConfig;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.bananagateway.api.ApiException;
import dev.bananagateway.api.RequestParser;
import dev.bananagateway.api.TaskView;
import dev.bananagateway.api.WaitPreference;
import dev.bananagateway.lifecycle.TaskWaiter;
import dev.bananagateway.lifecycle.SubmitOutcome;
import dev.bananagateway.lifecycle.SubmitService;
import dev.bananagateway.model.GenerationRequest;
import dev.bananagateway.task.Task;
import io.quarkus.funqy.Funq;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * {@code POST /v1/tasks}: validate, route, write ahead, call the provider, answer 202. With
 * {@code Prefer: wait=N} the answer waits up to N seconds from the request's arrival for the task to
 * end: 200 with the terminal task, else 202 as usual.
 */
public class SubmitFunction {

    private static final Logger LOG = Logger.getLogger(SubmitFunction.class);

    private final RequestParser parser;
    private final SubmitService submit;
    private final HttpResponses responses;
    private final Optional<String> publicBaseUrl;
    private final TaskWaiter waiter;
    private final Clock clock;
    private final Duration maxWait;

    public SubmitFunction(RequestParser parser, SubmitService submit, HttpResponses responses,
            GatewayConfig config, TaskWaiter waiter, Clock clock) {
        this.parser = parser;
        this.submit = submit;
        this.responses = responses;
        this.publicBaseUrl = config.publicBaseUrl();
        this.waiter = waiter;
        this.clock = clock;
        this.maxWait = config.waiting().max();
    }

    @Funq("submit")
    public APIGatewayV2HTTPResponse submit(APIGatewayV2HTTPEvent event) {
        Instant received = clock.instant();
        try {
            GenerationRequest request = parser.parse(HttpEvents.header(event, "content-type"), HttpEvents.body(event));
            String idempotencyKey = parser.idempotencyKey(HttpEvents.header(event, "idempotency-key"));
            Optional<WaitPreference> wait = WaitPreference.parse(HttpEvents.header(event, "prefer"), maxWait);
            return answer(submit.submit(HttpEvents.owner(event), idempotencyKey, request,
                    publicBaseUrl.orElseGet(() -> HttpEvents.baseUrl(event))), wait, received);
        } catch (ApiException e) {
            return responses.problem(e.problem());
        } catch (RuntimeException e) {
            LOG.error("submit failed", e);
            return responses.internalError();
        }
    }

    /** 202 with the task view (200 when a wait saw it end), or a problem; the task's location whenever a task exists. */
    private APIGatewayV2HTTPResponse answer(SubmitOutcome outcome, Optional<WaitPreference> wait, Instant received) {
        if (outcome instanceof SubmitOutcome.Refused refused) {
            return responses.problem(SubmitProblems.refused(refused.reason()));
        }
        if (outcome instanceof SubmitOutcome.Failed failed) {
            return responses.problem(SubmitProblems.failed(failed.task(), failed.reason()), location(failed.task()));
        }
        if (outcome instanceof SubmitOutcome.Replayed replayed) {
            Map<String, String> headers = location(replayed.task());
            headers.put("idempotent-replayed", "true");
            return accepted(replayed.task(), headers, wait, received);
        }
        Task task = ((SubmitOutcome.Accepted) outcome).task();
        return accepted(task, location(task), wait, received);
    }

    private APIGatewayV2HTTPResponse accepted(Task task, Map<String, String> headers, Optional<WaitPreference> wait,
            Instant received) {
        if (wait.isEmpty()) {
            return responses.json(202, TaskView.of(task), headers);
        }
        Task seen = waiter.awaitTerminal(task, received.plus(wait.get().duration()));
        headers.put("preference-applied", wait.get().applied());
        return responses.json(seen.terminal() ? 200 : 202, TaskView.of(seen), headers);
    }

    private static Map<String, String> location(Task task) {
        Map<String, String> headers = new HashMap<>();
        headers.put("location", "/v1/tasks/" + task.id());
        return headers;
    }
}
