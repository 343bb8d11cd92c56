package com.qrrouter.local;

import java.util.Objects;
import java.util.Set;

/**
 * An OAuth2 app client of the local token endpoint, as a Cognito app client with the {@code client_credentials} grant:
 * its id, its secret and the scopes it may ask for.
 */
public record MachineClient(String clientId, String clientSecret, Set<String> allowedScopes) {

    public MachineClient {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientSecret, "clientSecret");
        allowedScopes = Set.copyOf(allowedScopes);
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "MachineClient[clientId=" + clientId + ", allowedScopes=" + allowedScopes + "]";
    }
}
