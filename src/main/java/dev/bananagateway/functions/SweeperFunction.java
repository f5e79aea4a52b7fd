package dev.bananagateway.functions;

import dev.bananagateway.config.GatewayConfig;
import dev.bananagateway.lifecycle.SweeperService;
import dev.bananagateway.observability.LogContext;
import io.quarkus.funqy.Funq;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Duration;
import org.jboss.logging.Logger;

/** The scheduled sweeper (EventBridge, every minute): sweeps until shortly before its timeout. */
public class SweeperFunction {

    private static final Logger LOG = Logger.getLogger(SweeperFunction.class);

    /** The schedule's input, {@code {"source":"schedule"}} (a small record: ScheduledEvent drags Joda-Time in). */
    @RegisterForReflection
    public record SweepTrigger(String source) {
    }

    private final SweeperService sweeper;
    private final Duration runBudget;

    public SweeperFunction(SweeperService sweeper, GatewayConfig config) {
        this.sweeper = sweeper;
        this.runBudget = config.sweeper().runBudget();
    }

    /**
     * A run that fails (the table unreachable, say) is logged in one line and rethrown: Lambda
     * records an error, which the sweeper errors alarm counts, and the next scheduled run retries.
     */
    @Funq("sweeper")
    public SweeperService.SweepReport sweep(SweepTrigger trigger) {
        SweeperService.SweepReport report;
        try (LogContext.Scope ignored = LogContext.invocation("sweeper")) {
            try {
                report = sweeper.sweep(runBudget);
            } catch (RuntimeException e) {
                LOG.errorf("SWEEP failed: %s", e.toString());
                throw e;
            }
            logReport(report);
        }
        return report;
    }

    private static void logReport(SweeperService.SweepReport report) {
        LOG.infof("SWEEP examined=%d polled=%d advanced=%d timedOut=%d webhooks=%d lost=%d deferred=%d errors=%d ms=%d",
                report.examined(), report.polled(), report.advanced(), report.timedOut(), report.webhooksSent(),
                report.lost(), report.deferred(), report.errors(), report.elapsedMillis());
    }
}
