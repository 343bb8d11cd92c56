package com.qrrouter.local;

import org.junit.jupiter.api.Test;

/** Every stand-in answers on 127.0.0.1 and refuses connections on the machine's other addresses. */
class LoopbackOnlyIT {

    @Test
    void start_whenStarted_listensOnLoopbackOnly() throws Exception {
        try (DynamoDbEmulator dynamoDb = DynamoDbEmulator.start();
                LocalSqs sqs = LocalSqs.start();
                EmbeddedMqttBroker broker = EmbeddedMqttBroker.start();
                IotDataPlaneEndpoint iot = IotDataPlaneEndpoint.start(broker);
                AwsJsonFaultProxy dynamoDbProxy = AwsJsonFaultProxy.forDynamoDb(dynamoDb.endpoint());
                AwsJsonFaultProxy sqsProxy = AwsJsonFaultProxy.forSqs(sqs.endpoint())) {
            int[] ports = {
                dynamoDb.endpoint().getPort(),
                sqs.endpoint().getPort(),
                broker.port(),
                iot.uri().getPort(),
                dynamoDbProxy.uri().getPort(),
                sqsProxy.uri().getPort()
            };
            LoopbackPorts.assertLoopbackOnly(ports);
        }
    }
}
