package dev.bananagateway.functions;

import dev.bananagateway.api.TaskView;
import dev.bananagateway.lifecycle.WebhookData;
import dev.bananagateway.task.Task;
import jakarta.enterprise.context.ApplicationScoped;

/** Caller webhooks carry the same task view as the status answer. */
@ApplicationScoped
public class WebhookTaskView implements WebhookData {

    @Override
    public TaskView of(Task task) {
        return TaskView.of(task);
    }
}
