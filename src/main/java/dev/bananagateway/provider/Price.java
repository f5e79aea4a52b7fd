package dev.bananagateway.provider;

import dev.bananagateway.model.Cost;

/**
 * What a provider charges for a request: USD, the provider's own credit figure where it counts in
 * credits, and what the figure rests on. Routing orders by it; a task's cost starts as its
 * {@link #estimate()}.
 *
 * @param usd the price in USD
 * @param credits the provider's credits for the request, or null (USD-priced provider, or no credit figure known)
 * @param basis what the USD figure rests on
 */
public record Price(double usd, Double credits, Basis basis) {

    /** What a price rests on, from the firmest to the weakest. */
    public enum Basis {
        /** Every number in it is from the provider's document (docs/providers.md, the seed's price list). */
        DOCUMENTED,
        /** A number in it is in no document and was set in configuration. */
        CONFIGURED,
        /** A number in it is in no document and was not configured: the adapter's stated assumption. */
        ASSUMED;

        /** The weaker of the two: a price is as firm as its least firm number. */
        public Basis and(Basis other) {
            return compareTo(other) >= 0 ? this : other;
        }
    }

    /** A price from the provider's document, in USD, with the document's credits (or null). */
    public static Price documented(double usd, Double credits) {
        return new Price(usd, credits, Basis.DOCUMENTED);
    }

    /** The task's cost until the provider reports one: {@code price_table} only when every number is documented. */
    public Cost estimate() {
        return basis == Basis.DOCUMENTED ? Cost.priceTable(usd, credits) : Cost.configured(usd, credits);
    }
}
