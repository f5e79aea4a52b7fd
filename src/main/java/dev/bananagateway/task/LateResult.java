package dev.bananagateway.task;

import dev.bananagateway.model.Cost;
import dev.bananagateway.model.Output;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.List;

/**
 * What a provider reported about a task after the caller canceled it. No provider offers a cancel
 * call, so the provider may still finish (and charge); the result is kept for the caller to see, but
 * the task stays CANCELED.
 *
 * @param state SUCCEEDED or FAILED, as the provider reported it
 * @param outputs the files of a late success (empty otherwise)
 * @param error why a late failure failed, else null
 * @param cost the charge or refund the report states, else null
 */
@RegisterForReflection
public record LateResult(TaskState state, List<Output> outputs, TaskError error, Cost cost, Instant reportedAt) {

    public LateResult {
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
    }
}
