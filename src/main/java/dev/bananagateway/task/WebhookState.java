package dev.bananagateway.task;

/** Delivery state of the caller's webhook for the terminal task view. */
public enum WebhookState {
    NONE, PENDING, DELIVERED, GAVE_UP
}
