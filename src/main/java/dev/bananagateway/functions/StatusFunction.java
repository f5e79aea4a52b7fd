package dev.bananagateway.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.bananagateway.api.ApiException;
import dev.bananagateway.api.Problem;
import dev.bananagateway.api.TaskListRequests;
import dev.bananagateway.api.TaskListView;
import dev.bananagateway.api.TaskView;
import dev.bananagateway.task.Task;
import dev.bananagateway.task.TaskIds;
import dev.bananagateway.task.TaskList;
import dev.bananagateway.task.TaskStore;
import io.quarkus.funqy.Funq;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The read routes, all owner-scoped: {@code GET /v1/tasks/{taskId}} (one consistent read, the
 * normalized view) and {@code GET /v1/tasks} (a page of the caller's tasks through the owner index).
 */
public class StatusFunction {

    private static final Logger LOG = Logger.getLogger(StatusFunction.class);
    static final String LIST_ROUTE = "GET /v1/tasks";

    private final TaskStore store;
    private final TaskListRequests lists;
    private final HttpResponses responses;

    public StatusFunction(TaskStore store, TaskListRequests lists, HttpResponses responses) {
        this.store = store;
        this.lists = lists;
        this.responses = responses;
    }

    @Funq("status")
    public APIGatewayV2HTTPResponse status(APIGatewayV2HTTPEvent event) {
        try {
            if (LIST_ROUTE.equals(event.getRouteKey())) {
                return list(event);
            }
            String taskId = HttpEvents.pathParameter(event, "taskId").orElse(null);
            // another caller's task is answered exactly like a missing one
            Optional<Task> task = TaskIds.isWellFormed(taskId) ? store.get(taskId)
                    .filter(t -> t.owner().equals(HttpEvents.owner(event))) : Optional.empty();
            if (task.isEmpty()) {
                return responses.problem(Problem.of(404, "TASK_NOT_FOUND", "Task not found",
                        "no task with this id"));
            }
            return responses.json(200, TaskView.of(task.get()), Map.of());
        } catch (ApiException e) {
            return responses.problem(e.problem());
        } catch (RuntimeException e) {
            LOG.error("status failed", e);
            return responses.internalError();
        }
    }

    private APIGatewayV2HTTPResponse list(APIGatewayV2HTTPEvent event) {
        TaskList.Query query = lists.parse(HttpEvents.owner(event), event.getQueryStringParameters());
        TaskList.Page page = store.list(query);
        return responses.json(200, new TaskListView(page.tasks().stream().map(TaskView::of).toList(),
                lists.nextCursor(query, page)), Map.of());
    }
}
