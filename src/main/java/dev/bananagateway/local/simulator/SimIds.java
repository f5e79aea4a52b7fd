package dev.bananagateway.local.simulator;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.UUID;

/** Task ids in each provider's style; the adapters treat them as opaque strings. */
final class SimIds {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyz0123456789";

    private SimIds() {
    }

    static String hex32() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    static String uuid() {
        return UUID.randomUUID().toString();
    }

    /** A cuid-like id ("clx..."), as imgeditor shows. */
    static String cuid() {
        StringBuilder id = new StringBuilder("clx");
        for (int i = 0; i < 22; i++) {
            id.append(ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length())));
        }
        return id.toString();
    }
}
