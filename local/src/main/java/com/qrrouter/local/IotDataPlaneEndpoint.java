package com.qrrouter.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.qrrouter.local.internal.LoopbackHttpServer;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the AWS IoT Core data-plane endpoint: serves {@code POST /topics/{topic}?qos=…} as the SDK's
 * {@code IotDataPlaneClient} sends it, records every publish with its MQTT 5 properties (query parameters and
 * {@code x-amz-mqtt5-*} headers), and publishes the payload to an {@link EmbeddedMqttBroker} with the requested QoS and
 * those properties (content type, payload format indicator, correlation data, user properties), so that an MQTT 5
 * subscriber gets them as from IoT Core. A QoS other than 0 or 1, or a property header that is not what IoT Core
 * accepts (correlation data not base64, user properties not a base64 JSON array of single-key objects), is answered
 * {@code 400 InvalidRequestException} and not published.
 *
 * <p>A publish is answered 200 only once the broker has taken it; while the broker is stopped it is answered
 * {@code 503 ServiceUnavailableException} and not recorded. Faults can be injected at run time: error answers
 * ({@link AwsError#IOT_SERVICE_UNAVAILABLE}, {@link AwsError#IOT_INTERNAL_FAILURE}, {@link AwsError#IOT_THROTTLING})
 * at a {@link FaultRate}, and slow answers at a rate. A slow publish is forwarded to the broker at once and only its
 * answer is late, as on IoT Core, where the publish happens even if the client has given up waiting: a client that
 * times out and retries publishes twice, and {@link #forwarded()} counts both. A fixed latency for every request can be
 * set too (simulated network and service time).
 */
public final class IotDataPlaneEndpoint implements AutoCloseable {

    /** One publish as received over HTTP. */
    public record Publish(
            String topic, int qos, byte[] payload, Map<String, String> query, Map<String, String> headers) {

        /** The {@code contentType} MQTT 5 property. */
        public Optional<String> contentType() {
            return Optional.ofNullable(query.get("contentType"));
        }

        /** The correlation data, decoded from base64 as UTF-8. */
        public Optional<String> correlationData() {
            return Optional.ofNullable(headers.get("x-amz-mqtt5-correlation-data"))
                    .map(value -> new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8));
        }

        /** The user properties JSON, decoded from base64. */
        public Optional<String> userProperties() {
            return Optional.ofNullable(headers.get("x-amz-mqtt5-user-properties"))
                    .map(value -> new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8));
        }

        /** The payload format indicator header. */
        public Optional<String> payloadFormatIndicator() {
            return Optional.ofNullable(headers.get("x-amz-mqtt5-payload-format-indicator"));
        }

        /** The {@code messageExpiry} query parameter: seconds until the message expires, if it expires. */
        public Optional<Long> messageExpiry() {
            return Optional.ofNullable(query.get("messageExpiry")).map(Long::valueOf);
        }

        /** The MQTT 5 properties the broker was given for this publish. */
        public Mqtt5Properties properties() {
            return mqtt5Properties(query, headers);
        }
    }

    /** A request IoT Core would refuse with {@code 400 InvalidRequestException}. */
    private static final class InvalidRequestException extends RuntimeException {
        private InvalidRequestException(String message) {
            super(message);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private record ErrorRule(AwsError error, FaultRate.Trigger trigger) {}

    private record SlowRule(Duration delay, FaultRate.Trigger trigger) {}

    private static final SlowRule NOT_SLOW =
            new SlowRule(Duration.ZERO, FaultRate.never().trigger());

    private final HttpServer server;
    private final ExecutorService executor;
    private final EmbeddedMqttBroker broker;
    private final List<Publish> publishes = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger faultsInjected = new AtomicInteger();
    private final AtomicInteger slowAnswers = new AtomicInteger();
    private final AtomicInteger forwarded = new AtomicInteger();
    private final AtomicInteger brokerUnavailable = new AtomicInteger();
    private final List<ErrorRule> errorRules = new CopyOnWriteArrayList<>();
    private volatile SlowRule slowRule = NOT_SLOW;
    private volatile Duration latency = Duration.ZERO;

    private IotDataPlaneEndpoint(HttpServer server, ExecutorService executor, EmbeddedMqttBroker broker) {
        this.server = server;
        this.executor = executor;
        this.broker = broker;
    }

    /**
     * Starts the endpoint on a free loopback port.
     *
     * @param broker where publishes are forwarded, or {@code null} to only record them
     */
    public static IotDataPlaneEndpoint start(EmbeddedMqttBroker broker) {
        return start(broker, 0);
    }

    /**
     * Starts the endpoint on {@code 127.0.0.1:port}.
     *
     * @param broker where publishes are forwarded, or {@code null} to only record them
     * @param port the port, or {@code 0} for a free one
     */
    public static IotDataPlaneEndpoint start(EmbeddedMqttBroker broker, int port) {
        try {
            HttpServer server = LoopbackHttpServer.create(port, 64);
            ExecutorService executor = Executors.newFixedThreadPool(32, runnable -> {
                Thread thread = new Thread(runnable, "iot-endpoint");
                thread.setDaemon(true);
                return thread;
            });
            IotDataPlaneEndpoint endpoint = new IotDataPlaneEndpoint(server, executor, broker);
            server.createContext("/", endpoint::handle);
            server.setExecutor(executor);
            server.start();
            return endpoint;
        } catch (IOException e) {
            throw new UncheckedIOException("IoT data-plane endpoint did not start on port " + port, e);
        }
    }

    /** {@code http://127.0.0.1:port}, the value of {@code IOT_DATA_ENDPOINT}. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /**
     * Answers the next {@code count} requests with {@code status} and AWS error type {@code errorType}, replacing every
     * error fault set before; {@code count} 0 turns error faults off.
     */
    public IotDataPlaneEndpoint failNext(int count, int status, String errorType) {
        errorRules.clear();
        if (count > 0) {
            fail(new AwsError(status, errorType), FaultRate.next(count));
        }
        return this;
    }

    /**
     * Answers publishes with {@code error} at {@code rate} (e.g. {@link AwsError#IOT_THROTTLING},
     * {@code FaultRate.everyNth(10)}), replacing an earlier rate for the same error; {@link FaultRate#never()} removes
     * it. Several errors are tried in the order they were first set; the first that fires answers. A failed publish is
     * not forwarded.
     */
    public IotDataPlaneEndpoint fail(AwsError error, FaultRate rate) {
        synchronized (errorRules) {
            for (int i = 0; i < errorRules.size(); i++) {
                if (errorRules.get(i).error().equals(error)) {
                    if (rate.isNever()) {
                        errorRules.remove(i);
                    } else {
                        errorRules.set(i, new ErrorRule(error, rate.trigger()));
                    }
                    return this;
                }
            }
            if (!rate.isNever()) {
                errorRules.add(new ErrorRule(error, rate.trigger()));
            }
        }
        return this;
    }

    /**
     * Answers requests at {@code rate} {@code delay} later than usual (e.g. 3.5 s, longer than the router's attempt
     * timeout, for {@code FaultRate.everyNth(5)}). A slow publish is forwarded to the broker before the wait; the
     * delay applies to error answers too.
     */
    public IotDataPlaneEndpoint slow(Duration delay, FaultRate rate) {
        this.slowRule = rate.isNever() || delay.isZero() ? NOT_SLOW : new SlowRule(delay, rate.trigger());
        return this;
    }

    /** Error and slow-answer faults off; the fixed {@link #latency(Duration)} and the counters stay. */
    public IotDataPlaneEndpoint clearFaults() {
        errorRules.clear();
        slowRule = NOT_SLOW;
        return this;
    }

    /** Waits this long before answering each request (simulated network and service time). */
    public IotDataPlaneEndpoint latency(Duration latency) {
        this.latency = latency;
        return this;
    }

    /** Publishes accepted by the broker (answered 200, late if slow), in the order they reached it. */
    public List<Publish> publishes() {
        return publishes;
    }

    /** All requests, failed ones included. */
    public int requests() {
        return requests.get();
    }

    /** Requests answered with an injected error. */
    public int faultsInjected() {
        return faultsInjected.get();
    }

    /** Requests whose answer was delayed by {@link #slow(Duration, FaultRate)}. */
    public int slowAnswers() {
        return slowAnswers.get();
    }

    /**
     * Publishes handed to the broker: a message that its client retried after giving up on a slow answer counts once
     * per attempt that got here, so "published twice" shows here while "requested twice" shows in {@link #requests()}.
     */
    public int forwarded() {
        return forwarded.get();
    }

    /** Publishes answered {@code 503} because the broker was stopped or did not take the message. */
    public int brokerUnavailable() {
        return brokerUnavailable.get();
    }

    /** Forgets the recorded publishes, zeroes the counters and turns the faults off (the fixed latency stays). */
    public void reset() {
        clearFaults();
        publishes.clear();
        requests.set(0);
        faultsInjected.set(0);
        slowAnswers.set(0);
        forwarded.set(0);
        brokerUnavailable.set(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            byte[] body = readAll(exchange.getRequestBody());
            sleep(latency);
            String path = exchange.getRequestURI().getRawPath();
            if (!"POST".equals(exchange.getRequestMethod()) || !path.startsWith("/topics/")) {
                respond(exchange, 404, "ResourceNotFoundException", "No such operation: " + path);
                return;
            }
            Optional<AwsError> error = injectedError();
            SlowRule slow = slowRule;
            Duration delay = slow.trigger().fires() ? slow.delay() : Duration.ZERO;
            if (!delay.isZero()) {
                slowAnswers.incrementAndGet();
            }
            if (error.isPresent()) {
                faultsInjected.incrementAndGet();
                sleep(delay);
                respond(exchange, error.get().status(), error.get().code(), "Injected fault");
                return;
            }
            String topic = percentDecode(path.substring("/topics/".length()));
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> {
                String lower = name.toLowerCase(Locale.ROOT);
                if (lower.startsWith("x-amz-mqtt5-")) {
                    headers.put(lower, values.get(0));
                }
            });
            int qos;
            Mqtt5Properties properties;
            try {
                qos = qos(query);
                properties = mqtt5Properties(query, headers);
            } catch (InvalidRequestException e) {
                sleep(delay);
                respond(exchange, 400, "InvalidRequestException", e.getMessage());
                return;
            }
            if (broker != null) {
                if (!broker.publish(topic, body, qos, properties)) {
                    brokerUnavailable.incrementAndGet();
                    sleep(delay);
                    respond(exchange, 503, "ServiceUnavailableException", "The MQTT broker is not available");
                    return;
                }
                forwarded.incrementAndGet();
            }
            publishes.add(new Publish(topic, qos, body, query, headers));
            sleep(delay);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, -1);
        }
    }

    /**
     * The {@code messageExpiry} query parameter as IoT Core reads it: whole seconds that fit MQTT 5's four-byte
     * message expiry interval.
     */
    private static long messageExpiry(String value) {
        long seconds;
        try {
            seconds = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("messageExpiry must be a whole number of seconds, got " + value);
        }
        if (seconds < 0 || seconds > Mqtt5Properties.MAX_MESSAGE_EXPIRY_INTERVAL) {
            throw new InvalidRequestException("messageExpiry must be 0 to "
                    + Mqtt5Properties.MAX_MESSAGE_EXPIRY_INTERVAL + " seconds, got " + value);
        }
        return seconds;
    }

    private static int qos(Map<String, String> query) {
        String qos = query.getOrDefault("qos", "0");
        return switch (qos) {
            case "0" -> 0;
            case "1" -> 1;
            default -> throw new InvalidRequestException("qos must be 0 or 1, got " + qos);
        };
    }

    /**
     * The MQTT 5 properties of a publish as IoT Core reads them: {@code contentType} and {@code messageExpiry} (seconds)
     * query parameters, headers
     * {@code x-amz-mqtt5-payload-format-indicator} ({@code UTF8_DATA} or {@code UNSPECIFIED_BYTES}),
     * {@code x-amz-mqtt5-correlation-data} (base64) and {@code x-amz-mqtt5-user-properties} (base64 of a JSON array of
     * objects with one name and a string value each, e.g. {@code [{"correlationId":"…"}]}).
     */
    static Mqtt5Properties mqtt5Properties(Map<String, String> query, Map<String, String> headers) {
        Mqtt5Properties.Builder properties = Mqtt5Properties.builder();
        Optional.ofNullable(query.get("contentType")).ifPresent(properties::contentType);
        String expiry = query.get("messageExpiry");
        if (expiry != null) {
            properties.messageExpiryInterval(messageExpiry(expiry));
        }
        String format = headers.get("x-amz-mqtt5-payload-format-indicator");
        if (format != null) {
            properties.payloadFormat(
                    switch (format) {
                        case "UTF8_DATA" -> Mqtt5Properties.PayloadFormat.UTF_8;
                        case "UNSPECIFIED_BYTES" -> Mqtt5Properties.PayloadFormat.UNSPECIFIED;
                        default ->
                            throw new InvalidRequestException(
                                    "x-amz-mqtt5-payload-format-indicator must be UTF8_DATA or UNSPECIFIED_BYTES");
                    });
        }
        String correlationData = headers.get("x-amz-mqtt5-correlation-data");
        if (correlationData != null) {
            properties.correlationData(base64(correlationData, "x-amz-mqtt5-correlation-data"));
        }
        String userProperties = headers.get("x-amz-mqtt5-user-properties");
        if (userProperties != null) {
            userProperties(base64(userProperties, "x-amz-mqtt5-user-properties"), properties);
        }
        return properties.build();
    }

    private static byte[] base64(String value, String header) {
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(header + " must be base64");
        }
    }

    private static void userProperties(byte[] json, Mqtt5Properties.Builder properties) {
        String expected = "x-amz-mqtt5-user-properties must be a JSON array of objects with one string property each";
        JsonNode array;
        try {
            array = JSON.readTree(json);
        } catch (IOException e) {
            throw new InvalidRequestException(expected);
        }
        if (array == null || !array.isArray()) {
            throw new InvalidRequestException(expected);
        }
        for (JsonNode object : array) {
            if (!object.isObject() || object.size() != 1) {
                throw new InvalidRequestException(expected);
            }
            Map.Entry<String, JsonNode> property = object.fields().next();
            if (!property.getValue().isTextual()) {
                throw new InvalidRequestException(expected);
            }
            properties.userProperty(property.getKey(), property.getValue().textValue());
        }
    }

    private Optional<AwsError> injectedError() {
        for (ErrorRule rule : errorRules) {
            if (rule.trigger().fires()) {
                return Optional.of(rule.error());
            }
        }
        return Optional.empty();
    }

    private static void respond(HttpExchange exchange, int status, String errorType, String message)
            throws IOException {
        byte[] body = JSON.writeValueAsBytes(Map.of("message", message));
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("x-amzn-ErrorType", errorType);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }

    private static void sleep(Duration duration) {
        if (duration.isZero()) {
            return;
        }
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = percentDecode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : percentDecode(pair.substring(eq + 1));
            query.put(name, value);
        }
        return query;
    }

    /** Decodes {@code %XX} sequences as UTF-8; unlike form decoding, {@code +} stays {@code +}. */
    static String percentDecode(String raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length()) {
                out.write(Integer.parseInt(raw.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(bytes, 0, bytes.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
