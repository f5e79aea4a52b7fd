package dev.bananagateway.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bananagateway.config.TestConfigs;
import dev.bananagateway.model.GenerationRequest;
import dev.bananagateway.provider.ProviderId;
import dev.bananagateway.provider.ProviderStatus;
import dev.bananagateway.provider.ProviderTaskState;
import dev.bananagateway.provider.TestRequests;
import dev.bananagateway.task.Task;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When the sweeper looks at a task, from the configuration and the provider's own limits; no Quarkus. */
class ScheduleTest {

    private final Schedule schedule = new Schedule(TestConfigs.gateway(Map.of(
            "gateway.tasks.image-deadline", "10M",
            "gateway.tasks.video-deadline", "40M",
            "gateway.tasks.queued-grace", "90S",
            "gateway.poll.first", "4S",
            "gateway.poll.max", "60S",
            "gateway.poll.callback-first", "30S",
            "gateway.poll.callback-max", "4M")));

    private final ScriptedProvider polling = ScriptedProvider.polling(ProviderId.of("nbpcloud"));
    private final ScriptedProvider callbacks = ScriptedProvider.withCallbacks(ProviderId.of("revid"));

    @Test
    void deadlinesDependOnWhetherTheRequestWantsAVideo() {
        assertEquals(Duration.ofMinutes(10), schedule.deadline(image()));
        assertEquals(Duration.ofMinutes(40),
                schedule.deadline(TestRequests.video("veo-3.1-fast", 8, "720p", true).build()));
        assertEquals(Duration.ofSeconds(90), schedule.queuedGrace());
    }

    @Test
    void theFirstCheckOfAPollingProviderIsSoonAndOfACallbackProviderASafetyNet() {
        assertEquals(Duration.ofSeconds(4), schedule.firstCheck(polling));
        assertEquals(Duration.ofSeconds(30), schedule.firstCheck(callbacks));
    }

    @Test
    void theFirstCheckIsNeverSoonerThanTheProviderAllows() {
        assertEquals(Duration.ofSeconds(10), schedule.firstCheck(polling.minPollInterval(Duration.ofSeconds(10))));
        assertEquals(Duration.ofSeconds(45), schedule.firstCheck(callbacks.minPollInterval(Duration.ofSeconds(45))));
    }

    @Test
    void pollsBackOffByHalfAgainEachTimeUpToTheCap() {
        assertEquals(Duration.ofMillis(4000), schedule.nextPoll(polling, polledTimes(0), null));
        assertEquals(Duration.ofMillis(6000), schedule.nextPoll(polling, polledTimes(1), null));
        assertEquals(Duration.ofMillis(9000), schedule.nextPoll(polling, polledTimes(2), null));
        assertEquals(Duration.ofMillis(13500), schedule.nextPoll(polling, polledTimes(3), null));
        assertEquals(Duration.ofMillis(45562), schedule.nextPoll(polling, polledTimes(6), null));
        assertEquals(Duration.ofSeconds(60), schedule.nextPoll(polling, polledTimes(7), null));
        assertEquals(Duration.ofSeconds(60), schedule.nextPoll(polling, polledTimes(1000), null));
    }

    @Test
    void callbackProvidersAreCheckedSlowlyUpToTheirOwnCapWhateverTheirEstimate() {
        assertEquals(Duration.ofSeconds(30), schedule.nextPoll(callbacks, polledTimes(0), null));
        assertEquals(Duration.ofSeconds(45), schedule.nextPoll(callbacks, polledTimes(1), null));
        assertEquals(Duration.ofMillis(227812), schedule.nextPoll(callbacks, polledTimes(5), null));
        assertEquals(Duration.ofMinutes(4), schedule.nextPoll(callbacks, polledTimes(6), null));
        assertEquals(Duration.ofSeconds(30), schedule.nextPoll(callbacks, polledTimes(0), 5), "no estimate used");
    }

    @Test
    void theProvidersEstimateSetsTheNextPollWithinTheCap() {
        assertEquals(Duration.ofSeconds(12), schedule.nextPoll(polling, polledTimes(0), 12));
        assertEquals(Duration.ofSeconds(12), schedule.nextPoll(polling, polledTimes(5), 12), "no backoff with an estimate");
        assertEquals(Duration.ofSeconds(60), schedule.nextPoll(polling, polledTimes(0), 600));
        assertEquals(Duration.ofSeconds(6), schedule.nextPoll(polling, polledTimes(1), 0), "no estimate: backoff");
        assertEquals(Duration.ofSeconds(2), schedule.nextPoll(polling, polledTimes(0), 1), "never under the minimum");
    }

    @Test
    void pollsAreNeverMoreFrequentThanTheProviderAllows() {
        polling.minPollInterval(Duration.ofSeconds(20));
        assertEquals(Duration.ofSeconds(20), schedule.nextPoll(polling, polledTimes(0), null));
        assertEquals(Duration.ofSeconds(20), schedule.nextPoll(polling, polledTimes(3), null));
        assertEquals(Duration.ofMillis(20250), schedule.nextPoll(polling, polledTimes(4), null));
        assertEquals(Duration.ofSeconds(20), schedule.nextPoll(polling, polledTimes(0), 5));
    }

