package com.qrrouter.router.exception;

import java.util.List;

/** The router's environment settings are missing or invalid; the message lists every problem and how to fix it. */
public final class RouterConfigurationException extends RuntimeException {

    private final List<String> problems;

    public RouterConfigurationException(List<String> problems) {
        super("The router function is not configured correctly:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem on its own, in the order of {@link com.qrrouter.settings.RouterVariable}. */
    public List<String> problems() {
        return problems;
    }
}
