package com.qrrouter.e2e;

import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;

/** Reads an app client's secret the way docs/deploy.md section 5 does: Cognito {@code DescribeUserPoolClient}. */
final class CognitoClientSecret {

    private CognitoClientSecret() {}

    /**
     * The secret of {@code clientId} in {@code userPoolId}.
     *
     * @throws IllegalStateException if the client has no secret
     */
    static String describe(CognitoIdentityProviderClient cognito, String userPoolId, String clientId) {
        String secret = cognito.describeUserPoolClient(
                        b -> b.userPoolId(userPoolId).clientId(clientId))
                .userPoolClient()
                .clientSecret();
        if (secret == null || secret.isBlank()) {
            throw new IllegalStateException("The app client " + clientId + " of " + userPoolId
                    + " has no secret: it is not a team client of the stack (TeamClientIds output)");
        }
        return secret;
    }
}
