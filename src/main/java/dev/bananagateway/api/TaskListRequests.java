package dev.bananagateway.api;

import dev.bananagateway.config.GatewayConfig;
import dev.bananagateway.model.ModelFamilies;
import dev.bananagateway.task.TaskList;
import dev.bananagateway.task.TaskState;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads {@code GET /v1/tasks}'s query parameters into a list query for the caller, and writes the
 * cursor of the next page. Every parameter is checked; an unknown one is refused, as unknown body
 * fields are. Problems: 400 {@code INVALID_QUERY_PARAMETER} naming each parameter at fault, 400
 * {@code INVALID_CURSOR} for a cursor this caller did not get with these filters.
 */
@ApplicationScoped
public class TaskListRequests {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;
    private static final Set<String> PARAMETERS = Set.of("status", "model", "provider", "created_after",
            "created_before", "limit", "cursor");

    private final ListCursors cursors;
    private final Set<String> providers;

    public TaskListRequests(ListCursors cursors, GatewayConfig config) {
        this.cursors = cursors;
        this.providers = new TreeSet<>(config.providers().keySet());
    }

    /** The query these parameters ask for; {@link ApiException} when one is not valid. */
    public TaskList.Query parse(String owner, Map<String, String> parameters) {
        Map<String, String> p = parameters == null ? Map.of() : new TreeMap<>(parameters);
        List<Problem.FieldError> errors = new ArrayList<>();
        p.keySet().stream().filter(name -> !PARAMETERS.contains(name))
                .forEach(name -> errors.add(new Problem.FieldError(name, "is not a parameter of this route")));
        Set<TaskState> states = states(p.get("status"), errors);
        String model = model(p.get("model"), errors);
        String provider = provider(p.get("provider"), errors);
        Instant after = time("created_after", p.get("created_after"), errors);
        Instant before = time("created_before", p.get("created_before"), errors);
        int limit = limit(p.get("limit"), errors);
        if (!errors.isEmpty()) {
            throw new ApiException(Problem.fields(400, "INVALID_QUERY_PARAMETER", errors));
        }
        TaskList.Position at = null;
        String cursor = p.get("cursor");
        if (cursor != null) {
            Optional<TaskList.Position> decoded = cursors.decode(owner, filters(states, model, provider, after, before),
                    cursor);
            if (decoded.isEmpty()) {
                throw new ApiException(Problem.field(400, "INVALID_CURSOR", "cursor",
                        "is not a cursor this caller got from a list with the same filters"));
            }
            at = decoded.get();
        }
        return new TaskList.Query(owner, states, model, provider, after, before, limit, at);
    }

    /** The cursor of the page after {@code page}, or null when there is none. */
    public String nextCursor(TaskList.Query query, TaskList.Page page) {
        return page.next() == null ? null : cursors.encode(query.owner(), filters(query.states(), query.model(),
                query.provider(), query.createdAfter(), query.createdBefore()), page.next());
    }

    /** The filters a cursor is bound to, in one canonical form (the limit may change from page to page). */
    private static String filters(Set<TaskState> states, String model, String provider, Instant after,
            Instant before) {
        return "status=" + String.join(",", new TreeSet<>(states.stream().map(Enum::name).toList())) + "&model="
                + (model == null ? "" : model) + "&provider=" + (provider == null ? "" : provider)
                + "&created_after=" + (after == null ? "" : after) + "&created_before=" + (before == null ? "" : before);
    }

    private static Set<TaskState> states(String value, List<Problem.FieldError> errors) {
        Set<TaskState> states = EnumSet.noneOf(TaskState.class);
        if (value == null) {
            return states;
        }
        // repeated parameters arrive joined by commas (API Gateway, and the local bridge)
        for (String name : value.split(",", -1)) {
            try {
                states.add(TaskState.valueOf(name.trim()));
            } catch (IllegalArgumentException e) {
                errors.add(new Problem.FieldError("status", "must be one or more (comma-separated) of "
                        + List.of(TaskState.values())));
                return states;
            }
        }
        return states;
    }

    private static String model(String value, List<Problem.FieldError> errors) {
        if (value == null) {
            return null;
        }
        String model = ModelFamilies.canonical(value);
        if (!ModelFamilies.isKnown(model)) {
            errors.add(new Problem.FieldError("model", "is not a known model"));
            return null;
        }
        return model;
    }

    private String provider(String value, List<Problem.FieldError> errors) {
        if (value != null && !providers.contains(value)) {
            errors.add(new Problem.FieldError("provider", "must be one of " + providers));
            return null;
        }
        return value;
    }

    private static Instant time(String name, String value, List<Problem.FieldError> errors) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(new Problem.FieldError(name, "must be an RFC 3339 date-time, e.g. 2026-01-31T12:00:00Z"));
            return null;
        }
    }

    private static int limit(String value, List<Problem.FieldError> errors) {
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        errors.add(new Problem.FieldError("limit", "must be a whole number from 1 to " + MAX_LIMIT));
        return DEFAULT_LIMIT;
    }
}
