package dev.bananagateway.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Downloads a file over HTTP as it streams and answers its SHA-256 and size (what a caller would get). */
public final class MediaFiles {

    private MediaFiles() {
    }

    /** SHA-256 (hex), size and content type of what {@code url} serves; fails unless it answers 200. */
    public record Fetched(String sha256, long size, String contentType) {
    }

    public static Fetched fetch(String url) {
        try {
            HttpResponse<InputStream> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long size = 0;
            try (InputStream in = response.body()) {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    sha.update(buffer, 0, n);
                    size += n;
                }
            }
            if (response.statusCode() != 200) {
                throw new AssertionError("GET " + url + " answered " + response.statusCode());
            }
            return new Fetched(HexFormat.of().formatHex(sha.digest()), size,
                    response.headers().firstValue("content-type").orElse(null));
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new AssertionError("GET " + url + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
