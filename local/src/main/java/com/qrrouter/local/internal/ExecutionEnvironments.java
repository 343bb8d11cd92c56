package com.qrrouter.local.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The execution environments of one function, as Lambda keeps them: each invocation runs in an environment that serves
 * one invocation at a time; an idle one is reused (warm), a new one is started (cold start) when every existing one is
 * busy and fewer than {@code maxConcurrency} exist, and an invocation waits when {@code maxConcurrency} are busy. An
 * environment idle for longer than {@code idleTimeout} is shut down (scale down), all but one: the last stays warm.
 *
 * <p>Each environment is a {@link BatchInvoker} from the factory: a {@link RouterProcess} (its own JVM) in the local
 * stack, a fake in tests.
 */
public final class ExecutionEnvironments<T extends BatchInvoker> implements BatchInvoker {

    /** One environment and when it last finished an invocation. */
    private static final class Environment<T> {
        final T function;
        long idleSinceNanos;

        Environment(T function) {
            this.function = function;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(ExecutionEnvironments.class);

    private final Supplier<T> factory;
    private final int maxConcurrency;
    private final long idleTimeoutNanos;
    private final LongSupplier nanoTime;
    private final Deque<Environment<T>> idle = new ArrayDeque<>();
    private final List<Environment<T>> busy = new ArrayList<>();
    private int starting;
    private int peakBusy;
    private long started;
    private long stopped;
    private boolean closed;
    private ScheduledExecutorService reaper;

    private ExecutionEnvironments(
            Supplier<T> factory, int maxConcurrency, Duration idleTimeout, LongSupplier nanoTime) {
        this.factory = factory;
        this.maxConcurrency = maxConcurrency;
        this.idleTimeoutNanos = idleTimeout.toNanos();
        this.nanoTime = nanoTime;
    }

    /**
     * @param factory makes a new environment (not started: it starts on its first invocation, or call its own start)
     * @param maxConcurrency the most environments, so the most invocations at once (Lambda's maximum concurrency)
     * @param idleTimeout how long an unused environment is kept beyond the last one
     */
    public static <T extends BatchInvoker> ExecutionEnvironments<T> create(
            Supplier<T> factory, int maxConcurrency, Duration idleTimeout) {
        return create(factory, maxConcurrency, idleTimeout, System::nanoTime);
    }

    static <T extends BatchInvoker> ExecutionEnvironments<T> create(
            Supplier<T> factory, int maxConcurrency, Duration idleTimeout, LongSupplier nanoTime) {
        Objects.requireNonNull(factory, "factory");
        if (maxConcurrency < 1) {
            throw new IllegalArgumentException("The maximum concurrency must be at least 1, got " + maxConcurrency);
        }
        if (idleTimeout.isNegative()) {
            throw new IllegalArgumentException("The idle timeout must not be negative, got " + idleTimeout);
        }
        return new ExecutionEnvironments<>(factory, maxConcurrency, idleTimeout, nanoTime);
    }

    /** Adds one environment now, so that the first batch finds it warm; it is started by {@code start}. */
    public void prewarm(Consumer<T> start) {
        T function = factory.get();
        start.accept(function);
        Environment<T> environment = new Environment<>(function);
        synchronized (this) {
            environment.idleSinceNanos = nanoTime.getAsLong();
            idle.push(environment);
            started++;
        }
    }

    @Override
    public String invoke(String event) {
        Environment<T> environment = acquire();
        try {
            return environment.function.invoke(event);
        } finally {
            release(environment);
        }
    }

    private Environment<T> acquire() {
        synchronized (this) {
            while (true) {
                if (closed) {
                    throw new InvocationFailedException("The function's environments are shut down", null);
                }
                if (!idle.isEmpty()) {
                    Environment<T> environment = idle.pop(); // most recently used first: the others can time out
                    busy.add(environment);
                    peakBusy = Math.max(peakBusy, busy.size());
                    return environment;
                }
                if (busy.size() + starting < maxConcurrency) {
                    starting++;
                    break;
                }
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InvocationFailedException("Interrupted while waiting for an environment", e);
                }
            }
        }
        Environment<T> environment;
        try {
            environment = new Environment<>(factory.get());
        } catch (RuntimeException e) {
            synchronized (this) {
                starting--;
                notifyAll();
            }
            throw e;
        }
        synchronized (this) {
            starting--;
            started++;
            busy.add(environment);
            peakBusy = Math.max(peakBusy, busy.size());
            LOG.info("New execution environment [environments={}, max={}]", size(), maxConcurrency);
        }
        return environment;
    }

    private synchronized void release(Environment<T> environment) {
        busy.remove(environment);
        environment.idleSinceNanos = nanoTime.getAsLong();
        if (closed) {
            environment.function.close();
            return;
        }
        idle.push(environment);
        notifyAll();
    }

    /** Shuts down the environments idle longer than the idle timeout, all but one. Returns how many. */
    public int scaleDown() {
        List<Environment<T>> expired = new ArrayList<>();
        synchronized (this) {
            long now = nanoTime.getAsLong();
            // The deque holds the most recently used first: expired ones are at the end.
            while (idle.size() + busy.size() > 1
                    && !idle.isEmpty()
                    && now - idle.peekLast().idleSinceNanos >= idleTimeoutNanos) {
                expired.add(idle.pollLast());
            }
            stopped += expired.size();
        }
        for (Environment<T> environment : expired) {
            environment.function.close();
        }
        if (!expired.isEmpty()) {
            LOG.info("Idle execution environments shut down [stopped={}, environments={}]", expired.size(), size());
        }
        return expired.size();
    }

    /** Runs {@link #scaleDown()} every {@code period} on a daemon thread until {@link #close()}. */
    public synchronized ExecutionEnvironments scaleDownEvery(Duration period) {
        if (reaper == null) {
            reaper = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "environments-scale-down");
                thread.setDaemon(true);
                return thread;
            });
            reaper.scheduleWithFixedDelay(
                    this::scaleDownQuietly, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        }
        return this;
    }

    private void scaleDownQuietly() {
        try {
            scaleDown();
        } catch (RuntimeException e) {
            LOG.warn("Scaling down the execution environments failed", e);
        }
    }

    /** Environments that exist now, busy or idle. */
    public synchronized int size() {
        return idle.size() + busy.size();
    }

    /** Invocations running now. */
    public synchronized int busy() {
        return busy.size();
    }

    /** The most invocations that ran at once. */
    public synchronized int peakBusy() {
        return peakBusy;
    }

    /** Environments started (cold starts) and shut down so far. */
    public synchronized long started() {
        return started;
    }

    public synchronized long stopped() {
        return stopped;
    }

    /** A busy environment if there is one, else an idle one: what a fault (kill, stall) hits. */
    public synchronized Optional<T> pickBusyFirst() {
        if (!busy.isEmpty()) {
            return Optional.of(busy.get(0).function);
        }
        return Optional.ofNullable(idle.peekFirst()).map(environment -> environment.function);
    }

    @Override
    public void close() {
        List<Environment<T>> toClose;
        synchronized (this) {
            closed = true;
            if (reaper != null) {
                reaper.shutdownNow();
            }
            toClose = new ArrayList<>(idle);
            idle.clear();
            notifyAll();
        }
        for (Environment<T> environment : toClose) {
            environment.function.close();
        }
    }
}
