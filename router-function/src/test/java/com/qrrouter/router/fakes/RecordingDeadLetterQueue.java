package com.qrrouter.router.fakes;

import com.qrrouter.router.DeadLetterQueue;
import com.qrrouter.router.ParkedMessage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records parked messages; can be made to fail. */
public final class RecordingDeadLetterQueue implements DeadLetterQueue {

    private final List<ParkedMessage> parked = new CopyOnWriteArrayList<>();
    private volatile RuntimeException failure;

    public void failWith(RuntimeException e) {
        this.failure = e;
    }

    public List<ParkedMessage> parked() {
        return parked;
    }

    @Override
    public void park(ParkedMessage message) {
        if (failure != null) {
            throw failure;
        }
        parked.add(message);
    }
}
