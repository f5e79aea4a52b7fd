package dev.bananagateway.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The whole machine's CPU time, busy and total, from the kernel's {@code /proc/stat}: what every
 * process used, the S3 server's child JVM and anything else on the machine included, so a run can
 * tell when the machine's CPUs, not the design, were the limit.
 */
final class MachineCpu {

    private final long busy;
    private final long total;

    private MachineCpu(long busy, long total) {
        this.busy = busy;
        this.total = total;
    }

    /** Now; on a machine without {@code /proc/stat}, a reading that reports no busy share. */
    static MachineCpu now() {
        try {
            // cpu  user nice system idle iowait irq softirq steal guest guest_nice
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i <= 8 && i < f.length; i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
            return new MachineCpu(total - idle, total);
        } catch (IOException | RuntimeException e) {
            return new MachineCpu(0, 0);
        }
    }

    /** The busy share of every CPU of the machine since {@code earlier}, 0 to 1. */
    double busySince(MachineCpu earlier) {
        long spent = total - earlier.total;
        return spent <= 0 ? 0 : (double) (busy - earlier.busy) / spent;
    }
}
