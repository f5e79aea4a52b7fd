package dev.bananagateway.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The machine a run measured: CPU, memory, OS and JDK, from /proc, /etc/os-release and the JVM. */
record MachineInfo(String cpu, int cpus, String memory, String os, String jdk) {

    static MachineInfo current() {
        String cpu = firstValue(Path.of("/proc/cpuinfo"), "model name", ":").orElse(System.getProperty("os.arch"));
        String memory = firstValue(Path.of("/proc/meminfo"), "MemTotal", ":")
                .map(v -> String.format("%.1f GiB", Long.parseLong(v.replace("kB", "").trim()) / 1024.0 / 1024.0))
                .orElse("unknown");
        String distribution = firstValue(Path.of("/etc/os-release"), "PRETTY_NAME", "=")
                .map(v -> v.replace("\"", "")).orElse(System.getProperty("os.name"));
        String os = distribution + ", kernel " + System.getProperty("os.version") + " " + System.getProperty("os.arch");
        String jdk = System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " ("
                + System.getProperty("java.provider") + ")";
        return new MachineInfo(cpu, Runtime.getRuntime().availableProcessors(), memory, os, jdk);
    }

    private static Optional<String> firstValue(Path file, String key, String separator) {
        try {
            List<String> lines = Files.readAllLines(file);
            return lines.stream().filter(l -> l.startsWith(key))
                    .map(l -> l.substring(l.indexOf(separator) + 1).trim()).findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
