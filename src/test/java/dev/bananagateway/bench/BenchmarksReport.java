package dev.bananagateway.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders BENCHMARKS.md from the parts' results of this run (target/bench/*.properties): the
 * machine, the command, the date, and each figure with its target and verdict. A missed target is
 * a MISS in the report, never a failed build.
 */
final class BenchmarksReport {

    static final String COMMAND = "./mvnw -B -ntp -Pbench verify";
    /**
     * Requests a task lifecycle cannot do without: write-ahead PutItem + UpdateItem, the provider's
     * success (which also takes the copy lease), the UpdateItem that records the stored outputs and
     * makes the task SUCCEEDED, one GetItem.
     */
    static final int MINIMUM_REQUESTS = 5;
    /** Issue 13's targets: the copy at least this fraction of a bare download's throughput ... */
    static final double COPY_THROUGHPUT_TARGET = 0.8;
    /** ... and less than this growth of resident memory while a copy runs (it streams). */
    static final long COPY_RSS_TARGET_MB = 64;
    static final double LATENCY_TARGET = 1.2;
    static final double REQUESTS_TARGET = 1.25;
    static final double DRAIN_TARGET = 0.8;
    /** A setting whose target needs this share of the machine's CPUs or more is CPU-bound here. */
    static final double CPU_BOUND = 0.85;

    /** The sections after the summary, line by line. */
    private final List<String> sections = new ArrayList<>();
    /** Summary rows: part, figure, measured, target, verdict. */
    private final List<String[]> summary = new ArrayList<>();

