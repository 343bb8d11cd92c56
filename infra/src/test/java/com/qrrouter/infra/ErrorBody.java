package com.qrrouter.infra;

/**
 * The JSON body of every error the API answers (its {@code ErrorResponse} model): exactly these two fields, so reading
 * a rendered body with an unknown field fails.
 */
record ErrorBody(String message, String requestId) {}
