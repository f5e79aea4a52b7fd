package dev.bananagateway.architecture;

import dev.bananagateway.task.TaskIds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The application's compiled classes, read from the class output folder, with the source folder
 * each came from: {@code src/main/java} (what the Lambda packages hold) or {@code src/local/java}
 * (the local stack, compiled for dev mode and tests only).
 */
final class ApplicationClasses {

    static final Path MAIN_SOURCES = Path.of("src/main/java");
    static final Path LOCAL_SOURCES = Path.of("src/local/java");

    private ApplicationClasses() {
    }

    /** Every application class name in the class output folder (nested classes included). */
    static List<String> all() {
        Path root = outputFolder();
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".class"))
                    .map(f -> root.relativize(f).toString())
                    .filter(name -> name.startsWith("dev/bananagateway/"))
                    .map(name -> name.substring(0, name.length() - ".class".length()).replace('/', '.'))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Classes whose source file is in {@code src/main/java}: the production code. */
    static List<String> main() {
        return all().stream().filter(name -> Files.exists(sourceFile(MAIN_SOURCES, name))).toList();
    }

    /** Classes whose source file is in {@code src/local/java}: the local stack. */
    static List<String> local() {
        return all().stream().filter(name -> Files.exists(sourceFile(LOCAL_SOURCES, name))).toList();
    }

    static Path sourceFile(Path sourceRoot, String className) {
        int nested = className.indexOf('$');
        String topLevel = nested < 0 ? className : className.substring(0, nested);
        return sourceRoot.resolve(topLevel.replace('.', '/') + ".java");
    }

    static Class<?> load(String className) {
        try {
            // not initialized: loading must not run any static initializer
            return Class.forName(className, false, ApplicationClasses.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path outputFolder() {
        try {
            return Path.of(TaskIds.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
