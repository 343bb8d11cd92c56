package com.qrrouter.local;

import com.qrrouter.local.internal.ChildProcess;
import com.qrrouter.settings.PipelineSettings.RouteAttributes;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * dynalite (npm, Apache-2.0: the DynamoDB API over an in-memory LevelDB) as a child {@code node} process on a loopback
 * port, with helpers to create the router's two tables as {@code infra/} does: routes ({@code ClientID} S) and
 * idempotency ({@code id} S, the Powertools default; the stage's table has TTL on {@code expiration}, which dynalite
 * cannot set: see {@link #createIdempotencyTable}).
 *
 * <p>One database for every access key and region, so the AWS CLI sees what the stack created. The process runs
 * {@code local/dynalite/serve.mjs} with the machine's {@code node} (Node 20+), from the {@code node_modules} that the
 * local module's build installs with {@code npm ci}; it exits when {@link #close()} stops it, when this JVM exits
 * (shutdown hook), and when its standard input closes (this JVM died without running hooks). See decision 0420 and
 * docs/local-stack.md for where dynalite differs from DynamoDB.
 */
public final class DynamoDbEmulator implements AutoCloseable {

    /** The TTL attribute of the stage's idempotency table (Powertools' default). */
    public static final String IDEMPOTENCY_TTL_ATTRIBUTE = "expiration";

    /** The script node runs (in {@code local/dynalite}): how the load benchmark tells dynalite's process apart. */
    public static final String SERVER_SCRIPT = "serve.mjs";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    private static final Pattern LISTENING = Pattern.compile("dynalite listening on 127\\.0\\.0\\.1:(\\d+)");
    private static final int OUTPUT_LINES_KEPT = 50;

    private final ChildProcess child;
    private final ProcessOutput output;
    private final URI endpoint;
    private final DynamoDbClient client;

    private DynamoDbEmulator(ChildProcess child, ProcessOutput output, URI endpoint) {
        this.child = child;
        this.output = output;
        this.endpoint = endpoint;
        this.client = DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(LocalAws.REGION)
                .credentialsProvider(LocalAws.CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** Starts dynalite in memory on a free loopback port (dynalite binds port 0 itself and says which it got). */
    public static DynamoDbEmulator start() {
        return start(0);
    }

    /**
     * Starts dynalite in memory on {@code 127.0.0.1:port} and returns once it answers a request.
     *
     * @param port the port, or {@code 0} for a free one
     * @throws IllegalStateException if node or the installed dynalite is missing, or dynalite does not answer within
     *     30 s; the message carries dynalite's output
     */
    public static DynamoDbEmulator start(int port) {
        Path directory = dynaliteDirectory();
        Process process;
        try {
            process = new ProcessBuilder("node", SERVER_SCRIPT, "--port", Integer.toString(port))
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "Cannot run node for dynalite: install Node.js 20 or newer and put node on the PATH", e);
        }
        // SIGTERM to node and its descendants at once; SIGKILL to whatever is left after the grace period.
        ChildProcess child = ChildProcess.watch(process, "dynalite", STOP_TIMEOUT, true);
        ProcessOutput output = new ProcessOutput(process.getInputStream());
        try {
            int chosen = output.awaitPort(process, START_TIMEOUT);
            DynamoDbEmulator emulator = new DynamoDbEmulator(child, output, URI.create("http://127.0.0.1:" + chosen));
            emulator.client.listTables();
            return emulator;
        } catch (RuntimeException e) {
            child.close();
            throw new IllegalStateException(
                    "dynalite did not start on 127.0.0.1:" + port + " (port 0 means a free one; is the port in use?)."
                            + " Its output:\n" + output.lastLines(),
                    e);
        }
    }

    /**
     * The directory with {@code serve.mjs} and dynalite's {@code node_modules}: this checkout's {@code local/dynalite},
     * written into {@code dynalite.properties} by the build.
     */
    private static Path dynaliteDirectory() {
        Properties properties = new Properties();
        try (InputStream in = DynamoDbEmulator.class.getResourceAsStream("dynalite.properties")) {
            if (in == null) {
                throw new IllegalStateException("dynalite.properties is missing from the class path: build local/");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read dynalite.properties", e);
        }
        Path directory = Path.of(properties.getProperty("directory"));
        if (!Files.isRegularFile(directory.resolve("node_modules/dynalite/package.json"))) {
            throw new IllegalStateException("dynalite is not installed in " + directory
                    + ": build the local module (./mvnw -B -q -pl local -am package -DskipTests runs npm ci there)");
        }
        return directory;
    }

    public URI endpoint() {
        return endpoint;
    }

    /** A client for set-up (not the router's). */
    public DynamoDbClient client() {
        return client;
    }

    /** The process id of dynalite's {@code node} process, for CPU accounting. */
    public long pid() {
        return child.process().pid();
    }

    /** Creates the routes table: partition key {@code ClientID} (S). */
    public DynamoDbEmulator createRoutesTable(String name) {
        return createTable(name, "ClientID");
    }

    /**
     * Creates the idempotency table: partition key {@code id} (S), as Powertools' DynamoDB store expects. The stage's
     * table also has TTL on {@link #IDEMPOTENCY_TTL_ATTRIBUTE}; dynalite has no TTL API ({@code UpdateTimeToLive} is
     * an unknown operation), so here expired records stay until the stack stops. Nothing depends on their removal: the
     * store's conditional put overwrites a record whose window has ended and a read of one reports it expired.
     */
    public DynamoDbEmulator createIdempotencyTable(String name) {
        return createTable(name, "id");
    }

    /** Adds or replaces the route {@code clientId → topic}, naming no team (so it admits none). */
    public DynamoDbEmulator putRoute(String table, String clientId, String topic) {
        return putRoute(table, clientId, topic, Set.of());
    }

    /**
     * Adds or replaces the route {@code clientId → topic} that the given teams may address (attribute
     * {@code AllowedTeams}, a string set, left out when there is no team: DynamoDB refuses an empty set).
     */
    public DynamoDbEmulator putRoute(String table, String clientId, String topic, Set<String> allowedTeams) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(RouteAttributes.CLIENT_ID, AttributeValue.fromS(clientId));
        item.put(RouteAttributes.TOPIC, AttributeValue.fromS(topic));
        if (!allowedTeams.isEmpty()) {
            item.put(RouteAttributes.ALLOWED_TEAMS, AttributeValue.fromSs(List.copyOf(new TreeSet<>(allowedTeams))));
        }
        client.putItem(b -> b.tableName(table).item(item));
        return this;
    }

    private DynamoDbEmulator createTable(String name, String key) {
        client.createTable(b -> b.tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder()
                        .attributeName(key)
                        .attributeType(ScalarAttributeType.S)
                        .build())
                .keySchema(KeySchemaElement.builder()
                        .attributeName(key)
                        .keyType(KeyType.HASH)
                        .build()));
        return this;
    }

    /** Stops dynalite and whatever it started; the data is gone. */
    @Override
    public void close() {
        client.close();
        child.close();
        output.join();
    }

    /** Reads dynalite's output to its end (so node never blocks on a full pipe), keeping the last lines. */
    private static final class ProcessOutput {

        private final Deque<String> lines = new ArrayDeque<>();
        private final Thread reader;
        private int port = -1;

        ProcessOutput(InputStream stream) {
            reader = Thread.ofPlatform().daemon().name("dynalite-output").start(() -> read(stream));
        }

        private void read(InputStream stream) {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    remember(line);
                }
            } catch (IOException closed) {
                // The process ended.
            }
            synchronized (this) {
                notifyAll();
            }
        }

        private synchronized void remember(String line) {
            lines.addLast(line);
            if (lines.size() > OUTPUT_LINES_KEPT) {
                lines.removeFirst();
            }
            Matcher listening = LISTENING.matcher(line);
            if (port < 0 && listening.find()) {
                port = Integer.parseInt(listening.group(1));
                notifyAll();
            }
        }

        synchronized int awaitPort(Process process, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            try {
                while (port < 0) {
                    long left = deadline - System.nanoTime();
                    if (!process.isAlive() && !reader.isAlive()) {
                        throw new IllegalStateException("dynalite exited with status " + process.exitValue());
                    }
                    if (left <= 0) {
                        throw new IllegalStateException("dynalite did not say it listens within " + timeout);
                    }
                    wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(left, 100_000_000L))));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for dynalite", e);
            }
            return port;
        }

        synchronized String lastLines() {
            return lines.isEmpty() ? "(no output)" : String.join("\n", lines);
        }

        void join() {
            try {
                reader.join(STOP_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
