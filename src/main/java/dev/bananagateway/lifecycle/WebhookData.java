package dev.bananagateway.lifecycle;

import dev.bananagateway.task.Task;

/**
 * What a caller's webhook carries as {@code data} for a task: the public task view. The view is
 * the API's contract, so the API side provides it; it must be a type Jackson can serialize.
 */
public interface WebhookData {

    Object of(Task task);
}
