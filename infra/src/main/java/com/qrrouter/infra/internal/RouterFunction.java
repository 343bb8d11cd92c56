package com.qrrouter.infra.internal;

import com.qrrouter.infra.StageConfig;
import com.qrrouter.settings.PipelineSettings;
import com.qrrouter.settings.RouterEnvironment;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * The router Lambda: Java 21 on arm64, the shaded router jar, fed by the SQS event source with partial batch responses,
 * and a role that may do exactly what the router does and nothing else.
 */
public final class RouterFunction extends Construct {

    /** Handler of the router jar. */
    public static final String HANDLER = PipelineSettings.ROUTER_HANDLER;

    /**
     * Memory: 1024 MB gives the JVM a little over half a vCPU, enough to start the SDK clients and validate and publish
     * a batch of 10 records concurrently in well under the timeout (docs/decisions/0302-router-memory-timeout.md).
     */
    public static final int MEMORY_MB = PipelineSettings.FUNCTION_MEMORY_MB;

    /** The alias the event source invokes; it always points at the version of the latest deployment. */
    public static final String ALIAS_NAME = "live";

    private final Function function;
    private final Alias alias;

    public RouterFunction(Construct scope, String id, RouterFunctionProps props) {
        super(scope, id);
        StageConfig stage = props.stage();
        DataStore data = props.data();
        IotDataEndpoint iotEndpoint = props.iotEndpoint();
        Path routerJar = props.routerJar();

        LogGroup logs = LogGroup.Builder.create(this, "Logs")
                .retention(stage.logRetention())
                .removalPolicy(stage.retainData() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY)
                .build();

        Role role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("QR Router " + stage.stageName() + " router function: least privilege")
                .build();
        logs.grantWrite(role);

        // Every variable of the router's catalogue, the optional ones at the pipeline's defaults (decision 0500).
        Map<String, String> environment = RouterEnvironment.builder()
                .routesTableName(data.routesTable().getTableName())
                .idempotencyTableName(data.idempotencyTable().getTableName())
                .deadLetterQueueUrl(data.deadLetterQueue().getQueueUrl())
                .sourceQueueUrl(data.queue().getQueueUrl())
                .topicPrefix(stage.topicPrefix())
                .maxScanAge(stage.maxScanAge())
                .iotDataEndpoint(iotEndpoint.httpsUrl())
                .logLevel(stage.functionLogLevel())
                .build();

        function = Function.Builder.create(this, "Function")
                .description("QR Router " + stage.stageName() + ": SQS batch -> route lookup -> IoT publish")
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.ARM_64)
                .handler(HANDLER)
                .code(Code.fromAsset(routerJar.toString()))
                .memorySize(MEMORY_MB)
                .timeout(Duration.seconds(PipelineSettings.FUNCTION_TIMEOUT.toSeconds()))
                .role(role)
                .logGroup(logs)
                .tracing(Tracing.ACTIVE)
                .environment(environment)
                // The router initializes (and primes) once per published version; cold starts restore the snapshot
                // (docs/decisions/0303-snapstart.md). SnapStart only applies to published versions: the event
                // source invokes the alias.
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .build();
        Annotations.of(function)
                .acknowledgeWarning(
                        "@aws-cdk/aws-lambda:snapStartRequirePublish",
                        "Published through currentVersion; the live alias and its event source use that version");
        alias = Alias.Builder.create(this, "LiveAlias")
                .aliasName(ALIAS_NAME)
                .version(function.getCurrentVersion())
                .description("The published, SnapStart-enabled version the SQS event source invokes")
                .build();

        alias.addEventSource(SqsEventSource.Builder.create(data.queue())
                .batchSize(PipelineSettings.BATCH_SIZE)
                // No window by default (decision 0209): latency first; a stage may trade latency for fewer invocations.
                .maxBatchingWindow(Duration.seconds(stage.batchingWindow().toSeconds()))
                .reportBatchItemFailures(true)
                .maxConcurrency(stage.maxConcurrency())
                .build());

        // Routes: a single-item read per ClientID, nothing else.
        data.routesTable().grant(role, "dynamodb:GetItem");
        // Idempotency: the actions of the router's DynamoDbIdempotencyStore (Powertools' store protocol).
        data.idempotencyTable()
                .grant(role, "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem");
        // Parks permanent failures itself, with reason attributes.
        data.deadLetterQueue().grantSendMessages(role);
        // The tables and queues share the stage's key: reads decrypt, writes encrypt.
        data.key().grantEncryptDecrypt(role);
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("iot:Publish"))
                .resources(List.of(Stack.of(this)
                        .formatArn(ArnComponents.builder()
                                .service("iot")
                                .resource("topic")
                                .resourceName(stage.topicPrefix() + "*")
                                .arnFormat(ArnFormat.SLASH_RESOURCE_NAME)
                                .build())))
                .build());
    }

    public Function function() {
        return function;
    }

    public Alias alias() {
        return alias;
    }
}
