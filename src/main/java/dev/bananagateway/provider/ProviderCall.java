package dev.bananagateway.provider;

/** Which kind of provider call failed: it decides whether a failure may have created a task. */
public enum ProviderCall {
    /** The create call: not idempotent at any provider. */
    CREATE,
    /** A status poll: safe to repeat. */
    POLL
}
