package dev.bananagateway.provider;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A provider's id, as used in configuration ({@code gateway.providers.<id>}), URLs and the API.
 * Each provider package declares its own ({@code RevidProvider.ID}); which providers exist is
 * known only to the registry of adapters ({@link Providers}), never to a list here.
 */
public record ProviderId(String key) implements Comparable<ProviderId> {

    private static final Pattern FORMAT = Pattern.compile("[a-z][a-z0-9]{1,31}");

    public ProviderId {
        if (key == null || !FORMAT.matcher(key).matches()) {
            throw new IllegalArgumentException("a provider id is 2 to 32 lower-case letters and digits: " + key);
        }
    }

    public static ProviderId of(String key) {
        return new ProviderId(key);
    }

    /** The id the text names, if it has an id's shape; whether such a provider exists is {@link Providers}' answer. */
    public static Optional<ProviderId> parse(String key) {
        return key != null && FORMAT.matcher(key).matches() ? Optional.of(new ProviderId(key)) : Optional.empty();
    }

    @Override
    public int compareTo(ProviderId other) {
        return key.compareTo(other.key);
    }

    @Override
    public String toString() {
        return key;
    }
}
