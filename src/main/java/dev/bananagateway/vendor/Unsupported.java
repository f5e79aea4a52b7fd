package dev.bananagateway.vendor;

/** Why a vendor cannot serve a request: the request field at fault and a human sentence. */
public record Unsupported(String field, String reason) {
}
