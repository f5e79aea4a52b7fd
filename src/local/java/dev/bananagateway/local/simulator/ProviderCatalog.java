package dev.bananagateway.local.simulator;

import dev.bananagateway.provider.ProviderId;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The registered providers, for the parts that run outside the application (the simulator, tests):
 * every provider has one block in application.properties ({@code gateway.providers.<id>.url}), so
 * the blocks are the registry, and each provider package holds its simulation,
 * {@code dev.bananagateway.provider.<id>.<Id>Simulation}. In the application the same providers are
 * the adapter beans, and {@code Providers} refuses a block without an adapter or the reverse.
 */
public final class ProviderCatalog {

    private static final Pattern BLOCK = Pattern.compile("gateway\\.providers\\.([a-z][a-z0-9]*)\\.url");

    private ProviderCatalog() {
    }

    /** Every provider with a configuration block, sorted. */
    public static List<ProviderId> ids() {
        Properties properties = new Properties();
        try (InputStream in = ProviderCatalog.class.getClassLoader().getResourceAsStream("application.properties")) {
            if (in == null) {
                throw new IllegalStateException("application.properties is not on the class path");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TreeSet<String> keys = new TreeSet<>();
        for (String name : properties.stringPropertyNames()) {
            Matcher block = BLOCK.matcher(name);
            if (block.matches()) {
                keys.add(block.group(1));
            }
        }
        return keys.stream().map(ProviderId::of).toList();
    }

    /** The class that simulates a provider: {@code <Id>Simulation} in the provider's package. */
    public static String simulationClass(ProviderId provider) {
        String key = provider.key();
        return "dev.bananagateway.provider." + key + "." + key.substring(0, 1).toUpperCase(Locale.ROOT)
                + key.substring(1) + "Simulation";
    }

    /**
     * A provider's simulation, built on the engine. Reflection by name, and only here: this class is
     * in the local stack (src/local/java), never in a Lambda package or a native image.
     */
    static SimProtocol simulation(ProviderId provider, SimEngine engine) {
        String name = simulationClass(provider);
        try {
            return (SimProtocol) Class.forName(name).getConstructor(SimEngine.class).newInstance(engine);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("provider " + provider + " is registered but has no simulation " + name, e);
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException(name + " must extend SimProtocol with a public (SimEngine) constructor", e);
        }
    }
}
