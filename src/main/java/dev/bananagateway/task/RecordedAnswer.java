package dev.bananagateway.task;

/**
 * The first answer given to a submit with an Idempotency-Key, kept with the key so that a replay
 * gets the same status and body (a 503 refusal replays as that 503, not as the task's later view).
 */
public record RecordedAnswer(int status, String body) {
}
