package dev.bananagateway.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.bananagateway.api.Problem;
import dev.bananagateway.api.TaskView;
import dev.bananagateway.task.Task;
import dev.bananagateway.task.TaskIds;
import dev.bananagateway.task.TaskStore;
import dev.bananagateway.observability.LogContext;
import io.quarkus.funqy.Funq;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/** {@code GET /v1/tasks/{taskId}}: one consistent read, the normalized view. */
public class StatusFunction {

    private static final Logger LOG = Logger.getLogger(StatusFunction.class);

    private final TaskStore store;
    private final HttpResponses responses;

    public StatusFunction(TaskStore store, HttpResponses responses) {
        this.store = store;
        this.responses = responses;
    }

    @Funq("status")
    public APIGatewayV2HTTPResponse status(APIGatewayV2HTTPEvent event) {
        try (LogContext.Scope ignored = LogContext.invocation("status")) {
            String taskId = HttpEvents.pathParameter(event, "taskId").orElse(null);
            LogContext.task(taskId, null);
            // another caller's task is answered exactly like a missing one
            Optional<Task> task = TaskIds.isWellFormed(taskId) ? store.get(taskId)
                    .filter(t -> t.owner().equals(HttpEvents.owner(event))) : Optional.empty();
            if (task.isEmpty()) {
                return responses.problem(Problem.of(404, "TASK_NOT_FOUND", "Task not found",
                        "no task with this id"));
            }
            return responses.json(200, TaskView.of(task.get()), Map.of());
        } catch (RuntimeException e) {
            LOG.error("status failed", e);
            return responses.internalError();
        }
    }
}
