package dev.bananagateway.local.simulator;

/** A simulated task's state; each provider protocol renders it in its own words. */
public enum SimState {
    QUEUED, RUNNING, SUCCEEDED, FAILED;

    public boolean terminal() {
        return this == SUCCEEDED || this == FAILED;
    }
}
