package dev.bananagateway.local.simulator;

import java.util.List;

/**
 * What the simulator knows of one accepted task, for tests' assertions.
 *
 * @param createCount create calls this provider received with the same prompt (accepted or not);
 *     more than one means the prompt was submitted more than once
 * @param polls status calls that reached this task
 * @param callbacksSent callback POSTs delivered (any HTTP answer counts)
 * @param resultUrls the result files; set once the task succeeded
 * @param referenceUrls the reference image URLs the create named
 */
public record SimulatedTask(String provider, String taskId, String model, String prompt, SimState state,
        List<String> resultUrls, int createCount, int polls, int callbacksSent, String callbackUrl,
        List<String> referenceUrls) {
}
