package com.qrrouter.e2e.pact;

import au.com.dius.pact.consumer.dsl.PactDslRequestWithPath;
import au.com.dius.pact.consumer.dsl.PactDslRequestWithoutPath;

/**
 * The request of a consumer pact's interaction, built in one place for the scan and the token pacts: a {@code POST} to
 * {@code path} with an {@code Authorization} header (or none) and a body of the {@code Content-Type} given.
 *
 * <pre>{@code
 * PactPost.to("/oauth2/token", authorization, FORM_TYPE)
 *         .of(builder.given(...).uponReceiving("..."), body)
 *         .willRespondWith()...
 * }</pre>
 */
record PactPost(String path, Header authorization, Header contentType) {

    /** A POST to {@code path}; {@code authorization} null sends none. */
    static PactPost to(String path, Header authorization, Header contentType) {
        return new PactPost(path, authorization, contentType);
    }

    /** This request as the interaction {@code interaction} (after {@code uponReceiving}), sending {@code body}. */
    PactDslRequestWithPath of(PactDslRequestWithoutPath interaction, String body) {
        PactDslRequestWithPath request = interaction.method("POST").path(path);
        if (authorization != null) {
            request = authorization.on(request);
        }
        return contentType.on(request).body(body, contentType.example());
    }

    /**
     * A request header: matched by {@code regex} (the consumer test sends {@code example}), or, with no regex, sent
     * and expected exactly as {@code example}.
     */
    record Header(String name, String regex, String example) {

        static Header matching(String name, String regex, String example) {
            return new Header(name, regex, example);
        }

        static Header exactly(String name, String value) {
            return new Header(name, null, value);
        }

        PactDslRequestWithPath on(PactDslRequestWithPath request) {
            return regex == null ? request.headers(name, example) : request.matchHeader(name, regex, example);
        }
    }
}
