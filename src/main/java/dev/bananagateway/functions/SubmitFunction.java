package dev.bananagateway.functions;

import dev.bananagateway.config.GatewayConfig;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.bananagateway.api.ApiException;
import dev.bananagateway.api.RequestParser;
import dev.bananagateway.api.TaskView;
import dev.bananagateway.api.WaitPreference;
import dev.bananagateway.lifecycle.TaskWaiter;
import dev.bananagateway.model.OutputLinks;
import dev.bananagateway.lifecycle.SubmitOutcome;
import dev.bananagateway.lifecycle.SubmitService;
import dev.bananagateway.model.GenerationRequest;
import dev.bananagateway.task.RecordedAnswer;
import dev.bananagateway.task.Task;
import dev.bananagateway.observability.LogContext;
import io.quarkus.funqy.Funq;
import io.quarkus.runtime.LaunchMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * {@code POST /v1/tasks}: validate, route, write ahead, call the provider, answer 202 ({@code POST
 * /v1/uploads} too: {@link UploadEndpoint}). With
 * {@code Prefer: wait=N} the answer waits up to N seconds from the request's arrival for the task to
 * end: 200 with the terminal task, else 202 as usual.
 */
public class SubmitFunction {

    private static final Logger LOG = Logger.getLogger(SubmitFunction.class);

    private final RequestParser parser;
    private final SubmitService submit;
    private final HttpResponses responses;
    private final Optional<String> publicBaseUrl;
    private final OutputLinks links;
    private final TaskWaiter waiter;
    private final Clock clock;
    private final Duration maxWait;
    private final String derivedScheme;
    private final UploadEndpoint uploads;

    public SubmitFunction(RequestParser parser, SubmitService submit, HttpResponses responses,
            GatewayConfig config, TaskWaiter waiter, Clock clock, OutputLinks links, UploadEndpoint uploads) {
        this.links = links;
        this.uploads = uploads;
        this.parser = parser;
        this.submit = submit;
        this.responses = responses;
        this.publicBaseUrl = config.publicBaseUrl();
        this.waiter = waiter;
        this.clock = clock;
        this.maxWait = config.waiting().max();
        // the local bridge speaks plain HTTP; API Gateway only https
        this.derivedScheme = LaunchMode.current().isDevOrTest() ? "http" : "https";
    }

    @Funq("submit")
    public APIGatewayV2HTTPResponse submit(APIGatewayV2HTTPEvent event) {
        Instant received = clock.instant();
        try (LogContext.Scope ignored = LogContext.invocation("submit")) {
            if (UploadEndpoint.ROUTE.equals(event.getRouteKey())) {
                return uploads.create(event);
            }
            GenerationRequest request = parser.parse(HttpEvents.header(event, "content-type"), HttpEvents.body(event));
            String idempotencyKey = parser.idempotencyKey(HttpEvents.header(event, "idempotency-key"));
            Optional<WaitPreference> wait = WaitPreference.parse(HttpEvents.header(event, "prefer"), maxWait);
            String owner = HttpEvents.owner(event);
            SubmitOutcome outcome = submit.submit(owner, idempotencyKey, request,
                    publicBaseUrl.or(() -> HttpEvents.baseUrl(event, derivedScheme)).orElse(null));
            APIGatewayV2HTTPResponse response = answer(outcome, wait, received);
            firstTask(outcome).filter(t -> idempotencyKey != null).ifPresent(task -> submit.recordAnswer(owner,
                    idempotencyKey, task.id(), new RecordedAnswer(response.getStatusCode(), response.getBody())));
            return response;
        } catch (ApiException e) {
            return responses.problem(e.problem());
        } catch (RuntimeException e) {
            LOG.error("submit failed", e);
            return responses.internalError();
        }
    }

    /** The task a fresh submit answered about (accepted or failed): its answer is the key's answer. */
    private static Optional<Task> firstTask(SubmitOutcome outcome) {
        if (outcome instanceof SubmitOutcome.Accepted accepted) {
            return Optional.of(accepted.task());
        }
        return outcome instanceof SubmitOutcome.Failed failed ? Optional.of(failed.task()) : Optional.empty();
    }

    /**
     * 202 with the task view (200 when a wait saw it end), or a problem; the task's location whenever a
     * task exists. A recorded answer replays as it was first given, without waiting again.
     */
    private APIGatewayV2HTTPResponse answer(SubmitOutcome outcome, Optional<WaitPreference> wait, Instant received) {
        if (outcome instanceof SubmitOutcome.Refused refused) {
            Map<String, String> headers = new HashMap<>();
            if (refused.reason() instanceof SubmitOutcome.IdempotentRequestInProgress inProgress) {
                headers.put("retry-after", Long.toString(inProgress.retryAfterSeconds()));
            }
            return responses.problem(SubmitProblems.refused(refused.reason()), headers);
        }
        if (outcome instanceof SubmitOutcome.Failed failed) {
            return responses.problem(SubmitProblems.failed(failed.task(), failed.reason()), location(failed.task()));
        }
        if (outcome instanceof SubmitOutcome.ReplayedAnswer replayed) {
            Map<String, String> headers = location(replayed.taskId());
            headers.put("idempotent-replayed", "true");
            return responses.recorded(replayed.answer().status(), replayed.answer().body(), headers);
        }
        if (outcome instanceof SubmitOutcome.Replayed replayed) {
            Map<String, String> headers = location(replayed.task().id());
            headers.put("idempotent-replayed", "true");
            return accepted(replayed.task(), headers, wait, received);
        }
        Task task = ((SubmitOutcome.Accepted) outcome).task();
        return accepted(task, location(task), wait, received);
    }

    private APIGatewayV2HTTPResponse accepted(Task task, Map<String, String> headers, Optional<WaitPreference> wait,
            Instant received) {
        if (wait.isEmpty()) {
            return responses.json(202, TaskView.of(task, links), headers);
        }
        Task seen = waiter.awaitTerminal(task, received.plus(wait.get().duration()));
        headers.put("preference-applied", wait.get().applied());
        return responses.json(seen.terminal() ? 200 : 202, TaskView.of(seen, links), headers);
    }

    private static Map<String, String> location(Task task) {
        return location(task.id());
    }

    private static Map<String, String> location(String taskId) {
        Map<String, String> headers = new HashMap<>();
        headers.put("location", "/v1/tasks/" + taskId);
        return headers;
    }
}
