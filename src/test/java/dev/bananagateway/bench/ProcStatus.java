package dev.bananagateway.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** A process's memory figures from Linux's /proc/&lt;pid&gt;/status, in kB. */
final class ProcStatus {

    private ProcStatus() {
    }

    /** VmRSS (resident now) and VmHWM (resident peak), among the other Vm* lines. */
    static Map<String, Long> memoryKb(long pid) {
        Map<String, Long> out = new HashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("Vm") && line.endsWith("kB")) {
                    String[] parts = line.split(":");
                    out.put(parts[0], Long.parseLong(parts[1].replace("kB", "").trim()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc for process " + pid, e);
        }
        return out;
    }
}
