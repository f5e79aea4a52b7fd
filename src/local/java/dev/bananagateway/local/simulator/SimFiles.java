package dev.bananagateway.local.simulator;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The result files the simulator serves: a tiny banana-yellow image, or the start of an MP4. */
public final class SimFiles {

    private static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAHUlEQVR4XmP4/9CUJMSAKYQfjWogBo1qIAbRXgMAJO8VH1CpqQcAAAAASUVORK5CYII=");
    private static final byte[] JPEG = Base64.getDecoder().decode(
            "/9j/4AAQSkZJRgABAgAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0"
            + "Hyc5PTgyPC4zNDL/2wBDAQkJCQwLDBgNDRgyIRwhMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIy"
            + "MjL/wAARCAAQABADASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQID"
            + "AAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlq"
            + "c3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3"
            + "+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEI"
            + "FEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImK"
            + "kpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwD1"
            + "aiiivy49o//Z");
    /** An ISO base media "ftyp" box: enough for a player to recognise the type, not a playable video. */
    private static final byte[] MP4 = ("\0\0\0\u0018ftypisom\0\0\u0002\0isommp41").getBytes(StandardCharsets.ISO_8859_1);

    private SimFiles() {
    }

    /** The answer for a file of the given extension, or null when the simulator makes no such files. */
    public static SimResponse file(String extension) {
        return switch (extension) {
            case "png" -> SimResponse.bytes("image/png", PNG);
            case "jpg", "jpeg" -> SimResponse.bytes("image/jpeg", JPEG);
            case "mp4" -> SimResponse.bytes("video/mp4", MP4);
            default -> null;
        };
    }
}
