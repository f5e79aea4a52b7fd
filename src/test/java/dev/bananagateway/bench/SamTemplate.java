package dev.bananagateway.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The few facts the benchmarks take from a SAM template: each function's MemorySize and a key of
 * Globals (the handler, an environment variable). Read line by line (the templates' layout is fixed and TemplateTest checks
 * their content), so CloudFormation's short tags need no YAML constructor here.
 */
final class SamTemplate {

    private static final Pattern RESOURCE = Pattern.compile("^  ([A-Za-z0-9]+):\\s*$");
    private static final Pattern MEMORY_SIZE = Pattern.compile("^\\s+MemorySize:\\s*(\\d+)\\s*$");

    private final List<String> lines;

    private SamTemplate(List<String> lines) {
        this.lines = lines;
    }

    static SamTemplate read(Path file) {
        try {
            return new SamTemplate(Files.readAllLines(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** MemorySize (MB) of every function resource that sets one, in template order. */
    Map<String, Integer> memorySizes() {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        boolean inResources = false;
        String resource = null;
        for (String line : lines) {
            if (!line.startsWith(" ") && !line.isBlank()) {
                inResources = line.startsWith("Resources:");
                continue;
            }
            Matcher name = RESOURCE.matcher(line);
            if (inResources && name.matches()) {
                resource = name.group(1);
            }
            Matcher memory = MEMORY_SIZE.matcher(line);
            if (inResources && resource != null && memory.matches()) {
                sizes.put(resource, Integer.parseInt(memory.group(1)));
            }
        }
        return sizes;
    }

    /** A key under Globals (Handler, or a variable of Function.Environment.Variables), as written. */
    String global(String name) {
        Pattern variable = Pattern.compile("^\\s+" + Pattern.quote(name) + ":\\s*(.+?)\\s*$");
        boolean inGlobals = false;
        for (String line : lines) {
            if (!line.startsWith(" ") && !line.isBlank()) {
                inGlobals = line.startsWith("Globals:");
                continue;
            }
            Matcher m = variable.matcher(line);
            if (inGlobals && m.matches()) {
                return m.group(1);
            }
        }
        throw new IllegalStateException("no global " + name);
    }
}
