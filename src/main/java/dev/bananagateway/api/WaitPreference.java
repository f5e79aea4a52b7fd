package dev.bananagateway.api;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code wait} preference of a {@code Prefer} header (RFC 7240): how long the caller is willing to
 * wait for a terminal task. A wait longer than the gateway's maximum is cut to it; a value that is not
 * a whole number of seconds of at least 1 is ignored, as RFC 7240 asks of preferences a server cannot
 * honour. {@link #applied()} is what the {@code Preference-Applied} header then says.
 */
public record WaitPreference(Duration duration) {

    /** The preference in {@code prefer} (headers joined by commas), cut to {@code max}; empty when there is none. */
    public static Optional<WaitPreference> parse(String prefer, Duration max) {
        if (prefer == null) {
            return Optional.empty();
        }
        for (String preference : prefer.split(",")) {
            // a preference's own parameters follow ';': wait takes none
            String token = preference.split(";", 2)[0].trim();
            int eq = token.indexOf('=');
            if (eq < 0 || !token.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals("wait")) {
                continue;
            }
            String value = token.substring(eq + 1).trim();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            if (!value.matches("[0-9]{1,9}")) {
                return Optional.empty();
            }
            long seconds = Long.parseLong(value);
            if (seconds < 1) {
                return Optional.empty();
            }
            return Optional.of(new WaitPreference(Duration.ofSeconds(Math.min(seconds, max.toSeconds()))));
        }
        return Optional.empty();
    }

    /** The value of the {@code Preference-Applied} header. */
    public String applied() {
        return "wait=" + duration.toSeconds();
    }
}
