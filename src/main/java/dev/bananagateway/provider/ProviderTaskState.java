package dev.bananagateway.provider;

/** A provider task's state, normalized (CONTRACTS.md section 8.6). */
public enum ProviderTaskState {
    QUEUED, RUNNING, SUCCEEDED, FAILED;

    public boolean terminal() {
        return this == SUCCEEDED || this == FAILED;
    }
}