    @Test
    void aFailedPollBacksOffOneStepFurtherAndHonoursRetryAfter() {
        assertEquals(Duration.ofSeconds(6), schedule.afterPollError(polling, polledTimes(0), null));
        assertEquals(Duration.ofSeconds(9), schedule.afterPollError(polling, polledTimes(1), null));
        assertEquals(Duration.ofSeconds(60), schedule.afterPollError(polling, polledTimes(50), null));
        assertEquals(Duration.ofSeconds(6), schedule.afterPollError(polling, polledTimes(0), Duration.ofSeconds(1)),
                "a shorter Retry-After does not shorten the backoff");
        assertEquals(Duration.ofSeconds(25), schedule.afterPollError(polling, polledTimes(0), Duration.ofSeconds(25)));
        assertEquals(Duration.ofSeconds(120), schedule.afterPollError(polling, polledTimes(0), Duration.ofSeconds(120)),
                "the provider's Retry-After wins over the cap");
        assertEquals(Duration.ofSeconds(30), schedule.afterPollError(polling.minPollInterval(Duration.ofSeconds(30)),
                polledTimes(0), null));
    }

    // poll economy: the next poll follows what the provider's answer says of the time left

    private static final Instant ACCEPTED = Instant.parse("2030-01-01T08:00:00Z");

    @Test
    void theProvidersTimeLeftSetsTheNextPollWithinTheBounds() {
        assertEquals(Duration.ofSeconds(8), economy(polling, polledTimes(4), running(null, 8, null), 10),
                "pixazo's estimated_remaining_seconds, not the backoff");
        assertEquals(Duration.ofSeconds(60), economy(polling, polledTimes(0), running(null, 900, null), 10),
                "never later than gateway.poll.max");
        assertEquals(Duration.ofSeconds(2), economy(polling, polledTimes(0), running(null, 0, null), 10),
                "about to finish: the provider's minimum interval");
        assertEquals(Duration.ofSeconds(20), economy(polling.minPollInterval(Duration.ofSeconds(20)), polledTimes(0),
                running(null, 5, null), 10), "never sooner than the provider allows");
    }

    @Test
    void progressSetsTheNextPollAtThePaceSoFar() {
        assertEquals(Duration.ofSeconds(30), economy(polling, polledTimes(1), running(25, null, null), 10),
                "25 % after 10 s: 30 s left");
        assertEquals(Duration.ofMillis(2500), economy(polling, polledTimes(3), running(80, null, null), 10),
                "80 % after 10 s: 2.5 s left, whatever the backoff");
        assertEquals(Duration.ofSeconds(60), economy(polling, polledTimes(0), running(1, null, null), 10),
                "capped at gateway.poll.max");
        assertEquals(Duration.ofSeconds(6), economy(polling, polledTimes(1), running(0, null, null), 10),
                "no progress yet says nothing: the backoff");
        assertEquals(Duration.ofSeconds(5), economy(polling, polledTimes(1), running(50, 5, null), 10),
                "the provider's own estimate wins over the pace");
    }

    @Test
    void aTaskDeepInTheQueueIsNotPolledSoonerThanItsPlaceAllows() {
        assertEquals(Duration.ofSeconds(12), economy(polling, polledTimes(0), running(null, null, 3), 10),
                "three tasks ahead: three first-poll delays");
        assertEquals(Duration.ofSeconds(9), economy(polling, polledTimes(2), running(null, null, 1), 10),
                "never sooner than the backoff");
        assertEquals(Duration.ofSeconds(60), economy(polling, polledTimes(0), running(null, null, 40), 10));
    }

    @Test
    void callbackProvidersKeepTheirSafetyNetWhateverTheAnswerSays() {
        assertEquals(Duration.ofSeconds(30), economy(callbacks, polledTimes(0), running(90, 3, null), 10));
    }

    private Duration economy(ScriptedProvider provider, Task task, ProviderStatus status, int secondsSinceAccept) {
        return schedule.nextPoll(provider, task, status, ACCEPTED.plusSeconds(secondsSinceAccept));
    }

    private static ProviderStatus running(Integer progress, Integer eta, Integer queuePosition) {
        return ProviderStatus.running("p-1", ProviderTaskState.RUNNING, progress, eta).withQueuePosition(queuePosition);
    }

    private static GenerationRequest image() {
        return GenerationRequest.image("nano-banana-pro", "a banana in space", List.of());
    }

    /** A task the sweeper has polled {@code count} times. */
    private static Task polledTimes(int count) {
        Instant now = Instant.parse("2030-01-01T08:00:00Z");
        return Task.queued("task-1", "owner-1", image(), now, now, now.plus(Duration.ofMinutes(10)), 0).toBuilder()
                .pollCount(count).build();
    }
}
