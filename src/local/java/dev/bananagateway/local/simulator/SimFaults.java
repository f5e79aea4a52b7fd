package dev.bananagateway.local.simulator;

import dev.bananagateway.provider.ProviderId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** The active global faults; each call takes the faults that fire for it. */
public final class SimFaults {

    private final List<Active> active = new ArrayList<>();

    public synchronized void add(SimFault fault) {
        active.add(new Active(fault, fault.count()));
    }

    public synchronized void clear() {
        active.clear();
    }

    public synchronized List<SimFault> list() {
        return active.stream().filter(a -> a.remaining != 0).map(a -> a.fault).toList();
    }

    /** The faults that fire for this call (latency faults and at most one answer fault), used up by one. */
    public synchronized List<SimFault> take(ProviderId provider, String operation) {
        List<SimFault> fired = new ArrayList<>();
        boolean answered = false;
        for (Active a : active) {
            SimFault f = a.fault;
            if (a.remaining == 0 || !f.provider().equals(provider) || !f.operation().equals(operation)
                    || (!f.isLatency() && answered)
                    || ThreadLocalRandom.current().nextDouble() >= f.probability()) {
                continue;
            }
            answered |= !f.isLatency();
            if (a.remaining > 0) {
                a.remaining--;
            }
            fired.add(f);
        }
        return fired;
    }

    private static final class Active {
        private final SimFault fault;
        private int remaining;

        private Active(SimFault fault, int remaining) {
            this.fault = fault;
            this.remaining = remaining;
        }
    }
}
