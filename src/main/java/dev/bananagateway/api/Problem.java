package dev.bananagateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * An RFC 9457 problem document. {@code code} is stable for programs; {@code title} and
 * {@code detail} are for people. {@code errors} names the request fields at fault.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        String type,
        String title,
        int status,
        String detail,
        String instance,
        String code,
        List<FieldError> errors,
        @JsonProperty("task_id") String taskId,
        List<TaskView.AttemptView> attempts) {

    public static final String MEDIA_TYPE = "application/problem+json";

    @RegisterForReflection
    public record FieldError(String field, String message) {
    }

    public static Problem of(int status, String code, String title, String detail) {
        return new Problem(typeUri(code), title, status, detail, null, code, null, null, null);
    }

    public static Problem field(int status, String code, String field, String message) {
        return new Problem(typeUri(code), "Invalid request", status, field + ": " + message, null, code,
                List.of(new FieldError(field, message)), null, null);
    }

    /** Several fields at fault at once, so one answer names all of them. */
    public static Problem fields(int status, String code, List<FieldError> errors) {
        String detail = String.join("; ", errors.stream().map(e -> e.field() + ": " + e.message()).toList());
        return new Problem(typeUri(code), "Invalid request", status, detail, null, code, List.copyOf(errors), null,
                null);
    }

    public Problem forTask(String taskId, List<TaskView.AttemptView> attempts) {
        return new Problem(type, title, status, detail, "/v1/tasks/" + taskId, code, errors, taskId, attempts);
    }

    /** This problem with its {@code type} URI derived from its code. */
    public Problem withType() {
        return new Problem(typeUri(code), title, status, detail, instance, code, errors, taskId, attempts);
    }

    private static String typeUri(String code) {
        return "https://banana-gateway.dev/problems/" + code.toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
