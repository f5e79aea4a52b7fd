package dev.bananagateway.model;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One generated file. Members other than {@code url} are null when the provider does not say. */
@RegisterForReflection
public record Output(String url, String contentType, Integer width, Integer height, Long sizeBytes) {

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
