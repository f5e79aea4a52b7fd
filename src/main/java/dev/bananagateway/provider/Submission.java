package dev.bananagateway.provider;

import dev.bananagateway.model.Cost;

/**
 * A provider's answer to a create: its task id and, where the answer reports it, what the task
 * was charged (nbpcloud's {@code credits_cost}, imgeditor's {@code credits_used}), in USD.
 *
 * @param charge the reported charge, or null when the create answer reports none
 */
public record Submission(String taskId, Cost charge) {

    /** A create answer that reports no charge. */
    public static Submission of(String taskId) {
        return new Submission(taskId, null);
    }
}
