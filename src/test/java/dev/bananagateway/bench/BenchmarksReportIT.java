package dev.bananagateway.bench;

import java.nio.file.Path;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The last step of the bench run: BENCHMARKS.md at the project root, from the results every part
 * of this run wrote (it fails when one is missing, so the file never mixes runs or leaves a part out).
 */
@Tag("bench")
@Order(2)
class BenchmarksReportIT {

    @Test
    void writeBenchmarksMd() {
        Path project = Path.of(System.getProperty("bench.project-dir", "."));
        BenchmarksReport.render(project.resolve("BENCHMARKS.md"));
    }
}
