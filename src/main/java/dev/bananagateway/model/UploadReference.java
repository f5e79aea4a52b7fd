package dev.bananagateway.model;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A caller's upload named in {@code reference_images} as {@code upload:<id>} instead of a URL. Ids
 * are 128 random bits, base64url, prefixed like task ids (a new {@code SecureRandom} per id, for the
 * reason {@code TaskIds} gives).
 */
public final class UploadReference {

    public static final String PREFIX = "upload:";

    /**
     * The image types an upload may hold: the ones every provider that takes reference images
     * documents or is assumed to take (jpeg, png, webp; docs/providers.md 8.9). GIF is in no
     * provider's list, so it is refused rather than handed to a provider that may refuse it.
     */
    public static final Set<String> CONTENT_TYPES = Set.of("image/png", "image/jpeg", "image/webp");

    /** The largest upload: the largest reference image any provider documents (revid's Pro, 30 MB). */
    public static final long MAX_BYTES = 30L * 1024 * 1024;

    private static final Pattern ID = Pattern.compile("upl_[A-Za-z0-9_-]{22}");

    private UploadReference() {
    }

    public static String newId() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return "upl_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static boolean isWellFormedId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** Whether a reference names an upload (well-formed or not) rather than a URL. */
    public static boolean isUpload(String reference) {
        return reference != null && reference.startsWith(PREFIX);
    }

    /** The upload id of {@code upload:<id>}; empty for a URL or a malformed id. */
    public static Optional<String> id(String reference) {
        if (!isUpload(reference)) {
            return Optional.empty();
        }
        String id = reference.substring(PREFIX.length());
        return isWellFormedId(id) ? Optional.of(id) : Optional.empty();
    }
}
