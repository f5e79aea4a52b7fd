package dev.bananagateway.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * An S3-compatible server in this JVM, as DynamoDB Local is: S3Proxy ({@code org.gaul:s3proxy}) on
 * jclouds' filesystem store in a temporary folder, so large files go to disk, not to the heap. It
 * speaks the S3 REST API with SigV4, multipart uploads and presigned URLs, so the SDK client, the
 * presigner and curl all work against it.
 *
 * <p>S3Proxy runs on Jetty 11 and DynamoDB Local on Jetty 12, which cannot share a class path; so
 * S3Proxy's self-contained jar ({@code jar-with-dependencies}, copied into {@code target/local-stack}
 * by the build) is loaded in a class loader of its own, and driven through its public builder by
 * reflection. Local runs and tests only: nothing of it is in the Lambda package.
 *
 * <p>With {@code -Dlocal.s3proxy.fork=true} (the benchmarks) the same jar runs as a child JVM
 * instead, so the server's heap, threads and disk writes are not counted as the gateway's when a
 * benchmark measures the gateway process's memory.
 */
public final class EmbeddedS3 implements AutoCloseable {

    /** The access key pair the server accepts (local only; any pair would do). */
    public static final String ACCESS_KEY = "local";
    public static final String SECRET_KEY = "local-secret";
    /** The pom's {@code s3proxy.version}. */
    private static final String S3PROXY_VERSION = "2.6.0";

    private static final Duration CHILD_START = Duration.ofSeconds(60);

    private final Object proxy;
    private final URLClassLoader loader;
    /** The child JVM when forked; then {@code proxy} and {@code loader} are null. */
    private final Process process;
    private final Path folder;
    private final int port;

    private EmbeddedS3(Object proxy, URLClassLoader loader, Process process, Path folder, int port) {
        this.proxy = proxy;
        this.loader = loader;
        this.process = process;
        this.folder = folder;
        this.port = port;
    }

