package dev.bananagateway.api;

import dev.bananagateway.config.GatewayConfig;
import dev.bananagateway.task.TaskIds;
import dev.bananagateway.task.TaskList;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The list route's page cursors: opaque to callers and tamper-evident. A cursor names the last task
 * of a page and carries an HMAC over that place, the caller and the list's filters, so a cursor that
 * was edited, or made for another caller or other filters, is refused instead of paging through
 * someone else's index range.
 */
@ApplicationScoped
public class ListCursors {

    private static final String VERSION = "c1";
    /** Separates this use of the secret from any other. */
    private static final String DOMAIN = "banana-gateway list cursor v1\n";
    private static final int MAC_BYTES = 16;

    private final Optional<byte[]> key;

    public ListCursors(GatewayConfig config) {
        this.key = config.cursorSecret().filter(s -> !s.isBlank()).map(s -> s.getBytes(StandardCharsets.UTF_8));
    }

    public String encode(String owner, String filters, TaskList.Position at) {
        String payload = at.createdAtMillis() + "." + at.taskId();
        return VERSION + "." + base64(payload.getBytes(StandardCharsets.UTF_8)) + "."
                + base64(mac(owner, filters, payload));
    }

    /** The place the cursor names, when this caller made it with these filters and nobody changed it. */
    public Optional<TaskList.Position> decode(String owner, String filters, String cursor) {
        String[] parts = cursor.split("\\.", -1);
        if (parts.length != 3 || !VERSION.equals(parts[0])) {
            return Optional.empty();
        }
        try {
            String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
            byte[] given = Base64.getUrlDecoder().decode(parts[2]);
            if (!MessageDigest.isEqual(mac(owner, filters, payload), given)) {
                return Optional.empty();
            }
            int dot = payload.indexOf('.');
            String taskId = payload.substring(dot + 1);
            if (dot <= 0 || !TaskIds.isWellFormed(taskId)) {
                return Optional.empty();
            }
            return Optional.of(new TaskList.Position(Long.parseLong(payload.substring(0, dot)), taskId));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // not base64, or not a number: not a cursor this gateway made
        }
    }

    private byte[] mac(String owner, String filters, String payload) {
        byte[] secret = key.orElseThrow(() -> new IllegalStateException(
                "gateway.cursor-secret (CURSOR_SIGNING_SECRET) is not set: the list route cannot page"));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            // lengths first: no two (owner, filters, payload) triples sign the same bytes
            String signed = DOMAIN + owner.length() + ":" + owner + "\n" + filters.length() + ":" + filters + "\n"
                    + payload;
            return Arrays.copyOf(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)), MAC_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static String base64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
