package dev.bananagateway.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What a task cost or is expected to cost, always in USD, with the provider's own credit figure
 * beside it where the provider counts in credits.
 *
 * @param amount USD
 * @param unit always {@value #USD}: the unit of {@code amount}, whatever the provider bills in
 * @param credits the provider's credits for the task (estimated or reported, as {@code source} says),
 *        or null for a provider that bills in USD or whose credit figure is not known
 * @param source where {@code amount} comes from: {@value #PRICE_TABLE}, {@value #CONFIGURED},
 *        {@value #PROVIDER_REPORTED} or {@value #REFUNDED}
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Cost(double amount, String unit, Double credits, String source) {

    public static final String USD = "usd";
    /** An estimate from a price the provider's document gives. */
    public static final String PRICE_TABLE = "price_table";
    /** An estimate resting on a number no document gives, taken from configuration (or its default). */
    public static final String CONFIGURED = "configured";
    /** The provider's answer gave the charge (its credits, converted to USD at the provider's credit price). */
    public static final String PROVIDER_REPORTED = "provider_reported";
    /** The provider refunded the task: it cost nothing. */
    public static final String REFUNDED = "refunded";

    /** An estimate whose every number is from the provider's document. */
    public static Cost priceTable(double usd, Double credits) {
        return new Cost(usd, USD, credits, PRICE_TABLE);
    }

    /** An estimate resting on at least one configured number. */
    public static Cost configured(double usd, Double credits) {
        return new Cost(usd, USD, credits, CONFIGURED);
    }

    /** The charge the provider reported, {@code credits} of its own, worth {@code usd}. */
    public static Cost providerReported(double usd, double credits) {
        return new Cost(usd, USD, credits, PROVIDER_REPORTED);
    }

    /** A task the provider refunded: nothing in USD, and no credits. */
    public static Cost refunded() {
        return new Cost(0, USD, 0.0, REFUNDED);
    }
}
