package com.qrrouter.e2e.pact;

/**
 * Names shared by the consumer tests that write the pacts and the provider ITs that verify them: participants and
 * provider states. A provider state names data the provider sets up before an interaction is replayed
 * ({@code @State} methods of the provider ITs); docs/integration-guide.md section 7 lists them for integrating teams.
 */
final class PactContract {

    /** Folder of the pact files, relative to the e2e-tests module (written by the consumer tests, read by the ITs). */
    static final String PACT_FOLDER = "pacts";

    static final String SCAN_POSTER = "scan-poster";
    static final String DOOR_CONTROLLER = "door-controller";

    /** The stage's token endpoint (Cognito's {@code /oauth2/token}). */
    static final String TOKEN_PROVIDER = "qr-router-token";
    /** The stage's API ({@code POST <API URL>/postmessagetosqs}). */
    static final String API_PROVIDER = "qr-router-api";
    /** The router's publishes to the client's topic, as a device receives them. */
    static final String MQTT_PROVIDER = "qr-router-mqtt";

    /** Token endpoint: the provider replaces the request's {@code Authorization: Basic …} by a real client's. */
    static final String REGISTERED_CLIENT = "a machine client allowed the scope qr-router/sendqrcode";

    /** API: the provider replaces the request's {@code Authorization: Bearer …} by a fresh token of the stage. */
    static final String VALID_TOKEN = "a valid access token";

    /** API and MQTT: the provider puts the route {@code clientId → <stage prefix>[e2e/]clientId} into the table. */
    static final String ROUTE_PRESENT = "a route for the client";

    /** API: the provider deletes any route of {@code clientId}. */
    static final String ROUTE_ABSENT = "no route for the client";

    /**
     * API: the front validates with {@code QrMessageSchema} and lists the violations as {@code errors[]} (the local
     * stack; API Gateway's model validator answers its own text instead, so a deployed stage skips these).
     */
    static final String LISTS_ERROR_CODES = "the API lists the contract's error codes";

    /** The provider-state parameter naming the client of a route state. */
    static final String CLIENT_ID_PARAMETER = "clientId";

    private PactContract() {}
}
