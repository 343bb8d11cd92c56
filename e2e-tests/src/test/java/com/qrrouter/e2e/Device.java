package com.qrrouter.e2e;

import java.util.List;

/** A device's MQTT subscription, collecting what it receives until closed. */
interface Device extends AutoCloseable {

    /** Everything received so far, in arrival order. */
    List<ReceivedMessage> received();

    @Override
    void close();
}
