package dev.bananagateway.functions;

import dev.bananagateway.config.GatewayConfig;
import dev.bananagateway.lifecycle.SweepDispatcher;
import dev.bananagateway.lifecycle.SweeperService;
import dev.bananagateway.observability.LogContext;
import io.quarkus.funqy.Funq;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.jboss.logging.Logger;

/**
 * The sweeper. Scheduled (EventBridge, every minute, {@code {"source":"schedule"}}) it dispatches: one
 * asynchronous invocation of itself with {@code {"shards": [k, ...]}} per worker the due work needs,
 * then ends. Invoked with shards it is a worker: it sweeps them under their leases while the tasks it
 * sees fall due within its budget, and ends at once when none does.
 */
public class SweeperFunction {

    private static final Logger LOG = Logger.getLogger(SweeperFunction.class);

    /**
     * The input: {@code {"source":"schedule"}} from the schedule, {@code {"shards": [k, ...]}} for a
     * worker (a small record: ScheduledEvent drags Joda-Time in).
     */
    @RegisterForReflection
    public record SweepTrigger(String source, List<Integer> shards) {
        public SweepTrigger(String source) {
            this(source, null);
        }
    }

    private final SweepDispatcher dispatcher;
    private final SweeperService sweeper;
    private final Duration runBudget;

    public SweeperFunction(SweepDispatcher dispatcher, SweeperService sweeper, GatewayConfig config) {
        this.dispatcher = dispatcher;
        this.sweeper = sweeper;
        this.runBudget = config.sweeper().runBudget();
    }

    /**
     * A run that fails (the table unreachable, a worker that could not be started, say) is logged in
     * one line and rethrown: Lambda records an error, which the sweeper errors alarm counts, and the next
     * scheduled run retries.
     */
    @Funq("sweeper")
    public SweeperService.SweepReport sweep(SweepTrigger trigger) {
        try (LogContext.Scope ignored = LogContext.invocation("sweeper")) {
            return trigger != null && trigger.shards() != null && !trigger.shards().isEmpty()
                    ? work(trigger.shards()) : dispatch();
        } catch (RuntimeException e) {
            LOG.errorf("SWEEP failed: %s", e.toString());
            throw e;
        }
    }

    private SweeperService.SweepReport work(List<Integer> shards) {
        SweeperService.SweepReport report = sweeper.sweepLeased(shards, runBudget);
        LOG.infof("SWEEP shards=%s examined=%d polled=%d advanced=%d timedOut=%d webhooks=%d lost=%d deferred=%d "
                + "budgetWaits=%d errors=%d ms=%d", shards, report.examined(), report.polled(), report.advanced(),
                report.timedOut(), report.webhooksSent(), report.lost(), report.deferred(), report.budgetWaits(),
                report.errors(), report.elapsedMillis());
        return report;
    }

    /**
     * Starts the workers. Workers in this process (a local run) are waited for, so the answer sums what
     * they did; a Lambda worker's figures are in its own log line.
     */
    private SweeperService.SweepReport dispatch() {
        SweepDispatcher.Dispatch dispatch = dispatcher.dispatch();
        SweepDispatcher.DispatchReport d = dispatch.report();
        LOG.infof("SWEEP dispatch shards=%d due=%d started=%s failed=%s ms=%d", d.shards(), d.due(), d.started(),
                d.failed(), d.elapsedMillis());
        SweeperService.SweepReport total = new SweeperService.SweepReport(0, 0, 0, 0, 0, 0, 0, 0, 0,
                d.elapsedMillis());
        for (CompletableFuture<SweeperService.SweepReport> worker : dispatch.workers()) {
            SweeperService.SweepReport report = join(worker);
            if (report != null) {
                total = total.plus(report);
            }
        }
        if (!d.failed().isEmpty()) {
            throw new IllegalStateException("sweeper workers could not be started for shards " + d.failed());
        }
        return total;
    }

    private static SweeperService.SweepReport join(CompletableFuture<SweeperService.SweepReport> worker) {
        try {
            return worker.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a sweeper worker", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a sweeper worker failed: " + e.getCause(), e.getCause());
        }
    }
}
