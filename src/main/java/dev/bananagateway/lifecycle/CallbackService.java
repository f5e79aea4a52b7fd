package dev.bananagateway.lifecycle;

import dev.bananagateway.task.Task;
import dev.bananagateway.task.TaskIds;
import dev.bananagateway.task.TaskStore;
import dev.bananagateway.task.TransitionResult;
import dev.bananagateway.vendor.Vendor;
import dev.bananagateway.vendor.VendorException;
import dev.bananagateway.vendor.VendorId;
import dev.bananagateway.vendor.VendorStatus;
import dev.bananagateway.vendor.Vendors;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * A vendor's webhook. The token proves the URL came from us for this task and vendor; an unknown
 * task gets the same answer as a bad token, so the endpoint reveals nothing. Duplicate, reordered
 * and late deliveries are harmless: the transitions are conditional.
 */
@ApplicationScoped
public class CallbackService {

    private static final Logger LOG = Logger.getLogger(CallbackService.class);

    public enum Outcome {
        /** Applied, or a harmless duplicate/late delivery: answer 200. */
        ACCEPTED,
        /** Bad or missing token, unknown vendor or task: answer 401, nothing changed. */
        UNAUTHORIZED,
        /** A valid token but a body the vendor's adapter cannot read: answer 400. */
        UNREADABLE
    }

    private final CallbackTokens tokens;
    private final TaskStore store;
    private final Vendors vendors;
    private final Transitions transitions;

    public CallbackService(CallbackTokens tokens, TaskStore store, Vendors vendors, Transitions transitions) {
        this.tokens = tokens;
        this.store = store;
        this.vendors = vendors;
        this.transitions = transitions;
    }

    public Outcome handle(String vendorKey, String taskId, String token, String body, Map<String, String> headers) {
        Optional<VendorId> vendorId = VendorId.fromKey(vendorKey);
        if (vendorId.isEmpty() || !TaskIds.isWellFormed(taskId) || !tokens.verify(vendorId.get(), taskId, token)) {
            return Outcome.UNAUTHORIZED;
        }
        Optional<Task> task = store.get(taskId);
        Optional<Vendor> vendor = vendors.find(vendorId.get());
        if (task.isEmpty() || vendor.isEmpty()) {
            return Outcome.UNAUTHORIZED;
        }
        VendorStatus status;
        try {
            status = vendor.get().parseCallback(body, headers);
        } catch (VendorException e) {
            LOG.warnf("unreadable callback taskId=%s vendor=%s: %s", taskId, vendorKey, e.getMessage());
            return Outcome.UNREADABLE;
        }
        Task current = task.get();
        if (current.vendorTaskId() != null && status.vendorTaskId() != null
                && !current.vendorTaskId().equals(status.vendorTaskId())) {
            LOG.warnf("callback for another vendor task ignored taskId=%s vendor=%s", taskId, vendorKey);
            return Outcome.ACCEPTED;
        }
        TransitionResult result = transitions.applyVendorStatus(current, vendorKey, status, null, null, false);
        LOG.debugf("callback taskId=%s vendor=%s state=%s outcome=%s", taskId, vendorKey, status.state(),
                result == null ? "NO_CHANGE" : result.outcome());
        return Outcome.ACCEPTED;
    }
}
