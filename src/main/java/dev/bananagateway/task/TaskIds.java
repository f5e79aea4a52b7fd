package dev.bananagateway.task;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/** Task ids: 128 random bits, base64url without padding, prefixed: unguessable and URL-safe. */
public final class TaskIds {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern FORMAT = Pattern.compile("tsk_[A-Za-z0-9_-]{22}");

    private TaskIds() {
    }

    public static String newId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return "tsk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether a string has the shape of a task id (cheap rejection before any read). */
    public static boolean isWellFormed(String id) {
        return id != null && FORMAT.matcher(id).matches();
    }
}
