package dev.bananagateway.provider;

import dev.bananagateway.config.GatewayConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The configuration that names providers, against the registered adapters: a block under
 * {@code gateway.providers} without an adapter, an adapter without a block, a block without a
 * {@code url}, or a {@code gateway.routing.priority} entry that names no provider is a mistake
 * that would otherwise be ignored in silence. {@link Providers} runs it when it is built.
 */
public final class ProviderConfigCheck {

    private ProviderConfigCheck() {
    }

    public static List<String> violations(GatewayConfig config, Collection<String> registered) {
        Set<String> known = new TreeSet<>(registered);
        List<String> broken = new ArrayList<>();
        config.providers().forEach((key, block) -> {
            if (!known.contains(key)) {
                broken.add("gateway.providers." + key + " names no provider (registered: " + known + ")");
            } else if (block.url().isEmpty()) {
                broken.add("gateway.providers." + key + ".url is not set");
            }
        });
        for (String key : known) {
            if (!config.providers().containsKey(key)) {
                broken.add("provider " + key + " has no configuration block gateway.providers." + key);
            }
        }
        for (String key : config.routing().priority().orElse(List.of())) {
            if (!known.contains(key)) {
                broken.add("gateway.routing.priority names " + key + ", which is no provider (registered: " + known + ")");
            }
        }
        return broken;
    }
}
