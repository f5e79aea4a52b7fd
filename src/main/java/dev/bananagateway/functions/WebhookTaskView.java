package dev.bananagateway.functions;

import dev.bananagateway.api.TaskView;
import dev.bananagateway.lifecycle.WebhookData;
import dev.bananagateway.model.OutputLinks;
import dev.bananagateway.task.Task;
import jakarta.enterprise.context.ApplicationScoped;

/** Caller webhooks carry the same task view as the status answer, with the stored outputs' links. */
@ApplicationScoped
public class WebhookTaskView implements WebhookData {

    private final OutputLinks links;

    public WebhookTaskView(OutputLinks links) {
        this.links = links;
    }

    @Override
    public TaskView of(Task task) {
        return TaskView.of(task, links);
    }
}
