package dev.bananagateway.provider;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Parses an HTTP {@code Retry-After} header: delay seconds or an HTTP date (RFC 9110 10.2.3). */
public final class RetryAfter {

    private RetryAfter() {
    }

    /** The delay the header asks for, or null when absent or unreadable; never negative. */
    public static Duration parse(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.trim();
        try {
            long seconds = Long.parseLong(value);
            return Duration.ofSeconds(Math.max(0, seconds));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration delay = Duration.between(now, at);
                return delay.isNegative() ? Duration.ZERO : delay;
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }
}
