package com.qrrouter.infra.capacity;

import java.util.Objects;

/**
 * One AWS service quota (or documented service limit) the capacity model checks a need against.
 *
 * @param name what the quota limits, as the AWS page names it
 * @param value the default value
 * @param unit the unit of {@code value}, e.g. {@code requests/s}
 * @param adjustable whether AWS raises it on request (Service Quotas or a support case)
 * @param source the page that states it
 * @param asOf when the source was found to state this value, and how it was confirmed
 */
public record Quota(String name, double value, String unit, boolean adjustable, String source, String asOf) {

    public Quota {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(asOf, "asOf");
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("Quota '" + name + "' needs a positive finite value, got " + value);
        }
    }

    /** The same quota with its value multiplied by {@code share} (the part of an account-wide quota a stage may use). */
    public Quota scaled(double share, String why) {
        if (share == 1.0) {
            return this;
        }
        return new Quota(name + " × " + share + " (" + why + ")", value * share, unit, adjustable, source, asOf);
    }
}
