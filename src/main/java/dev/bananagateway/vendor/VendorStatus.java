package dev.bananagateway.vendor;

import dev.bananagateway.model.Cost;
import dev.bananagateway.model.Output;
import java.util.List;

/**
 * A vendor task as one poll or callback showed it, normalized.
 *
 * @param progress 0..100 where the vendor reports it, else null
 * @param etaSeconds the vendor's estimate of the remaining time, else null
 * @param outputs the result files (empty unless SUCCEEDED)
 * @param error set when FAILED
 * @param cost what the vendor reported, else null
 */
public record VendorStatus(String vendorTaskId, VendorTaskState state, Integer progress, Integer etaSeconds,
        List<Output> outputs, VendorError error, Cost cost) {

    public VendorStatus {
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
    }

    public static VendorStatus running(String vendorTaskId, VendorTaskState state, Integer progress, Integer eta) {
        return new VendorStatus(vendorTaskId, state, progress, eta, List.of(), null, null);
    }

    public static VendorStatus succeeded(String vendorTaskId, List<Output> outputs, Cost cost) {
        return new VendorStatus(vendorTaskId, VendorTaskState.SUCCEEDED, 100, null, outputs, null, cost);
    }

    public static VendorStatus failed(String vendorTaskId, VendorError error) {
        return new VendorStatus(vendorTaskId, VendorTaskState.FAILED, null, null, List.of(), error, null);
    }
}
