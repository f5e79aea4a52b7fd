package dev.bananagateway.vendor;

/** Which kind of vendor call failed: it decides whether a failure may have created a task. */
public enum VendorCall {
    /** The create call: not idempotent at any vendor. */
    CREATE,
    /** A status poll: safe to repeat. */
    POLL
}
