package dev.bananagateway.provider;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The five providers; {@link #key()} is the id used in configuration, URLs and the API. */
public enum ProviderId {
    REVID, NBPCLOUD, CRUN, PIXAZO, IMGEDITOR;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ProviderId> fromKey(String key) {
        return Arrays.stream(values()).filter(v -> v.key().equals(key)).findFirst();
    }
}
