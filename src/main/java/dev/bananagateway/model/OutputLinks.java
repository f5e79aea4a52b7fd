package dev.bananagateway.model;

import java.time.Instant;

/** Signs a fresh link to a stored output at every read: a task view never holds a stale URL. */
public interface OutputLinks {

    Link link(String key);

    /** A URL that fetches the file, and when it stops working. */
    record Link(String url, Instant expiresAt) {
    }
}
