package com.qrrouter.e2e.pact;

import au.com.dius.pact.core.model.Pact;
import au.com.dius.pact.provider.junitsupport.loader.PactBroker;
import au.com.dius.pact.provider.junitsupport.loader.PactBrokerLoader;
import au.com.dius.pact.provider.junitsupport.loader.PactSource;
import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;

/**
 * Pacts from a Pact Broker too, when {@code -Dpactbroker.url=…} is set (off by default, so the build needs no
 * broker). Every standard {@code pactbroker.*} property of {@link PactBroker} applies (authentication, consumer
 * version selectors, pending pacts…); {@code -Dpact.verifier.publishResults=true -Dpact.provider.version=…} publishes
 * the results. Plain {@code @PactBroker} would fail every build without a broker URL.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@PactSource(PactBrokerWhenConfigured.Loader.class)
@interface PactBrokerWhenConfigured {

    /** Loads from the broker if {@code pactbroker.url} is set, else nothing. */
    final class Loader extends PactBrokerLoader {

        Loader(PactBrokerWhenConfigured annotation) {
            super(Defaults.class.getAnnotation(PactBroker.class));
        }

        @Override
        public List<Pact> load(String providerName) throws IOException {
            String url = System.getProperty("pactbroker.url");
            return url == null || url.isBlank() ? List.of() : super.load(providerName);
        }

        @Override
        public String description() {
            String url = System.getProperty("pactbroker.url");
            return url == null || url.isBlank() ? "Pact Broker (off: pactbroker.url not set)" : super.description();
        }

        /** Carries {@link PactBroker}'s defaults, which read the {@code pactbroker.*} properties. */
        @PactBroker
        private static final class Defaults {}
    }
}
