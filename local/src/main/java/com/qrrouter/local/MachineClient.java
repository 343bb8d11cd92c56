package com.qrrouter.local;

import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An OAuth2 app client of the local token endpoint, as a Cognito app client with the {@code client_credentials} grant:
 * the team it belongs to, its id, its secret and the scopes it may ask for. The API front sets the message attribute
 * {@code CallerTeam} to {@code team} for every scan posted with a token of this client (decision 0440).
 */
public record MachineClient(String team, String clientId, String clientSecret, Set<String> allowedScopes) {

    /** A team name: what a route's {@code AllowedTeams} lists, 1 to 64 of {@code A-Z a-z 0-9 _ . -}. */
    static final Pattern TEAM_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    public MachineClient {
        Objects.requireNonNull(team, "team");
        if (!TEAM_NAME.matcher(team).matches()) {
            throw new IllegalArgumentException("A team name has 1 to 64 of the characters A-Z a-z 0-9 _ . - (as in a"
                    + " route's AllowedTeams), got '" + team + "'");
        }
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientSecret, "clientSecret");
        allowedScopes = Set.copyOf(allowedScopes);
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "MachineClient[team=" + team + ", clientId=" + clientId + ", allowedScopes=" + allowedScopes + "]";
    }
}
