package dev.bananagateway.local.simulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * The result files the simulator serves: real media, different for every file, of any size asked
 * for, generated as they stream (a file of hundreds of MB never sits in memory). A PNG is a
 * {@value #IMAGE_SIDE}-pixel square whose colour comes from the file's name, padded to the asked
 * size with a private ancillary chunk; a JPEG is a small baseline image padded with comment
 * segments; an MP4 is an {@code ftyp} box and an {@code mdat} box of the asked size. Padding bytes
 * are pseudo-random from the file's name, so each file has its own SHA-256.
 */
public final class SimFiles {

    static final int IMAGE_SIDE = 64;
    static final long DEFAULT_IMAGE_BYTES = 2 * 1024;
    static final long DEFAULT_VIDEO_BYTES = 256 * 1024;
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    private static final byte[] JPEG = java.util.Base64.getDecoder().decode(
            "/9j/4AAQSkZJRgABAgAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0"
            + "Hyc5PTgyPC4zNDL/2wBDAQkJCQwLDBgNDRgyIRwhMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIy"
            + "MjL/wAARCAAQABADASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQID"
            + "AAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlq"
            + "c3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3"
            + "+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEI"
            + "FEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImK"
            + "kpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwD1"
            + "aiiivy49o//Z");
    private static final int JPEG_SIDE = 16;

    private SimFiles() {
    }

    /** A file the simulator streams: its type, exact length and bytes. */
    public interface SimFile {
        String contentType();

        long length();

        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * The file of the given extension named {@code name} (its bytes follow from the name), at least
     * {@code bytes} long when given; null when the simulator makes no such files.
     */
    public static SimFile file(String extension, String name, Long bytes) {
        long seed = name.hashCode() * 0x9E3779B97F4A7C15L;
        return switch (extension) {
            case "png" -> png(seed, bytes == null ? DEFAULT_IMAGE_BYTES : bytes);
            case "jpg", "jpeg" -> jpeg(seed, bytes == null ? DEFAULT_IMAGE_BYTES : bytes);
            case "mp4" -> mp4(seed, bytes == null ? DEFAULT_VIDEO_BYTES : bytes);
            default -> null;
        };
    }

    /** The small image a test can compare with (its width and height are {@link #IMAGE_SIDE}). */
    static SimFile png(long seed, long bytes) {
        byte[] head = pngImage(seed);
        // signature + chunks, then a private ancillary chunk (length, type "bnNa", data, CRC) up to the size
        long padding = Math.max(0, bytes - head.length - 12 - 12);
        return new Padded("image/png", seed, padding) {
            @Override
            void writeHead(OutputStream out) throws IOException {
                out.write(head);
                out.write(int32((int) padding));
            }

            @Override
            byte[] paddingPrefix() {
                return "bnNa".getBytes(StandardCharsets.ISO_8859_1);
            }

            @Override
            void writeTail(OutputStream out, long crc) throws IOException {
                out.write(int32((int) crc));
                out.write(chunk("IEND", new byte[0]));
            }

            @Override
            public long length() {
                return head.length + 4 + 4 + padding + 4 + 12;
            }
        };
    }

    static SimFile jpeg(long seed, long bytes) {
        // the image without its end marker, comment segments (at most 65533 bytes of text each), the end marker
        int body = JPEG.length - 2;
        long padding = Math.max(0, bytes - JPEG.length);
        long segments = padding == 0 ? 0 : (padding + 65532) / 65533;
        return new SimFile() {
            @Override
            public String contentType() {
                return "image/jpeg";
            }

            @Override
            public long length() {
                return JPEG.length + padding + segments * 4;
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                out.write(JPEG, 0, body);
                Noise noise = new Noise(seed);
                long left = padding;
                byte[] buffer = new byte[65533];
                while (left > 0) {
                    int n = (int) Math.min(65533, left);
                    noise.fill(buffer, n);
                    for (int i = 0; i < n; i++) {
                        buffer[i] = (byte) (0x20 + (buffer[i] & 0x3F)); // printable, never a marker
                    }
                    out.write(new byte[] {(byte) 0xFF, (byte) 0xFE, (byte) ((n + 2) >> 8), (byte) (n + 2)});
                    out.write(buffer, 0, n);
                    left -= n;
                }
                out.write(new byte[] {(byte) 0xFF, (byte) 0xD9});
            }
        };
    }

    static SimFile mp4(long seed, long bytes) {
        byte[] ftyp = box("ftyp", "isom\0\0\u0002\0isomiso2mp41".getBytes(StandardCharsets.ISO_8859_1));
        long padding = Math.max(0, bytes - ftyp.length - 8);
        return new Padded("video/mp4", seed, padding) {
            @Override
            void writeHead(OutputStream out) throws IOException {
                out.write(ftyp);
                out.write(int32((int) (padding + 8)));
            }

            @Override
            byte[] paddingPrefix() {
                return "mdat".getBytes(StandardCharsets.ISO_8859_1);
            }

            @Override
            void writeTail(OutputStream out, long crc) {
                // an mdat box ends with its data
            }

            @Override
            public long length() {
                return ftyp.length + 8 + padding;
            }
        };
    }

    /** A head, a four-byte type, pseudo-random padding (with its CRC over type and padding), a tail. */
    private abstract static class Padded implements SimFile {
        private final String contentType;
        private final long seed;
        private final long padding;

        Padded(String contentType, long seed, long padding) {
            this.contentType = contentType;
            this.seed = seed;
            this.padding = padding;
        }

        abstract void writeHead(OutputStream out) throws IOException;

        abstract byte[] paddingPrefix();

        abstract void writeTail(OutputStream out, long crc) throws IOException;

        @Override
        public String contentType() {
            return contentType;
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            writeHead(out);
            CRC32 crc = new CRC32();
            byte[] prefix = paddingPrefix();
            crc.update(prefix);
            out.write(prefix);
            Noise noise = new Noise(seed);
            byte[] buffer = new byte[64 * 1024];
            long left = padding;
            while (left > 0) {
                int n = (int) Math.min(buffer.length, left);
                noise.fill(buffer, n);
                crc.update(buffer, 0, n);
                out.write(buffer, 0, n);
                left -= n;
            }
            writeTail(out, crc.getValue());
        }
    }

    /** xorshift64*: fast, deterministic bytes that do not compress away. */
    private static final class Noise {
        private long state;

        Noise(long seed) {
            state = seed == 0 ? 0x2545F4914F6CDD1DL : seed;
        }

        void fill(byte[] buffer, int length) {
            for (int i = 0; i < length; i += 8) {
                state ^= state >>> 12;
                state ^= state << 25;
                state ^= state >>> 27;
                long value = state * 0x2545F4914F6CDD1DL;
                for (int j = 0; j < 8 && i + j < length; j++) {
                    buffer[i + j] = (byte) (value >>> (8 * j));
                }
            }
        }
    }

    /** Signature, IHDR, one IDAT of a solid colour picked by the seed; no IEND (the tail adds it). */
    private static byte[] pngImage(long seed) {
        int side = IMAGE_SIDE;
        byte[] raw = new byte[side * (1 + side * 3)];
        byte r = (byte) (0xE0 | (seed & 0x1F));
        byte g = (byte) (0xC0 | ((seed >> 8) & 0x3F));
        byte b = (byte) ((seed >> 16) & 0x3F);
        for (int y = 0; y < side; y++) {
            int row = y * (1 + side * 3);
            raw[row] = 0; // filter: none
            for (int x = 0; x < side; x++) {
                raw[row + 1 + x * 3] = r;
                raw[row + 2 + x * 3] = g;
                raw[row + 3 + x * 3] = b;
            }
        }
        Deflater deflater = new Deflater();
        deflater.setInput(raw);
        deflater.finish();
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        while (!deflater.finished()) {
            compressed.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.writeBytes(PNG_SIGNATURE);
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        ihdr.writeBytes(int32(side));
        ihdr.writeBytes(int32(side));
        ihdr.writeBytes(new byte[] {8, 2, 0, 0, 0}); // 8-bit RGB, deflate, no filter method, no interlace
        png.writeBytes(chunk("IHDR", ihdr.toByteArray()));
        png.writeBytes(chunk("IDAT", compressed.toByteArray()));
        return png.toByteArray();
    }

    private static byte[] chunk(String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.ISO_8859_1);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(int32(data.length));
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        out.writeBytes(int32((int) crc.getValue()));
        return out.toByteArray();
    }

    private static byte[] box(String type, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(int32(8 + data.length));
        out.writeBytes(type.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(data);
        return out.toByteArray();
    }

    private static byte[] int32(int value) {
        return new byte[] {(byte) (value >> 24), (byte) (value >> 16), (byte) (value >> 8), (byte) value};
    }

    static int jpegSide() {
        return JPEG_SIDE;
    }
}
