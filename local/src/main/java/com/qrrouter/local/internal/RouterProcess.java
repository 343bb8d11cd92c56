package com.qrrouter.local.internal;

import com.qrrouter.local.runtime.LambdaRuntime;
import com.qrrouter.local.runtime.RouterWire;
import com.qrrouter.local.runtime.RuntimeClasses;
import com.qrrouter.local.runtime.SqsRecord;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deployable router jar running in its own JVM, as a Lambda execution environment: only the environment the
 * stack gives it (as Lambda would: region, credentials, function name, the router's settings, SDK endpoint overrides),
 * its own log4j2 logging (JSON lines, copied to {@code logSink}), the handler constructed once and then invoked batch
 * after batch over a loopback socket by {@link LambdaRuntime}. If it crashes, times out or fails to start, the
 * invocation fails (every record of the batch is retried by SQS) and the next batch starts a fresh JVM.
 */
public final class RouterProcess implements BatchInvoker {

    /** The handler that {@code infra/} configures. */
    public static final String HANDLER = "com.qrrouter.router.RouterHandler::handleRequest";

    private static final Logger LOG = LoggerFactory.getLogger(RouterProcess.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path routerJar;
    private final String handler;
    private final Map<String, String> environment;
    private final String functionName;
    private final String functionArn;
    private final int memoryMb;
    private final Duration functionTimeout;
    private final PrintStream logSink;

    private Process process;
    private Socket socket;
    private DataInputStream in;
    private DataOutputStream out;

    /**
     * @param routerJar the shaded router jar ({@code router-function/target/router-function.jar})
     * @param environment the complete environment of the function (nothing else is inherited but {@code PATH})
     * @param logSink where the function's output (its JSON log lines) goes
     */
    public RouterProcess(
            Path routerJar,
            Map<String, String> environment,
            String functionName,
            String functionArn,
            int memoryMb,
            Duration functionTimeout,
            PrintStream logSink) {
        this(routerJar, HANDLER, environment, functionName, functionArn, memoryMb, functionTimeout, logSink);
    }

    /** With another handler than the router's: for tests of the runtime itself. */
    RouterProcess(
            Path routerJar,
            String handler,
            Map<String, String> environment,
            String functionName,
            String functionArn,
            int memoryMb,
            Duration functionTimeout,
            PrintStream logSink) {
        if (!Files.isRegularFile(routerJar)) {
            throw new IllegalStateException("The router jar " + routerJar.toAbsolutePath()
                    + " is missing: build it with ./mvnw -pl router-function package");
        }
        this.routerJar = routerJar.toAbsolutePath();
        this.handler = handler;
        this.environment = Map.copyOf(environment);
        this.functionName = functionName;
        this.functionArn = functionArn;
        this.memoryMb = memoryMb;
        this.functionTimeout = functionTimeout;
        this.logSink = logSink;
    }

    /** Starts the function's JVM now (the init phase), instead of on the first batch. */
    public synchronized void start() {
        if (process == null || !process.isAlive()) {
            launch();
        }
    }

    @Override
    public synchronized List<String> invoke(List<SqsRecord> records) {
        start();
        String requestId = UUID.randomUUID().toString();
        try {
            socket.setSoTimeout(Math.toIntExact(functionTimeout.plusSeconds(5).toMillis()));
            RouterWire.writeBatch(out, requestId, functionTimeout.toMillis(), records);
            int kind = in.readInt();
            if (kind == RouterWire.OK) {
                int count = in.readInt();
                List<String> failed = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    failed.add(RouterWire.readString(in));
                }
                return failed;
            }
            String message = RouterWire.readString(in);
            throw new InvocationFailedException(
                    "The router failed the invocation " + requestId + ":\n" + message, null);
        } catch (SocketTimeoutException e) {
            stopProcess();
            throw new InvocationFailedException(
                    "The router did not answer within its timeout of " + functionTimeout.toSeconds() + " s", e);
        } catch (IOException e) {
            stopProcess();
            throw new InvocationFailedException("The router's JVM ended during invocation " + requestId, e);
        }
    }

    private void launch() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        String classPath = routerJar + File.pathSeparator + RuntimeClasses.location();
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setSoTimeout(Math.toIntExact(START_TIMEOUT.toMillis()));
            List<String> command = List.of(
                    java.toString(),
                    "-Xmx" + memoryMb + "m",
                    "-XX:+UseSerialGC",
                    "-cp",
                    classPath,
                    LambdaRuntime.class.getName(),
                    handler,
                    String.valueOf(listener.getLocalPort()),
                    functionName,
                    functionArn,
                    String.valueOf(memoryMb));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().keySet().removeIf(name -> !name.equals("PATH"));
            builder.environment().putAll(environment);
            long started = System.nanoTime();
            process = builder.start();
            pumpOutput(process);
            socket = listener.accept();
            in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
            int kind = in.readInt();
            if (kind != RouterWire.READY) {
                String message = RouterWire.readString(in);
                stopProcess();
                throw new InvocationFailedException("The router failed to start (init error):\n" + message, null);
            }
            LOG.info(
                    "Router function started [jar={}, initMs={}]",
                    routerJar,
                    Duration.ofNanos(System.nanoTime() - started).toMillis());
        } catch (IOException e) {
            stopProcess();
            throw new InvocationFailedException("The router's JVM did not start (see its output above)", e);
        }
    }

    private void pumpOutput(Process child) {
        Thread pump = new Thread(
                () -> {
                    try (BufferedReader reader =
                            new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = reader.readLine()) != null) {
                            logSink.println(line);
                        }
                    } catch (IOException e) {
                        // The process ended; nothing more to copy.
                    }
                },
                "router-output");
        pump.setDaemon(true);
        pump.start();
    }

    private void stopProcess() {
        try {
            if (socket != null) {
                socket.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            socket = null;
            if (process != null) {
                process.destroy();
                try {
                    if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    process.destroyForcibly();
                }
                process = null;
            }
        }
    }

    @Override
    public synchronized void close() {
        stopProcess();
    }
}
