package com.qrrouter.infra.internal;

import com.qrrouter.infra.StageConfig;
import com.qrrouter.settings.PipelineSettings;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * The stateful resources of a stage: the customer-managed key, the queue and its dead-letter queue, the routes table
 * and the idempotency table.
 *
 * <p>Their CloudFormation logical ids are a contract (a changed id replaces the resource and loses its data): they are
 * set explicitly here, independent of the construct tree, and pinned by a test. In a stage with {@code retainData}
 * they survive a stack deletion and the tables carry deletion protection.
 */
public final class DataStore extends Construct {

    /** Logical id of the customer-managed KMS key of queues, tables and the alarm topic. */
    public static final String KEY_LOGICAL_ID = "DataKey";
    /** Logical id of the message queue. */
    public static final String QUEUE_LOGICAL_ID = "MessageQueue";
    /** Logical id of the dead-letter queue. */
    public static final String DEAD_LETTER_QUEUE_LOGICAL_ID = "DeadLetterQueue";
    /** Logical id of the routes table. */
    public static final String ROUTES_TABLE_LOGICAL_ID = "RoutesTable";
    /** Logical id of the idempotency table. */
    public static final String IDEMPOTENCY_TABLE_LOGICAL_ID = "IdempotencyTable";

    /** Partition key of the routes table, the message's ClientID. */
    public static final String ROUTES_PARTITION_KEY = "ClientID";
    /** Attribute of the routes table that holds the MQTT topic. */
    public static final String ROUTES_TOPIC_ATTRIBUTE = "Topic";
    /** Partition key of the idempotency table, as the router's DynamoDbIdempotencyStore (Powertools' default layout) expects. */
    public static final String IDEMPOTENCY_PARTITION_KEY = "id";
    /** TTL attribute of the idempotency table, as the router's DynamoDbIdempotencyStore (Powertools' default layout) writes it. */
    public static final String IDEMPOTENCY_TTL_ATTRIBUTE = "expiration";

    private final Key key;
    private final Queue queue;
    private final Queue deadLetterQueue;
    private final Table routesTable;
    private final Table idempotencyTable;

    public DataStore(Construct scope, String id, StageConfig stage) {
        super(scope, id);
        RemovalPolicy removalPolicy = stage.retainData() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

        key = Key.Builder.create(this, "Key")
                .description("QR Router " + stage.stageName() + ": queues, tables and alarm topic")
                .enableKeyRotation(true)
                .pendingWindow(Duration.days(stage.retainData() ? 30 : 7))
                .removalPolicy(removalPolicy)
                .build();
        pin(key, KEY_LOGICAL_ID);

        deadLetterQueue = Queue.Builder.create(this, "DeadLetterQueue")
                .encryption(QueueEncryption.KMS)
                .encryptionMasterKey(key)
                .dataKeyReuse(Duration.minutes(5))
                .enforceSsl(true)
                .retentionPeriod(seconds(PipelineSettings.DEAD_LETTER_QUEUE_RETENTION))
                .removalPolicy(removalPolicy)
                .build();
        pin(deadLetterQueue, DEAD_LETTER_QUEUE_LOGICAL_ID);

        queue = Queue.Builder.create(this, "Queue")
                .encryption(QueueEncryption.KMS)
                .encryptionMasterKey(key)
                .dataKeyReuse(Duration.minutes(5))
                .enforceSsl(true)
                .visibilityTimeout(seconds(PipelineSettings.QUEUE_VISIBILITY_TIMEOUT))
                .retentionPeriod(seconds(PipelineSettings.QUEUE_RETENTION))
                .deadLetterQueue(DeadLetterQueue.builder()
                        .queue(deadLetterQueue)
                        .maxReceiveCount(PipelineSettings.MAX_RECEIVE_COUNT)
                        .build())
                .removalPolicy(removalPolicy)
                .build();
        pin(queue, QUEUE_LOGICAL_ID);

        routesTable = Table.Builder.create(this, "RoutesTable")
                .partitionKey(Attribute.builder()
                        .name(ROUTES_PARTITION_KEY)
                        .type(AttributeType.STRING)
                        .build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .encryption(TableEncryption.CUSTOMER_MANAGED)
                .encryptionKey(key)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true)
                        .build())
                .deletionProtection(stage.retainData())
                .removalPolicy(removalPolicy)
                .build();
        pin(routesTable, ROUTES_TABLE_LOGICAL_ID);

        idempotencyTable = Table.Builder.create(this, "IdempotencyTable")
                .partitionKey(Attribute.builder()
                        .name(IDEMPOTENCY_PARTITION_KEY)
                        .type(AttributeType.STRING)
                        .build())
                .timeToLiveAttribute(IDEMPOTENCY_TTL_ATTRIBUTE)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .encryption(TableEncryption.CUSTOMER_MANAGED)
                .encryptionKey(key)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true)
                        .build())
                .deletionProtection(stage.retainData())
                .removalPolicy(removalPolicy)
                .build();
        pin(idempotencyTable, IDEMPOTENCY_TABLE_LOGICAL_ID);
    }

    private static void pin(Construct construct, String logicalId) {
        ((CfnResource) construct.getNode().getDefaultChild()).overrideLogicalId(logicalId);
    }

    private static Duration seconds(java.time.Duration duration) {
        return Duration.seconds(duration.toSeconds());
    }

    public Key key() {
        return key;
    }

    public Queue queue() {
        return queue;
    }

    public Queue deadLetterQueue() {
        return deadLetterQueue;
    }

    public Table routesTable() {
        return routesTable;
    }

    public Table idempotencyTable() {
        return idempotencyTable;
    }
}
