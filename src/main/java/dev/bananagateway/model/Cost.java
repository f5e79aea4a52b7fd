package dev.bananagateway.model;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What a task cost or is expected to cost.
 *
 * @param unit "usd" or "credits" (provider credits)
 * @param source "response" when the provider reported it, "price_table" when estimated
 */
@RegisterForReflection
public record Cost(double amount, String unit, String source) {

    public static Cost usdEstimate(double amount) {
        return new Cost(amount, "usd", "price_table");
    }

    public static Cost creditsReported(double amount) {
        return new Cost(amount, "credits", "response");
    }
}
