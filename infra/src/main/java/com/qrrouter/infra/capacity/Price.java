package com.qrrouter.infra.capacity;

import java.util.List;
import java.util.Objects;

/**
 * A list price of one AWS billing item in USD, possibly tiered by monthly volume, with where it comes from and how far
 * it was confirmed.
 *
 * @param item what is billed, e.g. {@code REST API requests}
 * @param unit the unit the tiers are priced in, e.g. {@code request}
 * @param tiers volume tiers in ascending order; the last one has no upper bound
 * @param source the pricing page
 * @param asOf when and how the figure was confirmed
 * @param confirmation how far the search tool confirmed the figure
 */
public record Price(String item, String unit, List<Tier> tiers, String source, String asOf, Confirmation confirmation) {

    /** How far a price was confirmed through the search tool. */
    public enum Confirmation {
        /** The figure was found in the text of the AWS pricing page or AWS documentation. */
        CONFIRMED,
        /** The figure was found in a secondary source quoting AWS (a transcription, an article, a price table). */
        SECONDARY,
        /** The search tool did not confirm the figure; it is the list price as commonly known. Check before use. */
        UNCONFIRMED
    }

    /**
     * One volume tier.
     *
     * @param upToUnitsPerMonth upper bound of the tier in units per month ({@link Double#POSITIVE_INFINITY} for the last)
     * @param usdPerUnit price of one unit inside the tier
     */
    public record Tier(double upToUnitsPerMonth, double usdPerUnit) {
        public Tier {
            if (!(upToUnitsPerMonth > 0) || !(usdPerUnit >= 0) || Double.isInfinite(usdPerUnit)) {
                throw new IllegalArgumentException(
                        "A price tier needs a positive upper bound and a finite price that is not negative");
            }
        }
    }

    public Price {
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(asOf, "asOf");
        Objects.requireNonNull(confirmation, "confirmation");
        tiers = List.copyOf(tiers);
        if (tiers.isEmpty() || tiers.getLast().upToUnitsPerMonth() != Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("Price '" + item + "' needs tiers whose last one has no upper bound");
        }
        for (int i = 1; i < tiers.size(); i++) {
            if (tiers.get(i).upToUnitsPerMonth() <= tiers.get(i - 1).upToUnitsPerMonth()) {
                throw new IllegalArgumentException("Price '" + item + "' needs tiers in ascending order");
            }
        }
    }

    /** A price without volume tiers. */
    public static Price flat(
            String item, String unit, double usdPerUnit, String source, String asOf, Confirmation confirmation) {
        return new Price(
                item, unit, List.of(new Tier(Double.POSITIVE_INFINITY, usdPerUnit)), source, asOf, confirmation);
    }

    /** The price of the first tier, per unit. */
    public double firstTierUsdPerUnit() {
        return tiers.getFirst().usdPerUnit();
    }

    /** What {@code unitsPerMonth} cost in one month, walking the tiers from the first (no free tier). */
    public double monthlyUsd(double unitsPerMonth) {
        if (!(unitsPerMonth >= 0) || Double.isInfinite(unitsPerMonth)) {
            throw new IllegalArgumentException(
                    "Monthly units of '" + item + "' must be finite and not negative, got " + unitsPerMonth);
        }
        double usd = 0;
        double lowerBound = 0;
        for (Tier tier : tiers) {
            if (unitsPerMonth <= lowerBound) {
                break;
            }
            double inTier = Math.min(unitsPerMonth, tier.upToUnitsPerMonth()) - lowerBound;
            usd += inTier * tier.usdPerUnit();
            lowerBound = tier.upToUnitsPerMonth();
        }
        return usd;
    }
}
