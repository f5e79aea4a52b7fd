package dev.bananagateway.vendor;

/** A vendor task's state, normalized (CONTRACTS.md section 8.6). */
public enum VendorTaskState {
    QUEUED, RUNNING, SUCCEEDED, FAILED;

    public boolean terminal() {
        return this == SUCCEEDED || this == FAILED;
    }
}
