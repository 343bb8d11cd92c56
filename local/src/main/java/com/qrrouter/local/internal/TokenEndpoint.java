package com.qrrouter.local.internal;

import com.qrrouter.local.MachineClient;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Cognito user pool domain's token endpoint, for the {@code client_credentials} grant of several app clients, one
 * per team (as each integrating team is its own Cognito app client): {@code POST /oauth2/token}
 * with the client authenticated by HTTP Basic (or {@code client_id}/{@code client_secret} form fields), and the pool's
 * JWKS at {@code GET /.well-known/jwks.json}. Errors are Cognito's: 400 with {@code {"error":"invalid_client" |
 * "invalid_grant" | "unsupported_grant_type" | "invalid_scope" | "invalid_request"}}.
 */
public final class TokenEndpoint implements AutoCloseable {

    public static final String TOKEN_PATH = "/oauth2/token";
    public static final String JWKS_PATH = "/.well-known/jwks.json";

    private static final Logger LOG = LoggerFactory.getLogger(TokenEndpoint.class);
    private static final int MAX_FORM_BYTES = 8 * 1024;

    private final TokenIssuer issuer;
    private final Map<String, MachineClient> clients;
    private final HttpServer server;

    private TokenEndpoint(TokenIssuer issuer, List<MachineClient> clients, int port) {
        this.issuer = issuer;
        Map<String, MachineClient> byId = new LinkedHashMap<>();
        clients.forEach(client -> byId.put(client.clientId(), client));
        this.clients = Map.copyOf(byId);
        this.server = HttpExchanges.loopbackServer(port, "token-endpoint", this::handle);
    }

    /** Starts the endpoint on {@code 127.0.0.1:port} ({@code 0}: a free port). */
    public static TokenEndpoint start(TokenIssuer issuer, List<MachineClient> clients, int port) {
        return new TokenEndpoint(issuer, clients, port);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:port/oauth2/token}. */
    public URI tokenUri() {
        return URI.create("http://127.0.0.1:" + port() + TOKEN_PATH);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (JWKS_PATH.equals(path) && "GET".equals(method)) {
                HttpExchanges.sendJson(exchange, 200, issuer.publicKeys().toJSONObject(true));
            } else if (TOKEN_PATH.equals(path) && "POST".equals(method)) {
                token(exchange);
            } else if (TOKEN_PATH.equals(path)) {
                HttpExchanges.sendJson(exchange, 405, Map.of("error", "invalid_request"));
            } else {
                HttpExchanges.sendJson(exchange, 404, Map.of("error", "not_found"));
            }
        }
    }

    private void token(HttpExchange exchange) throws IOException {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        Optional<byte[]> body = HttpExchanges.readBody(exchange, MAX_FORM_BYTES);
        if (contentType == null
                || !contentType
                        .strip()
                        .toLowerCase(java.util.Locale.ROOT)
                        .startsWith("application/x-www-form-urlencoded")
                || body.isEmpty()) {
            error(exchange, "invalid_request");
            return;
        }
        Map<String, String> form = form(new String(body.get(), StandardCharsets.UTF_8));
        Optional<MachineClient> client =
                authenticate(exchange.getRequestHeaders().getFirst("Authorization"), form);
        if (client.isEmpty()) {
            error(exchange, "invalid_client");
            return;
        }
        String grantType = form.get("grant_type");
        if (grantType == null) {
            error(exchange, "invalid_request");
            return;
        }
        if (!"client_credentials".equals(grantType)) {
            error(exchange, "unsupported_grant_type");
            return;
        }
        Set<String> allowed = client.get().allowedScopes();
        Set<String> granted;
        String requested = form.get("scope");
        if (requested == null || requested.isBlank()) {
            // Cognito grants every scope the app client is allowed when none is asked for.
            granted = allowed;
        } else {
            granted = new LinkedHashSet<>(Arrays.asList(requested.strip().split("\\s+")));
            if (!allowed.containsAll(granted)) {
                error(exchange, "invalid_scope");
                return;
            }
        }
        if (granted.isEmpty()) {
            error(exchange, "invalid_grant");
            return;
        }
        String token = issuer.issue(client.get().clientId(), granted);
        LOG.info(
                "Token issued [team={}, clientId={}, scope={}]",
                client.get().team(),
                client.get().clientId(),
                String.join(" ", granted));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("access_token", token);
        answer.put("expires_in", issuer.validitySeconds());
        answer.put("token_type", "Bearer");
        HttpExchanges.sendJson(exchange, 200, answer);
    }

    private Optional<MachineClient> authenticate(String authorization, Map<String, String> form) {
        String id;
        String secret;
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(
                        Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return Optional.empty();
            }
            // Taken as sent (as curl -u sends them); Cognito's generated ids and secrets need no form-encoding.
            id = decoded.substring(0, colon);
            secret = decoded.substring(colon + 1);
        } else {
            id = form.get("client_id");
            secret = form.get("client_secret");
        }
        if (id == null || secret == null) {
            return Optional.empty();
        }
        MachineClient client = clients.get(id);
        if (client == null
                || !MessageDigest.isEqual(
                        client.clientSecret().getBytes(StandardCharsets.UTF_8),
                        secret.getBytes(StandardCharsets.UTF_8))) {
            return Optional.empty();
        }
        return Optional.of(client);
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            form.putIfAbsent(name, value);
        }
        return form;
    }

    private static void error(HttpExchange exchange, String error) throws IOException {
        HttpExchanges.sendJson(exchange, 400, Map.of("error", error));
    }

    @Override
    public void close() {
        HttpExchanges.stop(server);
    }
}
