package com.qrrouter.router.internal;

import java.util.Objects;

/**
 * What one step of a record's path came to: the value the next step takes, or the outcome that ends the path.
 *
 * @param <T> what the step hands on
 */
public final class StepResult<T> {

    private final T value;
    private final Outcome outcome;

    private StepResult(T value, Outcome outcome) {
        this.value = value;
        this.outcome = outcome;
    }

    /** The path goes on with {@code value}. */
    public static <T> StepResult<T> next(T value) {
        return new StepResult<>(Objects.requireNonNull(value, "value"), null);
    }

    /** The path ends with {@code outcome}. */
    public static <T> StepResult<T> end(Outcome outcome) {
        return new StepResult<>(null, Objects.requireNonNull(outcome, "outcome"));
    }

    public boolean ended() {
        return outcome != null;
    }

    /** The value for the next step; only when the path goes on. */
    public T value() {
        if (ended()) {
            throw new IllegalStateException("The path ended with " + outcome);
        }
        return value;
    }

    /** The outcome that ends the path; only when it ended. */
    public Outcome outcome() {
        if (!ended()) {
            throw new IllegalStateException("The path goes on");
        }
        return outcome;
    }
}
