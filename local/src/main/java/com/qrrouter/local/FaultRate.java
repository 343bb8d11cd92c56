package com.qrrouter.local;

import java.util.Random;

/**
 * When an injected fault fires, counted over the requests a fault switch sees: never, always, the next {@code n},
 * every {@code n}-th, or at random with a probability and a seed. Immutable: each switch that is given a rate keeps
 * its own counter or random sequence, so a seeded rate fires on the same request numbers in every run.
 */
public final class FaultRate {

    private enum Kind {
        NEVER,
        ALWAYS,
        NEXT,
        EVERY_NTH,
        RANDOM
    }

    private static final FaultRate NEVER = new FaultRate(Kind.NEVER, 0, 0, 0);
    private static final FaultRate ALWAYS = new FaultRate(Kind.ALWAYS, 0, 0, 0);

    private final Kind kind;
    private final int count;
    private final double probability;
    private final long seed;

    private FaultRate(Kind kind, int count, double probability, long seed) {
        this.kind = kind;
        this.count = count;
        this.probability = probability;
        this.seed = seed;
    }

    /** The fault is off. */
    public static FaultRate never() {
        return NEVER;
    }

    /** Every request. */
    public static FaultRate always() {
        return ALWAYS;
    }

    /** The next {@code count} requests, then never again. */
    public static FaultRate next(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("The number of faults must be 0 or more, got " + count);
        }
        return count == 0 ? NEVER : new FaultRate(Kind.NEXT, count, 0, 0);
    }

    /** Requests number {@code n}, {@code 2n}, {@code 3n}… ({@code everyNth(5)} is exactly 20 %). */
    public static FaultRate everyNth(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("Every n-th request needs n >= 1, got " + n);
        }
        return n == 1 ? ALWAYS : new FaultRate(Kind.EVERY_NTH, n, 0, 0);
    }

    /**
     * Each request with {@code probability}, drawn from a {@link Random} seeded with {@code seed}: the same seed fires
     * on the same request numbers in every run.
     */
    public static FaultRate randomly(double probability, long seed) {
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("A probability lies in [0, 1], got " + probability);
        }
        return probability == 0 ? NEVER : new FaultRate(Kind.RANDOM, 0, probability, seed);
    }

    /** Whether this rate can ever fire. */
    public boolean isNever() {
        return kind == Kind.NEVER;
    }

    /** A fresh decision sequence for one switch. */
    Trigger trigger() {
        return switch (kind) {
            case NEVER -> () -> false;
            case ALWAYS -> () -> true;
            case NEXT ->
                new Trigger() {
                    private int left = count;

                    @Override
                    public synchronized boolean fires() {
                        if (left == 0) {
                            return false;
                        }
                        left--;
                        return true;
                    }
                };
            case EVERY_NTH ->
                new Trigger() {
                    private long seen;

                    @Override
                    public synchronized boolean fires() {
                        seen++;
                        return seen % count == 0;
                    }
                };
            case RANDOM ->
                new Trigger() {
                    private final Random random = new Random(seed);

                    @Override
                    public synchronized boolean fires() {
                        return random.nextDouble() < probability;
                    }
                };
        };
    }

    @Override
    public String toString() {
        return switch (kind) {
            case NEVER -> "never";
            case ALWAYS -> "always";
            case NEXT -> "next " + count;
            case EVERY_NTH -> "every " + count + "th";
            case RANDOM -> probability * 100 + " % (seed " + seed + ")";
        };
    }

    /** One switch's decisions, request after request; thread-safe. */
    interface Trigger {
        boolean fires();
    }
}
