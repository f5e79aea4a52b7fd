package dev.bananagateway.task;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Task ids: 128 random bits, base64url without padding, prefixed: unguessable and URL-safe.
 *
 * <p>No {@code SecureRandom} is kept in a static field: Quarkus initializes application classes
 * while building the native image, so a static one would be created at build time and land in the
 * image heap (the build refuses that, and every instance would share its seed). A new instance per
 * id costs little: on Linux it draws from the JDK's shared native generator.
 */
public final class TaskIds {

    private static final Pattern FORMAT = Pattern.compile("tsk_[A-Za-z0-9_-]{22}");

    private TaskIds() {
    }

    public static String newId() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return "tsk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether a string has the shape of a task id (cheap rejection before any read). */
    public static boolean isWellFormed(String id) {
        return id != null && FORMAT.matcher(id).matches();
    }
}
