package dev.bananagateway.task;

/**
 * What a conditional write did. A losing writer learns why and sees the task as it now is
 * ({@code task} is null only for {@link Outcome#NOT_FOUND}).
 */
public record TransitionResult(Outcome outcome, Task task) {

    public enum Outcome {
        /** The write was applied; {@code task} is the new state. */
        APPLIED,
        /** The task was already terminal; nothing changed. */
        ALREADY_TERMINAL,
        /** Another writer changed the task first (version moved on). */
        STALE_VERSION,
        /** The change would move the state or progress backwards. */
        REGRESSION,
        NOT_FOUND
    }

    public boolean applied() {
        return outcome == Outcome.APPLIED;
    }
}
