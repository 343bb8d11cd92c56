package com.qrrouter.e2e.pact;

import au.com.dius.pact.provider.junitsupport.Provider;
import au.com.dius.pact.provider.junitsupport.loader.PactFolder;

/**
 * Devices' message pacts against the router's real publishing path on the local stack (every build). Local only: on a
 * deployed stage what the router hands to IoT Core cannot be recorded; the suite's MQTT tests check the delivery there.
 */
@Provider(PactContract.MQTT_PROVIDER)
@PactFolder(PactContract.PACT_FOLDER)
@PactBrokerWhenConfigured
class PactMqttDeliveryIT extends MqttDeliveryPactVerification {}
