package dev.bananagateway.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.bananagateway.api.Problem;
import dev.bananagateway.api.TaskView;
import dev.bananagateway.lifecycle.CancelService;
import dev.bananagateway.model.OutputLinks;
import dev.bananagateway.observability.LogContext;
import io.quarkus.funqy.Funq;
import java.util.Map;
import org.jboss.logging.Logger;

/** {@code POST /v1/tasks/{taskId}/cancel}: the caller's task ends CANCELED (the provider is not told). */
public class CancelFunction {

    private static final Logger LOG = Logger.getLogger(CancelFunction.class);

    private final CancelService cancels;
    private final HttpResponses responses;
    private final OutputLinks links;

    public CancelFunction(CancelService cancels, HttpResponses responses, OutputLinks links) {
        this.links = links;
        this.cancels = cancels;
        this.responses = responses;
    }

    @Funq("cancel")
    public APIGatewayV2HTTPResponse cancel(APIGatewayV2HTTPEvent event) {
        try (LogContext.Scope ignored = LogContext.invocation("cancel")) {
            String taskId = HttpEvents.pathParameter(event, "taskId").orElse(null);
            LogContext.task(taskId, null);
            CancelService.Outcome outcome = cancels.cancel(HttpEvents.owner(event), taskId);
            if (outcome instanceof CancelService.Canceled canceled) {
                return responses.json(200, TaskView.of(canceled.task(), links), Map.of());
            }
            if (outcome instanceof CancelService.AlreadyEnded ended) {
                return responses.problem(Problem.of(409, "TASK_NOT_CANCELABLE", "Task already ended",
                        "the task already ended " + ended.task().state() + "; only a QUEUED, SUBMITTED or RUNNING"
                                + " task can be canceled").forTask(ended.task().id(), null));
            }
            return responses.problem(Problem.of(404, "TASK_NOT_FOUND", "Task not found", "no task with this id"));
        } catch (RuntimeException e) {
            LOG.error("cancel failed", e);
            return responses.internalError();
        }
    }
}
