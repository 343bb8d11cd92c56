package com.qrrouter.e2e;

import java.util.List;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * When a test fails, logs the HTTP exchanges it made (request and answer), masked by {@link ExchangeJournal}: tokens,
 * client secrets and QR codes never appear in the build output.
 */
final class LogExchangesOnFailure implements BeforeEachCallback, TestWatcher {

    private static final System.Logger LOG = System.getLogger(LogExchangesOnFailure.class.getName());

    @Override
    public void beforeEach(ExtensionContext context) {
        ExchangeJournal.clear();
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        LOG.log(System.Logger.Level.WARNING, report(context.getDisplayName(), ExchangeJournal.exchanges()));
    }

    /** The failure report of test {@code name} with its (already masked) exchanges. */
    static String report(String name, List<String> exchanges) {
        StringBuilder text = new StringBuilder("HTTP exchanges of the failed test [test=")
                .append(name)
                .append("] [exchanges=")
                .append(exchanges.size())
                .append(']');
        exchanges.forEach(exchange -> text.append('\n').append(exchange));
        return text.toString();
    }
}
