package dev.bananagateway.model;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Video-only request fields (docs/providers.md 8.1). Null members mean "provider default". */
@RegisterForReflection
public record VideoOptions(Integer durationSeconds, String resolution, Boolean generateAudio, String negativePrompt) {
}
