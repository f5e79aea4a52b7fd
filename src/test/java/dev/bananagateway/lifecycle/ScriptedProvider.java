package dev.bananagateway.lifecycle;

import dev.bananagateway.model.GenerationRequest;
import dev.bananagateway.provider.ModelOffer;
import dev.bananagateway.provider.Price;
import dev.bananagateway.provider.Provider;
import dev.bananagateway.provider.ProviderException;
import dev.bananagateway.provider.ProviderId;
import dev.bananagateway.provider.ProviderStatus;
import dev.bananagateway.provider.Submission;
import dev.bananagateway.provider.Unsupported;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A stand-in for a remote provider: each poll takes the next scripted answer (a status or an
 * error) and records which provider task was asked for. It never creates a task: the sweeper must
 * not submit, so a submit fails the test.
 */
final class ScriptedProvider implements Provider {

    private interface Answer {
        ProviderStatus next() throws ProviderException;
    }

    private final ProviderId id;
    private final boolean callbacks;
    private Duration minPollInterval = Duration.ofSeconds(2);
    private OptionalInt requestsPerMinute = OptionalInt.empty();
    private final Deque<Answer> script = new ArrayDeque<>();
    final List<String> polled = new ArrayList<>();

    private ScriptedProvider(ProviderId id, boolean callbacks) {
        this.id = id;
        this.callbacks = callbacks;
    }

    static ScriptedProvider polling(ProviderId id) {
        return new ScriptedProvider(id, false);
    }

    static ScriptedProvider withCallbacks(ProviderId id) {
        return new ScriptedProvider(id, true);
    }

    ScriptedProvider minPollInterval(Duration value) {
        minPollInterval = value;
        return this;
    }

    /** The key's request budget it states. */
    ScriptedProvider requestsPerMinute(int value) {
        requestsPerMinute = OptionalInt.of(value);
        return this;
    }

    @Override
    public OptionalInt requestsPerMinute() {
        return requestsPerMinute;
    }

    /** The next poll answers this. */
    ScriptedProvider answers(ProviderStatus status) {
        script.add(() -> status);
        return this;
    }

    /** The next poll fails with this. */
    ScriptedProvider fails(ProviderException error) {
        script.add(() -> {
            throw error;
        });
        return this;
    }

    @Override
    public ProviderId id() {
        return id;
    }

    @Override
    public List<ModelOffer> offers() {
        return List.of();
    }

    @Override
    public boolean supportsCallbacks() {
        return callbacks;
    }

    @Override
    public Optional<Unsupported> check(GenerationRequest request) {
        return Optional.empty();
    }

    @Override
    public Price price(GenerationRequest request) {
        return Price.documented(0, null);
    }

    @Override
    public Submission submit(GenerationRequest request, String callbackUrl) {
        throw new AssertionError("the sweeper submitted a task to " + id.key());
    }

    @Override
    public synchronized ProviderStatus poll(String providerTaskId, GenerationRequest request) throws ProviderException {
        polled.add(providerTaskId);
        Answer answer = script.poll();
        if (answer == null) {
            throw new AssertionError("an unscripted poll of " + providerTaskId + " at " + id.key());
        }
        return answer.next();
    }

    @Override
    public ProviderStatus parseCallback(String body, Map<String, String> headers) {
        throw new AssertionError("the sweeper parsed a callback");
    }

    @Override
    public Duration longestCall() {
        return Duration.ofSeconds(1);
    }

    @Override
    public Duration minPollInterval() {
        return minPollInterval;
    }
}
