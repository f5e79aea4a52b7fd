package dev.bananagateway.provider;

/** Why a provider task failed, normalized. */
public record ProviderError(ErrorClass errorClass, String providerCode, String message) {
}
