package dev.bananagateway.model;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One generated file. {@code url} is where the provider serves it; once it is copied into the media
 * bucket, {@code key} names the copy and the other members describe its bytes (type by signature,
 * size, SHA-256, dimensions). Members other than {@code url} are null when nobody says.
 */
@RegisterForReflection
public record Output(String url, String contentType, Integer width, Integer height, Long sizeBytes, String key,
        String sha256) {

    /** A file as a provider reports it, not yet stored. */
    public Output(String url, String contentType, Integer width, Integer height, Long sizeBytes) {
        this(url, contentType, width, height, sizeBytes, null, null);
    }

    public boolean stored() {
        return key != null;
    }

    public static Output of(String url) {
        return new Output(url, guessContentType(url), null, null, null);
    }

    /** Content type from the URL's extension; providers rarely state it. */
    public static String guessContentType(String url) {
        if (url == null) {
            return null;
        }
        String path = url.toLowerCase(java.util.Locale.ROOT);
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        if (path.endsWith(".png")) return "image/png";
        if (path.endsWith(".jpg") || path.endsWith(".jpeg")) return "image/jpeg";
        if (path.endsWith(".webp")) return "image/webp";
        if (path.endsWith(".mp4")) return "video/mp4";
        if (path.endsWith(".webm")) return "video/webm";
        return null;
    }
}
