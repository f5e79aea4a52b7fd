package dev.bananagateway.provider;

import dev.bananagateway.model.Cost;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The USD price of one of a provider's credits, and what it rests on. No provider document gives one
 * (docs/providers.md 4.3, 5.3, 7.3), so it is {@code gateway.providers.<id>.usd-per-credit} or, unset,
 * the adapter's stated assumption.
 */
public record CreditRate(double usdPerCredit, Price.Basis basis) {

    public CreditRate {
        if (!(usdPerCredit >= 0) || Double.isInfinite(usdPerCredit)) {
            throw new IllegalArgumentException("a credit's USD price must be a finite number >= 0, not " + usdPerCredit);
        }
    }

    /** The price of {@code credits}, whose own figure rests on {@code creditsBasis}. */
    public Price price(double credits, Price.Basis creditsBasis) {
        return new Price(usd(credits), credits, basis.and(creditsBasis));
    }

    /** The cost of a task the provider reported charging {@code credits} for. */
    public Cost charged(double credits) {
        return Cost.providerReported(usd(credits), credits);
    }

    /** {@code credits} in USD, in decimal arithmetic (3 × 0.01 is 0.03, not 0.030000000000000002). */
    public double usd(double credits) {
        return BigDecimal.valueOf(credits).multiply(BigDecimal.valueOf(usdPerCredit))
                .setScale(6, RoundingMode.HALF_UP).doubleValue();
    }
}
