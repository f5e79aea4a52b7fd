package dev.bananagateway.local;

import dev.bananagateway.config.GatewayConfig;
import dev.bananagateway.lifecycle.SweepDispatcher;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * {@code ./mvnw quarkus:dev} only: runs the sweeper's dispatch on a timer, as EventBridge does in AWS;
 * its workers are threads of this process ({@link InProcessShardWorkers}), each under its shard's lease.
 */
@ApplicationScoped
@IfBuildProfile("dev")
public class LocalSweeper {

    private static final Logger LOG = Logger.getLogger(LocalSweeper.class);

    private final SweepDispatcher dispatcher;
    private final Duration interval;
    private ScheduledExecutorService timer;

    public LocalSweeper(SweepDispatcher dispatcher, GatewayConfig config) {
        this.dispatcher = dispatcher;
        this.interval = config.local().sweepInterval();
    }

    void start(@Observes @Priority(30) StartupEvent event) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "local-sweeper");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::sweepOnce, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void sweepOnce() {
        try {
            // workers run on; the next tick leaves a shard whose worker still runs to it
            SweepDispatcher.DispatchReport report = dispatcher.dispatch().report();
            if (!report.started().isEmpty()) {
                LOG.debugf("local sweep dispatch: %s", report);
            }
        } catch (RuntimeException e) {
            LOG.warn("local sweep failed", e);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
