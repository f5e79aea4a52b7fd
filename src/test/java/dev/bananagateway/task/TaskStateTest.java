package dev.bananagateway.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class TaskStateTest {

    @Test
    void terminalStatesMoveNowhere() {
        for (TaskState terminal : EnumSet.of(TaskState.SUCCEEDED, TaskState.FAILED, TaskState.CANCELED)) {
            for (TaskState next : TaskState.values()) {
                assertFalse(terminal.canMoveTo(next), terminal + " -> " + next);
            }
        }
    }

    @Test
    void openStatesMoveForwardOrEnd() {
        assertTrue(TaskState.QUEUED.canMoveTo(TaskState.SUBMITTED));
        assertTrue(TaskState.QUEUED.canMoveTo(TaskState.RUNNING));
        assertTrue(TaskState.SUBMITTED.canMoveTo(TaskState.RUNNING));
        assertTrue(TaskState.RUNNING.canMoveTo(TaskState.RUNNING), "progress updates stay RUNNING");
        assertTrue(TaskState.QUEUED.canMoveTo(TaskState.SUCCEEDED), "a callback may beat submit's own update");
        assertFalse(TaskState.RUNNING.canMoveTo(TaskState.SUBMITTED));
        assertFalse(TaskState.SUBMITTED.canMoveTo(TaskState.QUEUED));
    }

    @Test
    void predecessorsMatchTheRules() {
        assertEquals(EnumSet.of(TaskState.QUEUED), TaskState.predecessorsOf(TaskState.SUBMITTED)
                .stream().filter(s -> s != TaskState.SUBMITTED).collect(java.util.stream.Collectors
                        .toCollection(() -> EnumSet.noneOf(TaskState.class))));
        assertEquals(TaskState.nonTerminal(), TaskState.predecessorsOf(TaskState.FAILED));
        assertEquals(TaskState.nonTerminal(), TaskState.predecessorsOf(TaskState.RUNNING));
    }

    @Test
    void idsAreUrlSafeUniqueAndRecognised() {
        String a = TaskIds.newId();
        String b = TaskIds.newId();
        assertTrue(TaskIds.isWellFormed(a));
        assertTrue(a.matches("tsk_[A-Za-z0-9_-]{22}"));
        assertFalse(a.equals(b));
        assertFalse(TaskIds.isWellFormed("tsk_short"));
        assertFalse(TaskIds.isWellFormed("../etc/passwd"));
    }
}
