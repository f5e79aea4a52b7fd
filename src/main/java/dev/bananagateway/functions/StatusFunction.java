package dev.bananagateway.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.bananagateway.api.Problem;
import dev.bananagateway.api.TaskView;
import dev.bananagateway.model.OutputLinks;
import dev.bananagateway.task.Task;
import dev.bananagateway.task.TaskIds;
import dev.bananagateway.task.TaskStore;
import io.quarkus.funqy.Funq;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/** {@code GET /v1/tasks/{taskId}}: one consistent read, the normalized view with output links signed now. */
public class StatusFunction {

    private static final Logger LOG = Logger.getLogger(StatusFunction.class);

    private final TaskStore store;
    private final HttpResponses responses;
    private final OutputLinks links;

    public StatusFunction(TaskStore store, HttpResponses responses, OutputLinks links) {
        this.store = store;
        this.responses = responses;
        this.links = links;
    }

    @Funq("status")
    public APIGatewayV2HTTPResponse status(APIGatewayV2HTTPEvent event) {
        try {
            String taskId = HttpEvents.pathParameter(event, "taskId").orElse(null);
            // another caller's task is answered exactly like a missing one
            Optional<Task> task = TaskIds.isWellFormed(taskId) ? store.get(taskId)
                    .filter(t -> t.owner().equals(HttpEvents.owner(event))) : Optional.empty();
            if (task.isEmpty()) {
                return responses.problem(Problem.of(404, "TASK_NOT_FOUND", "Task not found",
                        "no task with this id"));
            }
            return responses.json(200, TaskView.of(task.get(), links), Map.of());
        } catch (RuntimeException e) {
            LOG.error("status failed", e);
            return responses.internalError();
        }
    }
}
