package com.qrrouter.router;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.qrrouter.router.internal.AwsClients;
import com.qrrouter.router.internal.AwsRouting;
import com.qrrouter.router.internal.BatchMetrics;
import com.qrrouter.router.internal.DynamoDbIdempotencyStore;
import com.qrrouter.router.internal.DynamoDbRouteTable;
import com.qrrouter.schema.QrMessageSchema;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.idempotency.Idempotency;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;

/**
 * The Lambda entry point ({@code com.qrrouter.router.RouterHandler::handleRequest}) for the SQS event source with
 * ReportBatchItemFailures. Thin: it reads the settings and creates the SDK clients once per execution environment,
 * then hands every batch to {@link Router}. Ready for SnapStart: priming before the snapshot reads the routes table
 * and runs the schema, but publishes nothing.
 */
public final class RouterHandler implements RequestHandler<SQSEvent, SQSBatchResponse>, Resource {

    private static final Logger LOG = LoggerFactory.getLogger(RouterHandler.class);

    /** Time kept back from the function timeout to answer SQS before Lambda stops the function. */
    static final Duration RESPONSE_MARGIN = Duration.ofMillis(1_500);

    /** A client id that never has a route; priming reads it. */
    static final String PRIMING_CLIENT_ID = "__router-priming__";

    private static final String PRIMING_BODY = "{\"ClientID\":\"PrimingClient\",\"QRCode\":\"priming\","
            + "\"Time\":\"20240101T000000\",\"STATE\":\"ACTIVE\",\"LOCATION\":\"PRIMING\",\"TEST\":\"priming\"}";

    private final RouterSettings settings;
    private final AwsClients clients;
    private final Router router;
    private final Metrics metrics;

    /** Called by the Lambda runtime: reads the environment; fails at once with every configuration problem. */
    public RouterHandler() {
        this(RouterSettings.fromEnvironment());
    }

    RouterHandler(RouterSettings settings) {
        this(settings, AwsClients.create(settings));
    }

    RouterHandler(RouterSettings settings, AwsClients clients) {
        this.settings = settings;
        this.clients = clients;
        DynamoDbIdempotencyStore store = AwsRouting.idempotencyStore(settings, clients);
        // Global, so explicit: Powertools' registerLambdaContext (each invocation) needs it configured.
        AwsRouting.configurePowertoolsIdempotency(store, settings.idempotencyWindow());
        this.router = Router.onAws(settings, clients, store);
        this.metrics = MetricsFactory.getMetricsInstance();
        this.metrics.setNamespace(settings.metricsNamespace());
        Core.getGlobalContext().register(this);
        LOG.info(
                "Router ready {} {} {} {} {}",
                entry("topicPrefix", settings.topicPrefix()),
                entry("recordConcurrency", settings.recordConcurrency()),
                entry("routeCacheTtlSeconds", settings.routeCacheTtl().toSeconds()),
                entry("idempotencyWindowSeconds", settings.idempotencyWindow().toSeconds()),
                entry("maxScanAgeSeconds", settings.maxScanAge().toSeconds()));
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        // Before logging: Powertools marks the cold start as consumed once logging is initialized.
        captureColdStart(context);
        PowertoolsLogging.initializeLogging(context);
        try {
            Idempotency.registerLambdaContext(context);
            Duration budget =
                    Duration.ofMillis(context.getRemainingTimeInMillis()).minus(RESPONSE_MARGIN);
            BatchReport report = router.route(event, budget.isNegative() ? Duration.ZERO : budget);
            BatchCounts counts = report.metrics();
            writeMetrics(counts);
            LOG.info(
                    "Batch done {} {} {} {} {}",
                    entry(
                            "records",
                            event == null || event.getRecords() == null
                                    ? 0
                                    : event.getRecords().size()),
                    entry("published", counts.published()),
                    entry("duplicates", counts.duplicates()),
                    entry("parked", counts.parkedTotal()),
                    entry("retried", counts.retriedTotal()));
            return report.response();
        } finally {
            PowertoolsLogging.clearState(true);
        }
    }

    private void captureColdStart(Context context) {
        try {
            metrics.captureColdStartMetric(context);
        } catch (RuntimeException e) {
            LOG.warn("Could not write the cold start metric", e);
        }
    }

    /** Metrics must never fail a batch whose records are already routed: a failure to write them is logged. */
    private void writeMetrics(BatchCounts counts) {
        try {
            BatchMetrics.write(counts, metrics);
        } catch (RuntimeException e) {
            LOG.warn("Could not write the batch metrics", e);
        }
    }

    /** Warms the code paths of a batch without publishing: schema, JSON, a routes-table read. */
    void prime() {
        QrMessageSchema.v1().validate(PRIMING_BODY.getBytes(StandardCharsets.UTF_8));
        try {
            new DynamoDbRouteTable(clients.dynamoDb(), settings.routesTableName()).routeFor(PRIMING_CLIENT_ID);
        } catch (RuntimeException e) {
            LOG.warn("Priming could not read the routes table; the first batch will", e);
        }
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing to refresh: SDK clients re-resolve credentials and connections by themselves.
    }
}
