package dev.bananagateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/** A page of the caller's tasks, newest first; {@code next_cursor} is null on the last page. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.ALWAYS)
public record TaskListView(List<TaskView> data, @JsonProperty("next_cursor") String nextCursor) {
}
