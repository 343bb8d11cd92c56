package com.qrrouter.e2e.pact;

import au.com.dius.pact.core.model.Interaction;
import au.com.dius.pact.provider.junit5.PactVerificationContext;
import au.com.dius.pact.provider.junitsupport.filter.InteractionFilter;
import java.util.Arrays;
import java.util.function.Predicate;

/** Small helpers of the provider ITs. */
final class PactRequests {

    private PactRequests() {}

    /** Whether the interaction being verified is given {@code state}. */
    static boolean hasState(PactVerificationContext context, String state) {
        return context.getInteraction().getProviderStates().stream().anyMatch(s -> state.equals(s.getName()));
    }

    /**
     * For {@code @PactFilter(value = {states…}, filter = WithoutProviderStates.class)}: keeps the interactions given
     * none of the states (a deployed stage cannot set some of them up).
     */
    static final class WithoutProviderStates<I extends Interaction> implements InteractionFilter<I> {
        @Override
        public Predicate<I> buildPredicate(String[] values) {
            return interaction -> interaction.getProviderStates().stream()
                    .noneMatch(state -> Arrays.asList(values).contains(state.getName()));
        }
    }
}
