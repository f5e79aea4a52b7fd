package dev.bananagateway.provider;

import dev.bananagateway.config.GatewayConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Start-up check of the configuration that names providers: a block under {@code gateway.providers}
 * or a {@code gateway.routing.priority} entry for a provider that does not exist is a typo that
 * would otherwise be ignored in silence. Reads ids only; no adapter is built.
 */
@ApplicationScoped
public class ProviderConfigCheck {

    private final GatewayConfig config;

    public ProviderConfigCheck(GatewayConfig config) {
        this.config = config;
    }

    void check(@Observes StartupEvent event) {
        List<String> broken = violations(config);
        if (!broken.isEmpty()) {
            throw new IllegalStateException("invalid gateway configuration: " + String.join("; ", broken));
        }
    }

    public static List<String> violations(GatewayConfig config) {
        List<String> broken = new ArrayList<>();
        for (String key : config.providers().keySet()) {
            if (ProviderId.fromKey(key).isEmpty()) {
                broken.add("gateway.providers." + key + " names no provider (known: " + known() + ")");
            }
        }
        for (String key : config.routing().priority().orElse(List.of())) {
            if (ProviderId.fromKey(key).isEmpty()) {
                broken.add("gateway.routing.priority names " + key + ", which is no provider (known: " + known() + ")");
            }
        }
        return broken;
    }

    private static String known() {
        return String.join(", ", Arrays.stream(ProviderId.values()).map(ProviderId::key).toList());
    }
}
