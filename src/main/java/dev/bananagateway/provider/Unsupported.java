package dev.bananagateway.provider;

/** Why a provider cannot serve a request: the request field at fault and a human sentence. */
public record Unsupported(String field, String reason) {
}
