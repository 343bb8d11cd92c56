package com.qrrouter.infra.capacity;

import java.util.Objects;

/**
 * What one part of the pipeline needs at the peak, against the quota that bounds it.
 *
 * @param part the service or resource, e.g. {@code IoT Core}
 * @param measure what is counted, e.g. {@code inbound publishes/s}
 * @param need the need at the peak
 * @param quota the quota the need is checked against
 * @param growsWithRate whether the need grows with the rate of scans (a message size does not): only such a check can
 *     be the one that "binds first" as the target rises
 */
public record PartCheck(String part, String measure, double need, Quota quota, boolean growsWithRate) {

    /** How a need stands against its quota, given the headroom the inputs ask for. */
    public enum Status {
        /** quota ≥ headroom × need */
        OK,
        /** need ≤ quota < headroom × need */
        TIGHT,
        /** quota < need: the part throttles or drops at the peak */
        EXCEEDED
    }

    public PartCheck {
        Objects.requireNonNull(part, "part");
        Objects.requireNonNull(measure, "measure");
        Objects.requireNonNull(quota, "quota");
        if (!(need >= 0) || Double.isInfinite(need)) {
            throw new IllegalArgumentException("The need of " + part + " " + measure + " must be finite, got " + need);
        }
    }

    /** A check of a need that grows with the rate of scans. */
    public PartCheck(String part, String measure, double need, Quota quota) {
        this(part, measure, need, quota, true);
    }

    /** quota ÷ need; infinite when nothing is needed. */
    public double headroom() {
        return need == 0 ? Double.POSITIVE_INFINITY : quota.value() / need;
    }

    /** The status for the headroom the inputs ask for. */
    public Status status(double requiredHeadroom) {
        double headroom = headroom();
        if (headroom < 1) {
            return Status.EXCEEDED;
        }
        return headroom < requiredHeadroom ? Status.TIGHT : Status.OK;
    }
}