    /** Starts on {@code port}, or on a free port when it is 0; in a child JVM with {@code -Dlocal.s3proxy.fork=true}. */
    public static EmbeddedS3 start(int port) {
        int chosen = port == 0 ? DynamoDbLocal.freePort() : port;
        Path jar = locateJar();
        if (Boolean.getBoolean("local.s3proxy.fork")) {
            return startChild(jar, chosen);
        }
        URLClassLoader loader = null;
        Path folder = null;
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try {
            folder = Files.createTempDirectory("embedded-s3-");
            loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
            Thread.currentThread().setContextClassLoader(loader);
            Properties overrides = new Properties();
            overrides.setProperty("jclouds.filesystem.basedir", folder.toString());
            Class<?> contextBuilder = loader.loadClass("org.jclouds.ContextBuilder");
            Object builder = contextBuilder.getMethod("newBuilder", String.class).invoke(null, "filesystem");
            builder = contextBuilder.getMethod("credentials", String.class, String.class)
                    .invoke(builder, "identity", "credential");
            builder = contextBuilder.getMethod("overrides", Properties.class).invoke(builder, overrides);
            Class<?> contextType = loader.loadClass("org.jclouds.blobstore.BlobStoreContext");
            Object context = contextBuilder.getMethod("build", Class.class).invoke(builder, contextType);
            Object blobStore = contextType.getMethod("getBlobStore").invoke(context);

            Class<?> proxyType = loader.loadClass("org.gaul.s3proxy.S3Proxy");
            Class<?> builderType = loader.loadClass("org.gaul.s3proxy.S3Proxy$Builder");
            Class<?> authType = loader.loadClass("org.gaul.s3proxy.AuthenticationType");
            Object proxyBuilder = proxyType.getMethod("builder").invoke(null);
            builderType.getMethod("blobStore", loader.loadClass("org.jclouds.blobstore.BlobStore"))
                    .invoke(proxyBuilder, blobStore);
            builderType.getMethod("endpoint", URI.class).invoke(proxyBuilder, URI.create("http://127.0.0.1:" + chosen));
            builderType.getMethod("awsAuthentication", authType, String.class, String.class)
                    .invoke(proxyBuilder, enumValue(authType, "AWS_V2_OR_V4"), ACCESS_KEY, SECRET_KEY);
            builderType.getMethod("ignoreUnknownHeaders", boolean.class).invoke(proxyBuilder, true);
            Object proxy = builderType.getMethod("build").invoke(proxyBuilder);
            proxyType.getMethod("start").invoke(proxy);
            waitUntilStarted(proxyType, proxy);
            return new EmbeddedS3(proxy, loader, null, folder, chosen);
        } catch (ReflectiveOperationException | IOException e) {
            closeQuietly(loader);
            deleteQuietly(folder);
            throw new IllegalStateException("the embedded S3 server did not start on port " + chosen, e);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    /** S3Proxy's own main class, configured as above through its properties file; output in {@code s3proxy.log}. */
    private static EmbeddedS3 startChild(Path jar, int port) {
        Path folder = null;
        Process process = null;
        try {
            folder = Files.createTempDirectory("embedded-s3-");
            Path data = Files.createDirectory(folder.resolve("data"));
            Properties settings = new Properties();
            settings.setProperty("s3proxy.endpoint", "http://127.0.0.1:" + port);
            settings.setProperty("s3proxy.authorization", "aws-v2-or-v4");
            settings.setProperty("s3proxy.identity", ACCESS_KEY);
            settings.setProperty("s3proxy.credential", SECRET_KEY);
            settings.setProperty("s3proxy.ignore-unknown-headers", "true");
            settings.setProperty("jclouds.provider", "filesystem");
            settings.setProperty("jclouds.filesystem.basedir", data.toString());
            settings.setProperty("jclouds.identity", "identity");
            settings.setProperty("jclouds.credential", "credential");
            Path file = folder.resolve("s3proxy.properties");
            try (var out = Files.newBufferedWriter(file)) {
                settings.store(out, "embedded S3 server");
            }
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            process = new ProcessBuilder(java, "-Xmx256m", "-jar", jar.toAbsolutePath().toString(),
                    "--properties", file.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(folder.resolve("s3proxy.log").toFile())
                    .start();
            Process started = process;
            Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly, "embedded-s3-stop"));
            awaitPort(process, port);
            return new EmbeddedS3(null, null, process, folder, port);
        } catch (IOException | RuntimeException e) {
            if (process != null) {
                process.destroyForcibly();
            }
            deleteQuietly(folder);
            throw new IllegalStateException("the embedded S3 server did not start on port " + port, e);
        }
    }

    private static void awaitPort(Process process, int port) throws IOException {
        Instant until = Instant.now().plus(CHILD_START);
        while (Instant.now().isBefore(until)) {
            if (!process.isAlive()) {
                throw new IOException("S3Proxy exited with " + process.exitValue());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
        }
        throw new IOException("S3Proxy did not listen within " + CHILD_START);
    }

    public URI endpoint() {
        return URI.create("http://localhost:" + port);
    }

    /**
     * Takes the server down (every request then finds its port closed, as when S3 is unreachable)
     * or brings it back on the same port with the same objects: a storage outage for fault tests.
     */
    public synchronized void reachable(boolean up) {
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try {
            Thread.currentThread().setContextClassLoader(loader);
            Method state = proxy.getClass().getMethod("getState");
            boolean started = "STARTED".equals(state.invoke(proxy));
            if (up && !started) {
                proxy.getClass().getMethod("start").invoke(proxy);
                waitUntilStarted(proxy.getClass(), proxy);
            } else if (!up && started) {
                proxy.getClass().getMethod("stop").invoke(proxy);
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the embedded S3 server did not " + (up ? "start" : "stop"), e);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
            deleteQuietly(folder);
            return;
        }
        try {
            proxy.getClass().getMethod("stop").invoke(proxy);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the embedded S3 server did not stop", e);
        } finally {
            closeQuietly(loader);
            deleteQuietly(folder);
        }
    }

    /**
     * S3Proxy's self-contained jar: {@code target/local-stack/s3proxy.jar}, copied there by the build
     * (maven-dependency-plugin); {@code -Dlocal.s3proxy.jar} names another.
     */
    private static Path locateJar() {
        String configured = System.getProperty("local.s3proxy.jar");
        Path jar = configured != null ? Path.of(configured) : Path.of("target", "local-stack", "s3proxy.jar");
        if (configured == null && !Files.isRegularFile(jar)) {
            // a run that skipped generate-resources: the copy's source in the local Maven repository
            Path repository = Path.of(System.getProperty("maven.repo.local",
                    Path.of(System.getProperty("user.home"), ".m2", "repository").toString()));
            jar = repository.resolve(Path.of("org", "gaul", "s3proxy", S3PROXY_VERSION,
                    "s3proxy-" + S3PROXY_VERSION + "-jar-with-dependencies.jar"));
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("S3Proxy's jar is missing at " + jar.toAbsolutePath()
                    + "; `./mvnw generate-resources` copies it there");
        }
        return jar;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumValue(Class<?> type, String name) {
        return Enum.valueOf((Class) type, name);
    }

    private static void waitUntilStarted(Class<?> proxyType, Object proxy) throws ReflectiveOperationException {
        Method state = proxyType.getMethod("getState");
        for (int i = 0; i < 500 && !"STARTED".equals(state.invoke(proxy)); i++) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void closeQuietly(URLClassLoader loader) {
        if (loader != null) {
            try {
                loader.close();
            } catch (IOException ignored) {
                // the jar stays open until the JVM ends
            }
        }
    }

    private static void deleteQuietly(Path folder) {
        if (folder == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // a temporary folder
        }
    }
}
