package com.qrrouter.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AwsClientsTest {

    private String saved;

    @BeforeEach
    void save() {
        saved = System.getProperty(AwsClients.MAX_CONNECTIONS_PROPERTY);
        System.clearProperty(AwsClients.MAX_CONNECTIONS_PROPERTY);
    }

    @AfterEach
    void restore() {
        if (saved == null) {
            System.clearProperty(AwsClients.MAX_CONNECTIONS_PROPERTY);
        } else {
            System.setProperty(AwsClients.MAX_CONNECTIONS_PROPERTY, saved);
        }
    }

    @Test
    void keepConnectionsAlive_whenUnset_keepsTwiceTheConcurrencyAlive() {
        AwsClients.keepConnectionsAlive(10);

        assertThat(System.getProperty(AwsClients.MAX_CONNECTIONS_PROPERTY)).isEqualTo("20");
    }

    @Test
    void keepConnectionsAlive_whenLowConcurrency_keepsTheJdkDefaultOfFive() {
        AwsClients.keepConnectionsAlive(1);

        assertThat(System.getProperty(AwsClients.MAX_CONNECTIONS_PROPERTY)).isEqualTo("5");
    }

    @Test
    void keepConnectionsAlive_whenSetExplicitly_leavesItAlone() {
        System.setProperty(AwsClients.MAX_CONNECTIONS_PROPERTY, "3");

        AwsClients.keepConnectionsAlive(10);

        assertThat(System.getProperty(AwsClients.MAX_CONNECTIONS_PROPERTY)).isEqualTo("3");
    }
}
