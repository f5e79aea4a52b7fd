package dev.bananagateway.config;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.common.MapBackedConfigSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.time.Duration;
import java.util.Map;

/**
 * The gateway's configuration built without starting Quarkus: application.properties (default
 * profile) as Quarkus reads it, with environment variables and overrides on top. For unit tests
 * of classes that take {@link GatewayConfig}.
 */
public final class TestConfigs {

    private TestConfigs() {
    }

    /** The configuration as deployed, with these keys changed. */
    public static GatewayConfig gateway(Map<String, String> overrides) {
        return config(Map.of(), overrides).getConfigMapping(GatewayConfig.class);
    }

    /** The configuration as deployed with these environment variables set, and these keys changed. */
    public static SmallRyeConfig config(Map<String, String> environment, Map<String, String> overrides) {
        return builder(environment, overrides).withMapping(GatewayConfig.class).build();
    }

    /** As {@link #config}, without binding the mapping: values need not have their keys' types. */
    public static SmallRyeConfig unmapped(Map<String, String> environment) {
        return builder(environment, Map.of()).build();
    }

    private static SmallRyeConfigBuilder builder(Map<String, String> environment, Map<String, String> overrides) {
        URL properties = TestConfigs.class.getClassLoader().getResource("application.properties");
        try {
            return new SmallRyeConfigBuilder()
                    .addDefaultInterceptors()
                    .withSources(new PropertiesConfigSource(properties, 250))
                    .withSources(new EnvConfigSource(environment, 300))
                    .withSources(new MapBackedConfigSource("test overrides", overrides, 400) {
                    })
                    // Quarkus's reading of durations ("30S", "2M"), which application code relies on
                    .withConverter(Duration.class, 200, new DurationConverter());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
