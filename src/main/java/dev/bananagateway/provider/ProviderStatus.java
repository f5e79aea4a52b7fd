package dev.bananagateway.provider;

import dev.bananagateway.model.Cost;
import dev.bananagateway.model.Output;
import java.util.List;

/**
 * A provider task as one poll or callback showed it, normalized.
 *
 * @param progress 0..100 where the provider reports it, else null
 * @param etaSeconds the provider's estimate of the remaining time, else null
 * @param outputs the result files (empty unless SUCCEEDED)
 * @param error set when FAILED
 * @param cost the cost the report establishes, in USD: the charge it reports, or a refund of a failed
 *        task (nbpcloud); null when it says nothing about money
 * @param queuePosition how many tasks wait before this one where the provider says (pixazo), else null
 */
public record ProviderStatus(String providerTaskId, ProviderTaskState state, Integer progress, Integer etaSeconds,
        List<Output> outputs, ProviderError error, Cost cost, Integer queuePosition) {

    public ProviderStatus {
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
    }

    public static ProviderStatus running(String providerTaskId, ProviderTaskState state, Integer progress, Integer eta) {
        return new ProviderStatus(providerTaskId, state, progress, eta, List.of(), null, null, null);
    }

    /** This report with the provider's queue position. */
    public ProviderStatus withQueuePosition(Integer position) {
        return new ProviderStatus(providerTaskId, state, progress, etaSeconds, outputs, error, cost, position);
    }

    public static ProviderStatus succeeded(String providerTaskId, List<Output> outputs, Cost cost) {
        return new ProviderStatus(providerTaskId, ProviderTaskState.SUCCEEDED, 100, null, outputs, null, cost, null);
    }

    public static ProviderStatus failed(String providerTaskId, ProviderError error) {
        return new ProviderStatus(providerTaskId, ProviderTaskState.FAILED, null, null, List.of(), error, null, null);
    }

    /** This report with {@code value} as the cost it establishes. */
    public ProviderStatus withCost(Cost value) {
        return new ProviderStatus(providerTaskId, state, progress, etaSeconds, outputs, error, value, queuePosition);
    }
}
