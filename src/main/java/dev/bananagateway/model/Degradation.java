package dev.bananagateway.model;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A request field the provider that serves the task does not get as asked, because the caller set
 * {@code allow_degrade} (docs/providers.md 8.5). Recorded on the task and shown in its view.
 *
 * @param field the public field name: {@code aspect_ratio}, {@code resolution}, {@code output_format},
 *        {@code quality} or {@code video.generate_audio}
 * @param requested the caller's value (normalized, as stored): a string, or a boolean for
 *        {@code video.generate_audio}
 * @param sent the value sent in its place, or null when the field was left out and the provider's
 *        own default applies
 */
@RegisterForReflection
public record Degradation(String field, Object requested, Object sent) {

    /** The field was left off the wire. */
    public static Degradation dropped(String field, Object requested) {
        return new Degradation(field, requested, null);
    }
}
