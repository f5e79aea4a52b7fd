package dev.bananagateway.local;

import dev.bananagateway.config.GatewayConfig;
import dev.bananagateway.lifecycle.SweeperService;
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

/** {@code ./mvnw quarkus:dev} only: runs the sweeper on a timer, as EventBridge does in AWS. */
@ApplicationScoped
@IfBuildProfile("dev")
public class LocalSweeper {

    private static final Logger LOG = Logger.getLogger(LocalSweeper.class);

    private final SweeperService sweeper;
    private final Duration interval;
    private ScheduledExecutorService timer;

    public LocalSweeper(SweeperService sweeper, GatewayConfig config) {
        this.sweeper = sweeper;
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
            SweeperService.SweepReport report = sweeper.sweep(Duration.ZERO);
            if (report.examined() > 0) {
                LOG.debugf("local sweep: %s", report);
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
