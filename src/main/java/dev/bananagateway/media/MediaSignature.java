package dev.bananagateway.media;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What a file is, by its first bytes rather than by what its server claims: PNG, JPEG, WebP, GIF,
 * MP4/MOV, WebM. An HTML error page or a JSON body matches none, so it is never taken for an
 * output. Width and height come from the image header where it holds them near the start.
 */
public record MediaSignature(String contentType, String extension, boolean video, Integer width, Integer height) {

    /** Bytes to read before deciding; enough for every header below, and for most JPEG frame headers. */
    public static final int HEAD_BYTES = 64 * 1024;

    public static Optional<MediaSignature> of(byte[] head, int length) {
        if (startsWith(head, length, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return Optional.of(image("image/png", "png", length >= 24 ? bigEndian32(head, 16) : null,
                    length >= 24 ? bigEndian32(head, 20) : null));
        }
        if (startsWith(head, length, 0, 0xFF, 0xD8, 0xFF)) {
            int[] size = jpegSize(head, length);
            return Optional.of(image("image/jpeg", "jpg", size == null ? null : size[0], size == null ? null : size[1]));
        }
        if (startsWith(head, length, 0, 'G', 'I', 'F', '8')) {
            return Optional.of(image("image/gif", "gif", length >= 10 ? littleEndian16(head, 6) : null,
                    length >= 10 ? littleEndian16(head, 8) : null));
        }
        if (startsWith(head, length, 0, 'R', 'I', 'F', 'F') && startsWith(head, length, 8, 'W', 'E', 'B', 'P')) {
            int[] size = webpSize(head, length);
            return Optional.of(image("image/webp", "webp", size == null ? null : size[0], size == null ? null : size[1]));
        }
        if (startsWith(head, length, 4, 'f', 't', 'y', 'p') && length >= 12) {
            String brand = new String(head, 8, 4, StandardCharsets.ISO_8859_1);
            return Optional.of(brand.equals("qt  ") ? new MediaSignature("video/quicktime", "mov", true, null, null)
                    : new MediaSignature("video/mp4", "mp4", true, null, null));
        }
        if (startsWith(head, length, 0, 0x1A, 0x45, 0xDF, 0xA3)) {
            return Optional.of(new MediaSignature("video/webm", "webm", true, null, null));
        }
        return Optional.empty();
    }

    public boolean image() {
        return !video;
    }

    private static MediaSignature image(String type, String extension, Integer width, Integer height) {
        return new MediaSignature(type, extension, false, width, height);
    }

    /** Walks the JPEG markers to the first start-of-frame; null when it lies beyond the head. */
    private static int[] jpegSize(byte[] b, int length) {
        int i = 2;
        while (i + 9 < length) {
            if ((b[i] & 0xFF) != 0xFF) {
                return null;
            }
            int marker = b[i + 1] & 0xFF;
            if (marker == 0xFF) {
                i++;
                continue;
            }
            int segment = bigEndian16(b, i + 2);
            boolean startOfFrame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8
                    && marker != 0xCC;
            if (startOfFrame) {
                return new int[] {bigEndian16(b, i + 7), bigEndian16(b, i + 5)};
            }
            i += 2 + segment;
        }
        return null;
    }

    private static int[] webpSize(byte[] b, int length) {
        if (length < 30) {
            return null;
        }
        String chunk = new String(b, 12, 4, StandardCharsets.ISO_8859_1);
        return switch (chunk) {
            case "VP8X" -> new int[] {1 + littleEndian24(b, 24), 1 + littleEndian24(b, 27)};
            case "VP8 " -> new int[] {littleEndian16(b, 26) & 0x3FFF, littleEndian16(b, 28) & 0x3FFF};
            case "VP8L" -> {
                int bits = (b[21] & 0xFF) | (b[22] & 0xFF) << 8 | (b[23] & 0xFF) << 16 | (b[24] & 0xFF) << 24;
                yield new int[] {1 + (bits & 0x3FFF), 1 + ((bits >> 14) & 0x3FFF)};
            }
            default -> null;
        };
    }

    private static boolean startsWith(byte[] b, int length, int offset, int... expected) {
        if (length < offset + expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if ((b[offset + i] & 0xFF) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private static int bigEndian32(byte[] b, int i) {
        return (b[i] & 0xFF) << 24 | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | (b[i + 3] & 0xFF);
    }

    private static int bigEndian16(byte[] b, int i) {
        return (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
    }

    private static int littleEndian16(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8;
    }

    private static int littleEndian24(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16;
    }
}
