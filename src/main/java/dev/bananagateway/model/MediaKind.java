package dev.bananagateway.model;

/** What a task produces. */
public enum MediaKind {
    IMAGE, VIDEO
}