    static void render(Path file) {
        String text = new BenchmarksReport().build(MachineInfo.current(),
                ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")));
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String build(MachineInfo machine, String date) {
        BenchResults latency = BenchResults.read(SubmitLatencyBenchmarkTest.PART);
        BenchResults callback = BenchResults.read(DynamoRequestsBenchmarkTest.CALLBACK_PART);
        BenchResults polling = BenchResults.read(DynamoRequestsBenchmarkTest.POLLING_PART);
        BenchResults waited = BenchResults.read(DynamoRequestsBenchmarkTest.WAITED_PART);
        BenchResults budgeted = BenchResults.read(DynamoRequestsBenchmarkTest.BUDGETED_PART);
        BenchResults drain = BenchResults.read(SweeperDrainBenchmarkTest.PART);
        BenchResults cold = BenchResults.read(ColdStartBenchmarkIT.PART);
        BenchResults idle = BenchResults.read(SweeperIdleBenchmarkTest.PART);
        BenchResults budget = BenchResults.read(SharedBudgetBenchmarkTest.PART);
        BenchResults media = BenchResults.read(MediaCopyBenchmarkTest.PART);

        latency(latency);
        requests(callback, polling, waited);
        budgetedRequests(budgeted);
        drain(drain);
        coldStart(cold);
        idle(idle);
        sharedBudget(budget);
        media(media);

        List<String> doc = new ArrayList<>();
        doc.add("# Benchmarks");
        doc.add("");
        doc.add("Written by `" + COMMAND + "` on " + date + ": every figure below comes from that one run.");
        doc.add("Benchmarks record figures and fail only when the run itself is broken; a missed target is a");
        doc.add("MISS here. The code is under `src/test/java/dev/bananagateway/bench/`.");
        doc.add("");
        doc.add("| machine | |");
        doc.add("|---|---|");
        doc.add("| CPU | " + machine.cpu() + ", " + machine.cpus() + " logical CPUs |");
        doc.add("| RAM | " + machine.memory() + " |");
        doc.add("| OS | " + machine.os() + " |");
        doc.add("| JDK | " + machine.jdk() + " |");
        doc.add("");
        doc.add("Everything runs on that one machine: the gateway (as the tests run it), DynamoDB Local");
        doc.add("in-process, the provider simulator and the benchmark clients share its CPUs, so absolute");
        doc.add("times are this machine's, not AWS's (DynamoDB Local answers in milliseconds of CPU where");
        doc.add("DynamoDB answers in single-digit milliseconds over the network). The ratios are the point.");
        doc.add("");
        doc.add("## Summary");
        doc.add("");
        doc.add("| part | figure | measured | target | verdict |");
        doc.add("|---|---|---|---|---|");
        summary.forEach(row -> doc.add("| " + String.join(" | ", row) + " |"));
        doc.add("");
        doc.addAll(sections);
        return String.join("\n", doc) + "\n";
    }

    // ---- part 1 ----

    private void latency(BenchResults r) {
        double realisticP50 = ratio(r, "realistic", "p50");
        double realisticP99 = ratio(r, "realistic", "p99");
        long providerMs = r.integer("provider-create-ms");
        summary.add(row("1", "submit p50, gateway / bare provider create (provider create " + providerMs + " ms)",
                fmt(realisticP50) + "x", "<= " + fmt(LATENCY_TARGET) + "x", verdict(realisticP50 <= LATENCY_TARGET)));
        summary.add(row("1", "submit p99, gateway / bare provider create (provider create " + providerMs + " ms)",
                fmt(realisticP99) + "x", "<= " + fmt(LATENCY_TARGET) + "x", verdict(realisticP99 <= LATENCY_TARGET)));
        summary.add(row("1", "gateway's own cost per submit, p50 (simulator answering at once)",
                fmt(r.number("instant.gateway.p50") - r.number("instant.bare.p50")) + " ms", "none", "-"));

        line("## 1. Submit latency: gateway against the bare provider create");
        line("");
        line("Gateway: `POST /v1/tasks` through the local API Gateway bridge, pinned to nbpcloud");
        line("(`{\"model\":\"nano-banana-pro\",\"provider\":\"nbpcloud\",\"aspect_ratio\":\"1:1\",\"resolution\":\"1K\"}`): request");
        line("parsing and validation, routing, the write-ahead PutItem, the provider create through the adapter,");
        line("the UpdateItem to SUBMITTED, the 202 task view. Bare: the same provider create sent straight to the");
        line("same simulator in nbpcloud's wire format (`POST /nbpcloud/api/v1/image/nano-banana`, Bearer key,");
        line("the JSON body the adapter sends). One JDK HTTP client (HTTP/1.1, keep-alive) makes both calls,");
        line("one after the other, which goes first alternating, so both see the same noise. "
                + r.integer("warmup.pairs") + " pairs of");
        line("warm-up first; times are client-side, request sent to response read; percentiles by nearest rank.");
        line("");
        line("| setting | pairs | gateway p50 | gateway p99 | bare p50 | bare p99 | p50 ratio | p99 ratio | p50 difference |");
        line("|---|---|---|---|---|---|---|---|---|");
        latencyRow(r, "instant", "simulator answers at once");
        latencyRow(r, "realistic", "provider create takes " + providerMs + " ms");
        line("");
        line("The 1.2x target is judged on the realistic setting only (a provider create that takes " + providerMs + " ms,");
        line("injected at the simulator with the global fault `{\"provider\":\"nbpcloud\",\"operation\":\"create\",");
        line("\"fault\":\"latency\",\"latencyMs\":" + providerMs + "}`): a real provider create takes that long or longer.");
        line("The instant setting shows what the gateway itself costs in absolute terms: two DynamoDB writes");
        line("(DynamoDB Local, in-process on the same CPUs) and one more HTTP hop, plus its own work; a ratio");
        line("against a create that costs almost nothing means little. Both local HTTP servers (simulator and");
        line("bridge) run with TCP_NODELAY, as production servers do: without it the JDK HttpServer holds each");
        line("response about 40 ms (Nagle against delayed ACKs) on the gateway's keep-alive provider calls.");
        line("");
    }

    private void latencyRow(BenchResults r, String setting, String label) {
        line("| " + label + " | " + r.integer(setting + ".pairs")
                + " | " + ms(r.number(setting + ".gateway.p50")) + " | " + ms(r.number(setting + ".gateway.p99"))
                + " | " + ms(r.number(setting + ".bare.p50")) + " | " + ms(r.number(setting + ".bare.p99"))
                + " | " + fmt(ratio(r, setting, "p50")) + "x | " + fmt(ratio(r, setting, "p99")) + "x | "
                + ms(r.number(setting + ".gateway.p50") - r.number(setting + ".bare.p50")) + " |");
    }

    private static double ratio(BenchResults r, String setting, String percentile) {
        return r.number(setting + ".gateway." + percentile) / r.number(setting + ".bare." + percentile);
    }

    // ---- part 2 ----

    private void requests(BenchResults callback, BenchResults polling, BenchResults waited) {
        double callbackPerTask = callback.number("calls") / callback.number("tasks");
        double pollingPerTask = polling.number("calls") / polling.number("tasks");
        double limit = MINIMUM_REQUESTS * REQUESTS_TARGET;
        summary.add(row("2a", "DynamoDB requests per callback-provider lifecycle (revid)",
                fmt(callbackPerTask) + " (" + fmt(callbackPerTask / MINIMUM_REQUESTS) + "x of " + MINIMUM_REQUESTS + ")",
                "<= " + fmt(REQUESTS_TARGET) + "x (" + fmt(limit) + ")", verdict(callbackPerTask <= limit + 1e-9)));
        summary.add(row("2b", "DynamoDB requests per polling-provider lifecycle (nbpcloud), Query amortized",
                fmt(pollingPerTask) + " (" + fmt(pollingPerTask / MINIMUM_REQUESTS) + "x of " + MINIMUM_REQUESTS + ")",
                "<= " + fmt(REQUESTS_TARGET) + "x (" + fmt(limit) + ")", verdict(pollingPerTask <= limit + 1e-9)));
        double waitedPerTask = waited.number("calls") / waited.number("tasks");
        summary.add(row("2c", "DynamoDB requests per waited submit (revid, `Prefer: wait=" + waited.integer("wait-seconds")
                + "`, no status read)", fmt(waitedPerTask) + " (" + fmt(waitedPerTask / MINIMUM_REQUESTS) + "x of "
                + MINIMUM_REQUESTS + ")", "none", "-"));

        line("## 2. DynamoDB requests per task lifecycle");
        line("");
        line("Counted on the application's own DynamoDB client by an AWS SDK `ExecutionInterceptor`");
        line("(`DynamoDbRequestCounter`, registered through `quarkus.dynamodb.interceptors`), by operation, over");
        line("a batch of tasks, then divided by the batch size. A lifecycle: submit through the public API,");
        line("completion, one status read through the public API. The minimum is " + MINIMUM_REQUESTS
                + ": the write-ahead PutItem and");
        line("the UpdateItem to SUBMITTED at submit, one UpdateItem for the provider's success (RUNNING, storing,");
        line("taking the copy lease in the same write), one UpdateItem once the outputs are stored (SUCCEEDED),");
        line("one GetItem per status read.");
        line("");
        line("| lifecycle | tasks | " + String.join(" | ", operations(callback, polling, waited)) + " | total per task | x minimum | SDK retries |");
        line("|---|---|" + "---|".repeat(operations(callback, polling, waited).size()) + "---|---|---|");
        requestsRow("(a) callback provider: revid, the simulator's callback completes it", callback, operations(callback, polling, waited));
        requestsRow("(b) polling provider: nbpcloud, one sweep polls it once", polling, operations(callback, polling, waited));
        requestsRow("(c) waited submit: revid with `Prefer: wait=" + waited.integer("wait-seconds")
                + "`, answered once the callback completed it", waited, operations(callback, polling, waited));
        line("");
        long queries = polling.integer("op.Query");
        long tasks = polling.integer("tasks");
        double callbackReads = perTask(callback, "GetItem") - 1;
        line("(a): beyond the status read, " + fmt(callbackReads) + " GetItem per task: the callback handler reads the");
        line("task before its conditional UpdateItem. That read is what lets it answer 401 for an unknown task,");
        line("ignore a callback naming another provider task, decide whether the terminal write must keep the task");
        line("indexed for a caller webhook, and skip the write for a duplicate callback; it is not a wasted");
        line("request, so it stays. The routing health item (`HEALTH`, read at most every 15 s per instance) is");
        line("not read for a pinned provider; an unpinned submit adds at most one GetItem per instance per 15 s.");
        line("");
        line("(b): the sweeper's index Query is shared by every task due in a pass, so it is shown amortized:");
        line(queries + " Query for " + tasks + " tasks = " + fmt((double) queries / tasks) + " per task ("
                + polling.integer("shards") + " shards; one pass found the batch, the next found nothing and ended");
        line("the sweep). Per task the sweeper adds only the completing UpdateItem. This is the best case: a");
        line("provider that needs k polls costs k - 1 more UpdateItems (each poll that finds the task running");
        line("reschedules it). A scheduled run that finds nothing due costs one count query per shard (part 5).");
        line("");
        double waitReads = perTask(waited, "GetItem") - perTask(callback, "GetItem") + 1;
        line("(c): the same revid lifecycle, but the caller asks the submit to wait (" + waited.integer("callers")
                + " callers at once) and needs no status");
        line("read: the answer is the finished task. The waiting submit reads the task after 0.5 s, 1 s later,");
        line("then every 2 s until the callback has completed it: " + fmt(waitReads) + " GetItem per task, where (a)'s");
        line("one status read stood (the callback's own read is the other GetItem). The minimum stays " + MINIMUM_REQUESTS
                + ": one read");
        line("must see the end. A wait that runs out costs at most 12 reads in 20 s, by the same schedule.");
        line("");
    }

    private static List<String> operations(BenchResults... parts) {
        return Arrays.stream(parts).flatMap(p -> List.of(p.text("operations").split(",")).stream())
                .distinct().sorted().toList();
    }

    private void requestsRow(String label, BenchResults r, List<String> operations) {
        double tasks = r.number("tasks");
        StringBuilder row = new StringBuilder("| " + label + " | " + r.integer("tasks") + " |");
        for (String operation : operations) {
            row.append(' ').append(fmt(perTask(r, operation))).append(" |");
        }
        double perTask = r.number("calls") / tasks;
        row.append(' ').append(fmt(perTask)).append(" | ").append(fmt(perTask / MINIMUM_REQUESTS)).append("x | ")
                .append(r.integer("attempts") - r.integer("calls")).append(" |");
        line(row.toString());
    }

    private static double perTask(BenchResults r, String operation) {
        return (r.has("op." + operation) ? r.integer("op." + operation) : 0) / r.number("tasks");
    }

    // ---- part 7 ----

    private void media(BenchResults r) {
        double videoMb = r.integer("video-bytes") / 1024.0 / 1024.0;
        double bareMs = r.number("bare-ms.median");
        double copyMs = r.number("copy-ms.median");
        double ratio = bareMs / copyMs;
        double growthMb = r.integer("rss-growth-kb.max") / 1024.0;
        double bareGrowthMb = r.integer("bare-rss-growth-kb.max") / 1024.0;
        boolean forked = "child-jvm".equals(r.text("s3-server"));
        long pacedRate = r.integer("paced.mb-per-s");
        double pacedBareMs = r.number("paced.bare-ms.median");
        double pacedCopyMs = r.number("paced.copy-ms.median");
        double pacedRatio = pacedBareMs / pacedCopyMs;
        summary.add(row("7", "copy of a " + fmt0(videoMb) + " MB video into the bucket, throughput / bare download,"
                + " file served at " + pacedRate + " MB/s as by a provider's host",
                fmt(pacedRatio) + "x", ">= " + fmt(COPY_THROUGHPUT_TARGET) + "x",
                verdict(pacedRatio >= COPY_THROUGHPUT_TARGET)));
        summary.add(row("7", "the same, file served as fast as the loopback goes (" + fmt0(videoMb * 1000 / bareMs)
                + " MB/s; the upload alone into the local S3 server: " + fmt0(r.number("upload-alone-ms.median")) + " ms)",
                fmt(ratio) + "x", "none (bound by the local S3 server)", "-"));
        double slowerStage = Math.max(r.number("upload-alone-ms.median"), bareMs + r.number("sha256-alone-ms.median"));
        summary.add(row("7", "copy's wall time / its slower stage alone (the upload, or the download and the hash)",
                fmt(copyMs / slowerStage) + "x", "none", "-"));
        summary.add(row("7", "gateway process's resident memory growth during a copy (peak of " + (r.integer("copy-runs") + 1)
                + (forked ? ", S3 server in its own JVM" : ", S3 server in the same JVM") + ")",
                fmt0(growthMb) + " MiB", "< " + COPY_RSS_TARGET_MB + " MiB", verdict(growthMb < COPY_RSS_TARGET_MB)));
        summary.add(row("7", "provider success (callback) to SUCCEEDED, 2 MB image, p50 / p99",
                fmt0(r.number("success-ms.p50")) + " ms / " + fmt0(r.number("success-ms.p99")) + " ms", "none", "-"));

        line("## 7. Media custody: copying outputs into the bucket");
        line("");
        line("(a) A " + fmt0(videoMb) + " MB MP4 served by the simulator (`[sim:file-bytes=N]`, generated as it streams) is");
        line("copied into the media bucket by `MediaBucket.copy` (pinned download, signature, size and SHA-256 checks,");
        line("multipart upload in " + r.integer("part-bytes") / 1024 / 1024 + " MiB parts, the next part downloading while the last one");
        line("uploads), and downloaded bare from the simulator by the same pinned client into nothing. A warm-up pair,");
        line("then " + r.integer("copy-runs") + " pairs, bare download first; the medians are compared.");
        line("");
        line("The S3 server (S3Proxy on its filesystem store) runs "
                + (forked ? "as a child JVM (`-Dlocal.s3proxy.fork=true`, which the bench profile sets)"
                        : "inside the gateway's JVM, so its buffers count below"));
        line("and the simulator inside the gateway's JVM; all share the machine's CPUs. A copy's time therefore also pays");
        line("for the S3 server's work (receiving the parts, hashing them for their ETags, writing them to disk and joining");
        line("them on completion) and for the SigV4 signing of each part's payload that the SDK does over plain http (over");
        line("https, as against S3, it sends the payload unsigned). Against S3 from a Lambda function (not measured here)");
        line("the upload runs at S3's network speed instead, still overlapping the download.");
        line("");
        line("| | median wall time | throughput | gateway JVM CPU time, median |");
        line("|---|---|---|---|");
        line("| bare download | " + fmt0(bareMs) + " ms | " + fmt0(videoMb * 1000 / bareMs) + " MB/s | "
                + fmt0(r.number("bare-cpu-ms.median")) + " ms |");
        line("| copy into the bucket | " + fmt0(copyMs) + " ms | " + fmt0(videoMb * 1000 / copyMs) + " MB/s | "
                + fmt0(r.number("copy-cpu-ms.median")) + " ms |");
        line("");
        line("The target is judged with the file served at " + pacedRate + " MB/s (`[sim:file-rate=" + pacedRate
                + "]`, 320 Mbit/s), as a provider's");
        line("file host serves it to a function across the internet: there a copy is bound by the download, which is");
        line("what the ratio asks about, the gateway's cost on top of fetching the file. Served as fast as the");
        line("loopback goes, the download outruns the local S3 server's intake several times over, and the ratio");
        line("measures that server, not the gateway (the row above, not judged).");
        line("");
        line("| file served at | bare download, median | copy, median | throughput / bare | resident growth, peak |");
        line("|---|---|---|---|---|");
        line("| " + pacedRate + " MB/s | " + fmt0(pacedBareMs) + " ms | " + fmt0(pacedCopyMs) + " ms | " + fmt(pacedRatio)
                + "x | " + fmt0(r.integer("paced.rss-growth-kb.max") / 1024.0) + " MiB |");
        line("| loopback speed | " + fmt0(bareMs) + " ms | " + fmt0(copyMs) + " ms | " + fmt(ratio) + "x | "
                + fmt0(growthMb) + " MiB |");
        line("");
        line("Where a copy's time goes, each stage alone on the same bytes (medians): the upload into the bucket from");
        line("memory (the same parts, one in flight) " + fmt0(r.number("upload-alone-ms.median")) + " ms; SHA-256 "
                + fmt0(r.number("sha256-alone-ms.median")) + " ms; the download " + fmt0(bareMs) + " ms. The copy runs");
        line("the download (with the hash) and the upload side by side, so it can take no less than the slower of them.");
        line("");
        line("Memory: the gateway JVM's VmRSS (max heap " + r.integer("max-heap-mb") + " MiB), sampled every 10 ms while each");
        line("copy runs, against its value just before (after a `System.gc()`); the largest growth over all "
                + (r.integer("copy-runs") + 1) + " copies,");
        line("the warm-up's included: " + fmt0(growthMb) + " MiB (a copy held whole in memory would add the file's "
                + fmt0(videoMb) + " MB). The same JVM");
        line("also serves the file from the simulator; a bare download alone grows it by at most " + fmt0(bareGrowthMb)
                + " MiB. A copy holds two " + r.integer("part-bytes") / 1024 / 1024 + " MiB part buffers by construction;");
        line("the JVM may place them in heap pages it already holds, so the growth can be below their size.");
        line("");
        line("(b) " + r.integer("callbacks") + " revid tasks whose result is a " + r.integer("image-bytes") / 1024 / 1024
                + " MB PNG: the time from sending the provider's");
        line("success callback to the first status read that shows SUCCEEDED (the callback copies within its");
        line("budget, so the task succeeds before the callback is answered): p50 " + fmt0(r.number("success-ms.p50"))
                + " ms, p99 " + fmt0(r.number("success-ms.p99")) + " ms.");
        line("");
    }

    // ---- part 3 ----

    private void drain(BenchResults r) {
        int tasks = (int) r.integer("tasks");
        int concurrency = (int) r.integer("concurrency");
        for (String setting : List.of("fast", "realistic")) {
            long latencyMs = r.integer(setting + ".poll-latency-ms");
            double measured = drainRate(r, setting);
            double ideal = concurrency * 1000.0 / latencyMs;
            boolean judged = setting.equals("realistic");
            summary.add(row("3", "sweeper drain rate, " + tasks + " due tasks, C = " + concurrency + ", L = " + latencyMs
                    + " ms", fmt0(measured) + " tasks/s (" + fmt(measured / ideal) + "x of " + fmt0(ideal) + ")",
                    judged ? ">= " + fmt(DRAIN_TARGET) + "x of C / L" : "none (CPU-bound here)",
                    judged ? verdict(measured >= DRAIN_TARGET * ideal) : "-"));
        }

        line("## 3. Sweeper drain rate");
        line("");
        line(tasks + " SUBMITTED nbpcloud tasks, all due, written through the `TaskStore` bean; their provider tasks");
        line("were created at the simulator with bare create calls, and the simulator finishes a task on its");
        line("first poll (`pollsToFinish: 1`) after an injected poll latency L (global fault `latency`).");
        line("Measured: " + tasks + " / the wall time of one worker over every shard (`SweeperService.sweepShards`, no");
        line("budget), which sweeps pass after pass until a pass finds nothing due. Ideal: C / L, C = `gateway.sweeper.concurrency`. Seeding is not");
        line("timed. After each setting every task was SUCCEEDED, the index was empty, and the simulator had");
        line("answered one poll per task. CPU busy, gateway JVM: the CPU time of the one JVM that runs the sweeper, the");
        line("simulator and DynamoDB Local, over wall time times " + r.integer("cpus") + " CPUs; CPU busy, machine: every");
        line("process's, from `/proc/stat` (the S3 server's child JVM included: each success stores its output).");
        line("");
        line("| setting | tasks | C | L | page per shard query | shards | wall time | measured | ideal C / L | measured / ideal | CPU busy, gateway JVM | CPU busy, machine | polls | succeeded |");
        line("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (String setting : List.of("fast", "realistic")) {
            long latencyMs = r.integer(setting + ".poll-latency-ms");
            double measured = drainRate(r, setting);
            double ideal = concurrency * 1000.0 / latencyMs;
            line("| " + setting + " | " + tasks + " | " + concurrency + " | " + latencyMs + " ms | " + r.integer("batch-size")
                    + " | " + r.integer("shards") + " | " + fmt(r.number(setting + ".wall-ms") / 1000) + " s | "
                    + fmt0(measured) + " tasks/s | " + fmt0(ideal) + " tasks/s | " + fmt(measured / ideal) + "x | "
                    + fmt0(100 * r.number(setting + ".cpu-busy")) + " % | "
                    + fmt0(100 * r.number(setting + ".machine-cpu-busy")) + " % | " + r.integer(setting + ".provider-polls")
                    + " | " + r.integer(setting + ".succeeded") + " |");
        }
        line("");
        line("Each task costs a poll (L plus the HTTP round trip) and a conditional UpdateItem on one of the C");
        line("threads. A pass reads the due tasks page by page (shards in turn) while the workers poll, so the");
        line("workers wait neither for index queries nor for a slow task; the pass ends when its last task is");
        line("done (a task in flight is still due in the index and must not be taken twice), and a last pass");
        line("finds nothing due. The target is judged at L = " + r.integer("realistic.poll-latency-ms")
                + " ms, a realistic provider poll over the internet. At L = " + r.integer("fast.poll-latency-ms") + " ms");
        line("the run is CPU-bound on this machine (see CPU busy): DynamoDB Local (SQLite behind an HTTP server)");
        line("and the simulator spend a large share of it, CPU that DynamoDB and a provider would spend on their");
        line("own machines.");
        line("");
        fanOut(r);
    }

    /** Part 3's fan-out: S shard workers, each its own pool of C, at once. */
    private void fanOut(BenchResults r) {
        int tasks = (int) r.integer("tasks");
        int concurrency = (int) r.integer("concurrency");
        List<String> settings = List.of("s1", "s2", "s4");
        for (String setting : settings) {
            long workers = r.integer(setting + ".workers");
            long latencyMs = r.integer(setting + ".poll-latency-ms");
            double measured = drainRate(r, setting);
            double ideal = workers * concurrency * 1000.0 / latencyMs;
            double busy = r.number(setting + ".machine-cpu-busy");
            double needed = cpuNeededForTarget(r, setting, ideal);
            summary.add(row("3", "fan-out drain rate, " + tasks + " due tasks, S = " + workers + " workers, C = "
                    + concurrency + ", L = " + latencyMs + " ms (machine CPU busy " + fmt0(100 * busy)
                    + " %; the target would need " + fmt0(100 * needed) + " %)",
                    fmt0(measured) + " tasks/s (" + fmt(measured / ideal) + "x of " + fmt0(ideal) + ")",
                    ">= " + fmt(DRAIN_TARGET) + "x of S x C / L until the CPUs are the limit",
                    measured >= DRAIN_TARGET * ideal ? "PASS" : needed >= CPU_BOUND ? "CPU-bound" : "MISS"));
        }
        line("### Fan-out: S shard workers at once");
        line("");
        line("The same seeding, then S shard workers started at once, as a dispatch starts them in Lambda:");
        line("worker j sweeps the shards s with s mod S = j (`SweeperService.sweepShards`, its own pool of C),");
        line("until nothing is due. Ideal: S x C / L. Every task SUCCEEDED after each setting, polled once.");
        line("");
        line("| workers S | tasks | C | L | shards | wall time | measured | ideal S x C / L | measured / ideal | CPU busy, gateway JVM | CPU busy, machine | polls | succeeded |");
        line("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (String setting : settings) {
            long workers = r.integer(setting + ".workers");
            long latencyMs = r.integer(setting + ".poll-latency-ms");
            double measured = drainRate(r, setting);
            double ideal = workers * concurrency * 1000.0 / latencyMs;
            line("| " + workers + " | " + tasks + " | " + concurrency + " | " + latencyMs + " ms | " + r.integer("shards")
                    + " | " + fmt(r.number(setting + ".wall-ms") / 1000) + " s | " + fmt0(measured) + " tasks/s | "
                    + fmt0(ideal) + " tasks/s | " + fmt(measured / ideal) + "x | "
                    + fmt0(100 * r.number(setting + ".cpu-busy")) + " % | "
                    + fmt0(100 * r.number(setting + ".machine-cpu-busy")) + " % | " + r.integer(setting + ".provider-polls")
                    + " | " + r.integer(setting + ".succeeded") + " |");
        }
        line("");
        line("In AWS each worker is its own Lambda instance with its own CPU, and DynamoDB and the provider run");
        line("elsewhere, so the rate grows with S until DynamoDB's or the provider's limits. Here the workers,");
        line("DynamoDB Local and the simulator share this machine's " + r.integer("cpus") + " CPUs: where CPU busy nears");
        line("100 %, the machine, not the design, is the limit. Verdict CPU-bound: the target rate would take " + fmt0(100 * CPU_BOUND) + " % or");
        line("more of every CPU of the machine at the CPU cost per task the setting measured (machine CPU busy x CPUs x");
        line("wall time / tasks), so no tuning of the sweeper could reach it on this machine.");
        line("Two CPU figures: the gateway JVM's own (the workers, DynamoDB Local and the simulator run in it) and the");
        line("whole machine's from `/proc/stat`, which also counts the S3 server (a child JVM under the bench profile;");
        line("every success copies its output into the bucket) and anything else running at the time.");
        line("");
    }

    /**
     * The share of every CPU of the machine that draining at the target rate (0.8 x ideal) would take,
     * at the CPU cost per task this setting measured (machine CPU busy x CPUs x wall time / tasks).
     */
    private static double cpuNeededForTarget(BenchResults r, String setting, double ideal) {
        double cpuSecondsPerTask = r.number(setting + ".machine-cpu-busy") * r.integer("cpus")
                * r.number(setting + ".wall-ms") / 1000 / r.integer("tasks");
        return DRAIN_TARGET * ideal * cpuSecondsPerTask / r.integer("cpus");
    }

    private static double drainRate(BenchResults r, String setting) {
        return r.integer("tasks") / (r.number(setting + ".wall-ms") / 1000);
    }

    /** Part 2c: the budgeted provider's lifecycle, with the budget item's writes counted apart. */
    private void budgetedRequests(BenchResults r) {
        double tasks = r.number("tasks");
        double perTask = r.number("calls") / tasks;
        double budgetWrites = item(r, "UpdateItem BUDGET") / tasks;
        summary.add(row("2c", "DynamoDB requests per budgeted-provider lifecycle (imgeditor), budget item included",
                fmt(perTask) + " (" + fmt(budgetWrites) + " on the budget item)", "none", "-"));
        line("### (c) A provider with a shared request budget: imgeditor");
        line("");
        line("As (b), at imgeditor (budget " + r.integer("requests-per-minute") + " a minute in the test profile), whose");
        line("every create and poll first takes a token from the key's budget item (`BUDGET#imgeditor`): one");
        line("conditional UpdateItem each, another when a racing take moved the item first (the sweep polls with");
        line("its C threads at once, all taking from the one item), none for a take an instance can refuse from");
        line("what it last saw. Polls the budget put off in the first sweep: " + r.integer("sweep.budget-waits")
                + ". By item:");
        line("");
        line("| operation and item | per task | requests |");
        line("|---|---|---|");
        for (String key : r.text("items").split(",")) {
            line("| " + key + " | " + fmt(item(r, key) / tasks) + " | " + (long) item(r, key) + " |");
        }
        line("| total | " + fmt(perTask) + " | " + r.integer("calls") + " |");
        line("");
        line("The budget adds a write per request the provider gets (one for the create, one per poll), plus the");
        line("retries of takes that lost a race, and no read: " + fmt(item(r, "UpdateItem BUDGET") / tasks)
                + " per task here for 2 tokens. Each is one write request unit on a");
        line("small item: at imgeditor's 60 requests a minute about one write a second on that item, and a take");
        line("refused from the instance's own last view costs nothing.");
        line("");
    }

    private static double item(BenchResults r, String key) {
        return r.has("item." + key) ? r.number("item." + key) : 0;
    }

    // ---- part 5 ----

    private void idle(BenchResults r) {
        double dispatch = r.number("dispatch.median-ms");
        double worker = r.number("worker.median-ms");
        double ahead = r.number("ahead.run-ms");
        long budget = r.integer("run-budget-ms");
        long step = r.integer("longest-step-ms");
        summary.add(row("5", "idle scheduled sweep (dispatch over an empty index, " + r.integer("shards") + " shards), median of "
                + r.integer("repeats"), ms(dispatch), "< 1000 ms", verdict(dispatch < 1000)));
        summary.add(row("5", "idle shard worker, median of " + r.integer("repeats"), ms(worker), "< 1000 ms",
                verdict(worker < 1000)));
        summary.add(row("5", "shard worker with one task due " + r.integer("ahead.due-after-ms") / 1000 + " s ahead",
                fmt(ahead / 1000) + " s (before: " + (budget - step) / 1000 + " s, every run)", "none", "-"));
        line("## 5. Idle sweeps and a task due ahead");
        line("");
        line("An empty index: the scheduled run's dispatch (`SweepDispatcher.dispatch`: the shard count recorded,");
        line("each shard's due work counted; no worker started) and one shard worker's run");
        line("(`SweeperService.sweepLeased` with the run budget of " + budget / 1000 + " s: the shard's lease taken, its earliest");
        line("next check read, the lease given back), each timed " + r.integer("repeats") + " times. Then one task due "
                + r.integer("ahead.due-after-ms") / 1000 + " s");
        line("after a worker starts on its shard: the worker waits for it, polls it (the simulator finishes it on");
        line("the first poll) and ends as soon as nothing more falls due within its budget. Before this change every");
        line("scheduled run lasted until its intake ended, " + budget / 1000 + " s budget less the longest step of "
                + step / 1000 + " s = " + (budget - step) / 1000 + " s, idle or not.");
        line("");
        line("| run | median | max | DynamoDB requests |");
        line("|---|---|---|---|");
        line("| dispatch, idle | " + ms(dispatch) + " | " + ms(r.number("dispatch.max-ms")) + " | "
                + calls(r, "dispatch") + " |");
        line("| shard worker, idle | " + ms(worker) + " | " + ms(r.number("worker.max-ms")) + " | " + calls(r, "worker") + " |");
        line("| shard worker, one task due " + r.integer("ahead.due-after-ms") / 1000 + " s ahead | " + fmt(ahead / 1000)
                + " s | | " + r.integer("ahead.polled") + " poll |");
        line("");
        line("In AWS an idle deployment runs only the dispatch, once a minute: at the JVM template's 1024 MB and");
        line("about " + fmt0(dispatch) + " ms (this machine; DynamoDB answers faster than DynamoDB Local here) that is about "
                + fmt0(1440 * dispatch / 1000.0) + " GB-seconds a day, against " + fmt0(1440 * (budget - step) / 1000.0)
                + " when every run");
        line("lasted " + (budget - step) / 1000 + " s (with this profile's longest step; README \"Capacity and cost\" for the");
        line("deployed settings).");
        line("");
    }

    private static String calls(BenchResults r, String run) {
        List<String> parts = new ArrayList<>();
        for (String key : r.text(run + ".items").split(",")) {
            if (!key.isBlank()) {
                parts.add(r.integer(run + ".calls." + key) + " " + key);
            }
        }
        return String.join(", ", parts);
    }

    // ---- part 6 ----

    private void sharedBudget(BenchResults r) {
        long perMinute = r.integer("per-minute");
        long busiest = r.integer("busiest-minute");
        long tooMany = r.integer("provider-429");
        long refused = r.integer("creates-refused");
        summary.add(row("6", r.integer("instances") + " instances sharing one imgeditor key (" + perMinute + "/min) for "
                + r.integer("run-s") / 60 + " min: busiest rolling minute", busiest + " requests",
                "<= " + perMinute, verdict(busiest <= perMinute)));
        summary.add(row("6", "the provider's 429s; creates refused for want of a token", tooMany + "; " + refused,
                "0; 0", verdict(tooMany == 0 && refused == 0)));
        line("## 6. One provider key's budget shared by eight instances");
        line("");
        line(r.integer("instances") + " gateway instances in this JVM, each with its own DynamoDB client, imgeditor REST client");
        line("and budget state (`RequestBudgets` on `RequestBuckets`, the production classes), share one imgeditor");
        line("key with a budget of " + perMinute + " a minute for " + r.integer("run-s") + " s. The simulator's imgeditor answers 429");
        line("past " + perMinute + " requests in any rolling minute. Each instance creates a task every 15 s (a create may");
        line("wait for a token as long as the default submit budget leaves) and polls each open task every 3 s");
        line("(a poll without a token waits, uncounted); the simulator finishes a task on its third poll. So");
        line("polls alone would ask for more than the budget: what they cannot have waits.");
        line("");
        line("| figure | value |");
        line("|---|---|");
        line("| requests sent (creates + polls) | " + r.integer("requests") + " |");
        line("| busiest rolling minute, as sent | " + busiest + " |");
        line("| the simulator's 429 answers | " + tooMany + " |");
        line("| creates made / refused for want of a token | " + r.integer("creates") + " / " + refused + " |");
        line("| create's wait for a token, p50 / max | " + r.integer("create-wait.p50-ms") + " ms / "
                + r.integer("create-wait.max-ms") + " ms |");
        line("| polls made / put off for want of a token | " + r.integer("polls") + " / " + r.integer("polls-put-off") + " |");
        line("| other errors | " + r.integer("other-errors") + " |");
        line("");
        line("At most " + (perMinute - 1) + " go out in any minute by construction (one of the " + perMinute
                + " kept back for the network): a burst of");
        line("5, then one every 1.112 s. Creates are never starved: polls may not take the last two tokens, which");
        line("are the creates'.");
        line("");
    }

    // ---- part 4 ----

    private void coldStart(BenchResults r) {
        double rssMb = r.integer("rss-kb") / 1024.0;
        double hwmMb = r.integer("hwm-kb") / 1024.0;
        long memorySize = r.integer("memory-size-mb");
        summary.add(row("4", "JVM cold start of the status function, median of " + r.integer("runs"),
                fmt0(r.number("cold-ms.median")) + " ms", "none", "-"));
        summary.add(row("4", "resident memory after " + r.integer("warm.invocations") + " warm invocations",
                fmt0(rssMb) + " MiB (peak " + fmt0(hwmMb) + " MiB); MemorySize " + memorySize + " MB", "none", "-"));

        line("## 4. JVM cold start and memory (status function)");
        line("");
        line("The packaged Lambda application (`" + r.text("package") + "`, built by `package`) started as a");
        line("fresh JVM the way Lambda's Java runtime starts a function: the AWS Lambda Java Runtime Interface");
        line("Client (`" + r.text("runtime-client") + "`) runs the template's handler (`" + r.text("handler") + "`),");
        line("and `AWS_LAMBDA_RUNTIME_API` points it at a Lambda Runtime API stub the benchmark hosts, which");
        line("hands out an API Gateway HTTP API v2 event for");
        line("`GET /v1/tasks/{taskId}` and records the answer; `QUARKUS_FUNQY_EXPORT=status`, `TABLE_NAME` and");
        line("`QUARKUS_DYNAMODB_ENDPOINT_OVERRIDE` point it at DynamoDB Local holding the task; credentials and");
        line("region come from `AWS_*` variables as in Lambda. JVM: `JAVA_TOOL_OPTIONS=" + r.text("java-tool-options") + "`");
        line("(from template-jvm.yaml) and `" + r.text("jvm-options") + "`, so heap and GC ergonomics see the");
        line("function's " + memorySize + " MB as a Lambda sandbox of that size does.");
        line("");
        line("| figure | value |");
        line("|---|---|");
        line("| cold start, process start until the first response reaches the Runtime API (ms, each run) | "
                + r.text("cold-ms").replace(",", ", ") + " |");
        line("| cold start, median | " + fmt0(r.number("cold-ms.median")) + " ms |");
        line("| warm invocation, event handed out until response received, p50 / p99 ("
                + r.integer("warm.invocations") + " invocations) | " + ms(r.number("warm.p50")) + " / "
                + ms(r.number("warm.p99")) + " |");
        line("| resident memory (VmRSS) after the warm invocations | " + fmt0(rssMb) + " MiB |");
        line("| peak resident memory (VmHWM) | " + fmt0(hwmMb) + " MiB |");
        line("");
        line("Lambda memory sizes in the templates (MB):");
        line("");
        line("| function | template-jvm.yaml (Java 21, SnapStart) | template.yaml (native) |");
        line("|---|---|---|");
        Path project = Path.of(System.getProperty("bench.project-dir", "."));
        Map<String, Integer> jvm = SamTemplate.read(project.resolve("template-jvm.yaml")).memorySizes();
        Map<String, Integer> nativeSizes = SamTemplate.read(project.resolve("template.yaml")).memorySizes();
        jvm.forEach((function, size) -> line("| " + function + " | " + size + " | "
                + nativeSizes.getOrDefault(function, 0) + " |"));
        line("");
        line("No target is set for these. Read them with care: the JVM is this machine's (see above) while");
        line("template-jvm.yaml deploys on Java 21; this machine gives the process two full CPUs,");
        line("while Lambda gives a " + memorySize + " MB function a fraction of one vCPU (CPU scales with memory), so a");
        line("cold start there takes longer; the deployed JVM functions use SnapStart, which restores an");
        line("initialized snapshot instead of starting Quarkus; and the managed runtime's own client is");
        line("Amazon's build of the same Runtime Interface Client.");
        line("");
    }

    // ---- formatting ----

    private void line(String text) {
        sections.add(text);
    }

    private static String[] row(String... cells) {
        return cells;
    }

    private static String verdict(boolean pass) {
        return pass ? "PASS" : "MISS";
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static String fmt0(double value) {
        return String.format(Locale.ROOT, "%.0f", value);
    }

    private static String ms(double value) {
        return String.format(Locale.ROOT, "%.1f ms", value);
    }
}
