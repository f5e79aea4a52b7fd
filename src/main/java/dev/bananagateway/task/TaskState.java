package dev.bananagateway.task;

import java.util.EnumSet;
import java.util.Set;

/**
 * QUEUED (written, provider not yet called) -> SUBMITTED (provider accepted) -> RUNNING (provider
 * reports work) -> SUCCEEDED | FAILED | CANCELED. Any non-terminal state may end; a terminal state
 * never changes; no state moves backwards.
 */
public enum TaskState {
    QUEUED, SUBMITTED, RUNNING, SUCCEEDED, FAILED, CANCELED;

    public boolean terminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELED;
    }

    public boolean canMoveTo(TaskState next) {
        if (terminal()) {
            return false;
        }
        if (next.terminal()) {
            return true;
        }
        return next.ordinal() >= ordinal() && !(this == next && this == QUEUED);
    }

    /** The states from which a task may move to {@code next} (a same-state update counts as a move). */
    public static Set<TaskState> predecessorsOf(TaskState next) {
        Set<TaskState> from = EnumSet.noneOf(TaskState.class);
        for (TaskState s : values()) {
            if (s == next ? !s.terminal() : s.canMoveTo(next)) {
                from.add(s);
            }
        }
        return from;
    }

    public static Set<TaskState> nonTerminal() {
        return EnumSet.of(QUEUED, SUBMITTED, RUNNING);
    }
}
