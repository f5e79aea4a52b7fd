package dev.bananagateway.provider;

/** A provider task's state, normalized (docs/providers.md 8.6). */
public enum ProviderTaskState {
    QUEUED, RUNNING, SUCCEEDED, FAILED;

    public boolean terminal() {
        return this == SUCCEEDED || this == FAILED;
    }
}
