package dev.bananagateway.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.bananagateway.api.ApiException;
import dev.bananagateway.api.Problem;
import dev.bananagateway.api.TaskListRequests;
import dev.bananagateway.api.TaskListView;
import dev.bananagateway.api.TaskView;
import dev.bananagateway.api.WaitPreference;
import dev.bananagateway.config.GatewayConfig;
import dev.bananagateway.lifecycle.TaskWaiter;
import dev.bananagateway.model.OutputLinks;
import dev.bananagateway.task.Task;
import dev.bananagateway.task.TaskIds;
import dev.bananagateway.task.TaskList;
import dev.bananagateway.task.TaskStore;
import dev.bananagateway.observability.LogContext;
import io.quarkus.funqy.Funq;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The read routes, all owner-scoped: {@code GET /v1/tasks/{taskId}} (one consistent read, the
 * normalized view, output links signed now; with {@code Prefer: wait=N}, once the task ends or after N seconds, 200 when it
 * ended and 202 otherwise) and {@code GET /v1/tasks} (a page of the caller's tasks through the owner
 * index), and {@code GET /v1/openapi.yaml}, the API's own OpenAPI document.
 */
public class StatusFunction {

    private static final Logger LOG = Logger.getLogger(StatusFunction.class);
    static final String LIST_ROUTE = "GET /v1/tasks";
    static final String DOCUMENT_ROUTE = "GET /v1/openapi.yaml";
    /** The API's OpenAPI document, packaged from src/main/resources (and into the native image). */
    static final String DOCUMENT = "openapi.yaml";

    private final TaskStore store;
    private final TaskListRequests lists;
    private final HttpResponses responses;
    private final OutputLinks links;
    private final TaskWaiter waiter;
    private final Clock clock;
    private final Duration maxWait;

    public StatusFunction(TaskStore store, TaskListRequests lists, HttpResponses responses, TaskWaiter waiter,
            Clock clock, GatewayConfig config, OutputLinks links) {
        this.store = store;
        this.lists = lists;
        this.responses = responses;
        this.links = links;
        this.waiter = waiter;
        this.clock = clock;
        this.maxWait = config.waiting().max();
    }

    @Funq("status")
    public APIGatewayV2HTTPResponse status(APIGatewayV2HTTPEvent event) {
        Instant received = clock.instant();
        try (LogContext.Scope ignored = LogContext.invocation("status")) {
            if (LIST_ROUTE.equals(event.getRouteKey())) {
                return list(event);
            }
            if (DOCUMENT_ROUTE.equals(event.getRouteKey())) {
                return document();
            }
            String taskId = HttpEvents.pathParameter(event, "taskId").orElse(null);
            LogContext.task(taskId, null);
            // another caller's task is answered exactly like a missing one
            Optional<Task> task = TaskIds.isWellFormed(taskId) ? store.get(taskId)
                    .filter(t -> t.owner().equals(HttpEvents.owner(event))) : Optional.empty();
            if (task.isEmpty()) {
                return responses.problem(Problem.of(404, "TASK_NOT_FOUND", "Task not found",
                        "no task with this id"));
            }
            Optional<WaitPreference> wait = WaitPreference.parse(HttpEvents.header(event, "prefer"), maxWait);
            if (wait.isEmpty()) {
                return responses.json(200, TaskView.of(task.get(), links), Map.of());
            }
            Task seen = waiter.awaitTerminal(task.get(), received.plus(wait.get().duration()));
            Map<String, String> headers = new HashMap<>();
            headers.put("preference-applied", wait.get().applied());
            return responses.json(seen.terminal() ? 200 : 202, TaskView.of(seen, links), headers);
        } catch (ApiException e) {
            return responses.problem(e.problem());
        } catch (RuntimeException e) {
            LOG.error("status failed", e);
            return responses.internalError();
        }
    }

    private APIGatewayV2HTTPResponse document() {
        APIGatewayV2HTTPResponse response = new APIGatewayV2HTTPResponse();
        response.setStatusCode(200);
        response.setHeaders(Map.of("content-type", "application/yaml", "cache-control", "no-cache"));
        response.setBody(openApiDocument());
        response.setIsBase64Encoded(false);
        return response;
    }

    private String openApiDocument() {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(DOCUMENT)) {
            if (in == null) {
                throw new IllegalStateException(DOCUMENT + " is not packaged");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private APIGatewayV2HTTPResponse list(APIGatewayV2HTTPEvent event) {
        TaskList.Query query = lists.parse(HttpEvents.owner(event), event.getQueryStringParameters());
        TaskList.Page page = store.list(query);
        return responses.json(200, new TaskListView(page.tasks().stream().map(t -> TaskView.of(t, links)).toList(),
                lists.nextCursor(query, page)), Map.of());
    }
}
