package dev.bananagateway.local.simulator;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Task ids in each provider's style; the adapters treat them as opaque strings. No generator is
 * kept in a static field (see {@code TaskIds}): the rule holds for every class, local ones too.
 */
public final class SimIds {
    private static final String ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyz0123456789";

    private SimIds() {
    }

    public static String hex32() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    public static String uuid() {
        return UUID.randomUUID().toString();
    }

    /** A cuid-like id ("clx..."), as imgeditor shows. */
    public static String cuid() {
        SecureRandom random = new SecureRandom();
        StringBuilder id = new StringBuilder("clx");
        for (int i = 0; i < 22; i++) {
            id.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
        }
        return id.toString();
    }
}
