package dev.bananagateway.vendor;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The five vendors; {@link #key()} is the id used in configuration, URLs and the API. */
public enum VendorId {
    REVID, NBPCLOUD, CRUN, PIXAZO, IMGEDITOR;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<VendorId> fromKey(String key) {
        return Arrays.stream(values()).filter(v -> v.key().equals(key)).findFirst();
    }
}
