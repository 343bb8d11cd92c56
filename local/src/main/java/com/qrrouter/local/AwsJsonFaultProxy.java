package com.qrrouter.local;

import com.qrrouter.local.FaultRate.Trigger;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loopback HTTP/1.1 proxy in front of a stand-in that speaks an AWS JSON protocol (dynalite, ElasticMQ), to
 * inject the errors the stand-in never gives: throttling and 5xx, per operation and at a {@link FaultRate}. The
 * operation is read from the {@code X-Amz-Target} header ({@code DynamoDB_20120810.PutItem},
 * {@code AmazonSQS.SendMessage}); a request is either answered with an injected error, as the real service answers
 * it, or forwarded byte for byte (request line, headers with {@code Host} and the SigV4 signature, body) and its
 * answer relayed byte for byte. Requests without {@code X-Amz-Target} (the SQS query protocol) are always forwarded.
 *
 * <p>Counters per operation: requests seen, errors injected, requests forwarded; they add up.
 */
public final class AwsJsonFaultProxy implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AwsJsonFaultProxy.class);
    private static final int MAX_HEAD_BYTES = 64 * 1024;

    /** What {@code __type} of an error answer looks like, and the headers the service adds. */
    private enum Dialect {
        DYNAMODB("com.amazonaws.dynamodb.v20120810#", true, false),
        SQS("com.amazonaws.sqs#", false, true);

        private final String typePrefix;
        private final boolean crc32;
        private final boolean queryError;

        Dialect(String typePrefix, boolean crc32, boolean queryError) {
            this.typePrefix = typePrefix;
            this.crc32 = crc32;
            this.queryError = queryError;
        }
    }

    private record Rule(String operation, AwsError error, Trigger trigger) {}

    private static final class Counts {
        final AtomicLong requests = new AtomicLong();
        final AtomicLong injected = new AtomicLong();
        final AtomicLong forwarded = new AtomicLong();
    }

    private final String name;
    private final Dialect dialect;
    private final InetSocketAddress upstream;
    private final ServerSocket server;
    private final ExecutorService executor;
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final Map<String, Counts> counts = new ConcurrentHashMap<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private AwsJsonFaultProxy(String name, Dialect dialect, URI upstream, ServerSocket server) {
        this.name = name;
        this.dialect = dialect;
        this.upstream = new InetSocketAddress(upstream.getHost(), upstream.getPort());
        this.server = server;
        this.executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, name + "-fault-proxy");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** A proxy on a free loopback port in front of dynalite at {@code upstream}. */
    public static AwsJsonFaultProxy forDynamoDb(URI upstream) {
        return start("dynamodb", Dialect.DYNAMODB, upstream);
    }

    /** A proxy on a free loopback port in front of ElasticMQ at {@code upstream}. */
    public static AwsJsonFaultProxy forSqs(URI upstream) {
        return start("sqs", Dialect.SQS, upstream);
    }

    private static AwsJsonFaultProxy start(String name, Dialect dialect, URI upstream) {
        try {
            ServerSocket server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
            AwsJsonFaultProxy proxy = new AwsJsonFaultProxy(name, dialect, upstream, server);
            proxy.executor.execute(proxy::acceptLoop);
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException("The " + name + " fault proxy did not start", e);
        }
    }

    /** {@code http://127.0.0.1:port}: the endpoint to give a client whose calls may fail. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /**
     * Answers requests for {@code operation} (e.g. {@code PutItem}, {@code SendMessage}) with {@code error} at
     * {@code rate}, replacing an earlier rate for the same operation and error; {@link FaultRate#never()} removes it.
     * Several errors on one operation are tried in the order they were first set; the first that fires answers.
     */
    public AwsJsonFaultProxy fail(String operation, AwsError error, FaultRate rate) {
        Rule rule = new Rule(operation, error, rate.trigger());
        synchronized (rules) {
            for (int i = 0; i < rules.size(); i++) {
                Rule existing = rules.get(i);
                if (existing.operation().equals(operation) && existing.error().equals(error)) {
                    if (rate.isNever()) {
                        rules.remove(i);
                    } else {
                        rules.set(i, rule);
                    }
                    return this;
                }
            }
            if (!rate.isNever()) {
                rules.add(rule);
            }
        }
        return this;
    }

    /** Every operation forwarded again; counters are kept. */
    public AwsJsonFaultProxy clearFaults() {
        rules.clear();
        return this;
    }

    /** Counters back to zero. */
    public void resetCounters() {
        counts.clear();
    }

    /** Requests seen for {@code operation} ({@code ""} for requests without {@code X-Amz-Target}). */
    public long requests(String operation) {
        Counts c = counts.get(operation);
        return c == null ? 0 : c.requests.get();
    }

    /** Requests for {@code operation} answered with an injected error. */
    public long faultsInjected(String operation) {
        Counts c = counts.get(operation);
        return c == null ? 0 : c.injected.get();
    }

    /** Requests for {@code operation} sent on to the stand-in (its answer relayed, or the connection closed). */
    public long forwarded(String operation) {
        Counts c = counts.get(operation);
        return c == null ? 0 : c.forwarded.get();
    }

    /** All requests seen, per operation (operations without any left out). */
    public Map<String, Long> requests() {
        return snapshot(c -> c.requests.get());
    }

    /** All injected errors, per operation (operations without any left out). */
    public Map<String, Long> faultsInjected() {
        return snapshot(c -> c.injected.get());
    }

    private Map<String, Long> snapshot(java.util.function.ToLongFunction<Counts> value) {
        Map<String, Long> result = new java.util.TreeMap<>();
        counts.forEach((operation, c) -> {
            long n = value.applyAsLong(c);
            if (n > 0) {
                result.put(operation, n);
            }
        });
        return result;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                open.add(client);
                executor.execute(() -> serve(client));
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("Fault proxy accept failed [proxy={}]", name, e);
                }
                return;
            }
        }
    }

    /** One client connection: requests in turn (keep-alive), each either answered here or relayed upstream. */
    private void serve(Socket client) {
        Upstream up = null;
        try (client) {
            InputStream in = new BufferedInputStream(client.getInputStream());
            OutputStream out = new BufferedOutputStream(client.getOutputStream());
            while (true) {
                Message request = Message.read(in, true, false);
                if (request == null) {
                    return;
                }
                String operation = operation(request.header("x-amz-target"));
                Counts c = counts.computeIfAbsent(operation, ignored -> new Counts());
                c.requests.incrementAndGet();
                Optional<AwsError> error = decide(operation);
                if (error.isPresent()) {
                    c.injected.incrementAndGet();
                    out.write(errorAnswer(error.get(), operation));
                    out.flush();
                    if (request.closes()) {
                        return;
                    }
                    continue;
                }
                if (up == null) {
                    up = connect();
                }
                // No second try on a failed exchange: the stand-in may have acted on the request. The client sees
                // its connection closed, as after a network failure, and its SDK decides.
                c.forwarded.incrementAndGet();
                Message response = up.exchange(request);
                out.write(response.raw());
                out.flush();
                if (response.closes() || request.closes()) {
                    return;
                }
            }
        } catch (IOException e) {
            if (!closed) {
                LOG.debug("Fault proxy connection ended [proxy={}]", name, e);
            }
        } finally {
            close(up);
            open.remove(client);
        }
    }

    /** A connection to the stand-in, kept alive across the requests of one client connection. */
    private record Upstream(Socket socket, InputStream in) {

        Message exchange(Message request) throws IOException {
            OutputStream out = socket.getOutputStream();
            out.write(request.raw());
            out.flush();
            Message response = Message.read(in, false, "HEAD".equals(request.method()));
            if (response == null) {
                throw new EOFException("The stand-in closed the connection without an answer");
            }
            return response;
        }
    }

    private Upstream connect() throws IOException {
        Socket socket = new Socket();
        open.add(socket);
        socket.connect(upstream, 2_000);
        return new Upstream(socket, new BufferedInputStream(socket.getInputStream()));
    }

    private void close(Upstream up) {
        if (up != null) {
            close(up.socket());
        }
    }

    private void close(Socket socket) {
        if (socket == null) {
            return;
        }
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("Closing an upstream connection failed [proxy={}]", name, e);
        }
    }

    private Optional<AwsError> decide(String operation) {
        for (Rule rule : rules) {
            if (rule.operation().equals(operation) && rule.trigger().fires()) {
                return Optional.of(rule.error());
            }
        }
        return Optional.empty();
    }

    /** {@code DynamoDB_20120810.PutItem} → {@code PutItem}; no target → {@code ""}. */
    static String operation(String target) {
        if (target == null) {
            return "";
        }
        int dot = target.lastIndexOf('.');
        return dot < 0 ? target : target.substring(dot + 1);
    }

    /** The answer the service gives: AWS JSON 1.0 error document, request id, and the service's own headers. */
    byte[] errorAnswer(AwsError error, String operation) {
        String message = "Injected fault: " + error.code() + " on " + operation;
        byte[] body = ("{\"__type\":\"" + dialect.typePrefix + error.code() + "\",\"message\":\"" + message + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder()
                .append("HTTP/1.1 ")
                .append(error.status())
                .append(' ')
                .append(error.reasonPhrase())
                .append("\r\n")
                .append("Content-Type: application/x-amz-json-1.0\r\n")
                .append("x-amzn-RequestId: ")
                .append(UUID.randomUUID())
                .append("\r\n");
        if (dialect.crc32) {
            CRC32 crc = new CRC32();
            crc.update(body);
            head.append("x-amz-crc32: ").append(crc.getValue()).append("\r\n");
        }
        if (dialect.queryError) {
            head.append("x-amzn-query-error: ")
                    .append(error.code())
                    .append(error.isClientError() ? ";Sender" : ";Receiver")
                    .append("\r\n");
        }
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] answer = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, answer, 0, headBytes.length);
        System.arraycopy(body, 0, answer, headBytes.length, body.length);
        return answer;
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("Closing the fault proxy failed [proxy={}]", name, e);
        }
        for (Socket socket : open) {
            close(socket);
        }
        executor.shutdownNow();
    }

    /**
     * One HTTP/1.1 message as read from the wire: its raw bytes (head and body with its framing, unchanged), the
     * parsed start line and headers.
     */
    record Message(byte[] raw, String startLine, Map<String, String> headers, boolean untilClose) {

        String method() {
            int space = startLine.indexOf(' ');
            return space < 0 ? startLine : startLine.substring(0, space);
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /** Whether the connection ends after this message. */
        boolean closes() {
            String connection = header("connection");
            return untilClose
                    || (connection != null
                            && connection.toLowerCase(Locale.ROOT).contains("close"))
                    || startLine.endsWith("HTTP/1.0")
                    || startLine.startsWith("HTTP/1.0");
        }

        /**
         * Reads one message; {@code null} at a clean end of stream before its first byte.
         *
         * @param request whether it is a request (no body unless framed) or a response (body until close if unframed)
         * @param noBody a response to {@code HEAD}
         */
        static Message read(InputStream in, boolean request, boolean noBody) throws IOException {
            ByteArrayOutputStream raw = new ByteArrayOutputStream(1024);
            String startLine = readLine(in, raw, true);
            if (startLine == null) {
                return null;
            }
            Map<String, String> headers = new ConcurrentHashMap<>();
            while (true) {
                String line = readLine(in, raw, false);
                if (line.isEmpty()) {
                    break;
                }
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.merge(
                            line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            line.substring(colon + 1).trim(),
                            (a, b) -> a + ", " + b);
                }
                if (raw.size() > MAX_HEAD_BYTES) {
                    throw new IOException("HTTP head over " + MAX_HEAD_BYTES + " bytes");
                }
            }
            int status = request ? 0 : status(startLine);
            boolean bodyless = noBody || status / 100 == 1 || status == 204 || status == 304;
            String transferEncoding = headers.get("transfer-encoding");
            String contentLength = headers.get("content-length");
            boolean untilClose = false;
            if (bodyless) {
                // no body
            } else if (transferEncoding != null
                    && transferEncoding.toLowerCase(Locale.ROOT).contains("chunked")) {
                copyChunked(in, raw);
            } else if (contentLength != null) {
                copyExactly(in, raw, Long.parseLong(contentLength.trim()));
            } else if (!request) {
                in.transferTo(raw);
                untilClose = true;
            }
            return new Message(raw.toByteArray(), startLine, headers, untilClose);
        }

        private static int status(String startLine) throws IOException {
            String[] parts = startLine.split(" ", 3);
            try {
                return Integer.parseInt(parts[1]);
            } catch (RuntimeException e) {
                throw new IOException("Not an HTTP status line", e);
            }
        }

        /** A line without its CRLF (its bytes, CRLF included, go to {@code raw}); {@code null} at a clean EOF. */
        private static String readLine(InputStream in, ByteArrayOutputStream raw, boolean eofAllowed)
                throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream(128);
            while (true) {
                int b = in.read();
                if (b < 0) {
                    if (eofAllowed && line.size() == 0) {
                        return null;
                    }
                    throw new EOFException("Connection closed inside an HTTP message");
                }
                raw.write(b);
                if (b == '\n') {
                    byte[] bytes = line.toByteArray();
                    int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                    return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
                }
                line.write(b);
                if (line.size() > MAX_HEAD_BYTES) {
                    throw new IOException("HTTP line over " + MAX_HEAD_BYTES + " bytes");
                }
            }
        }

        private static void copyChunked(InputStream in, ByteArrayOutputStream raw) throws IOException {
            while (true) {
                String sizeLine = readLine(in, raw, false);
                int semicolon = sizeLine.indexOf(';');
                long size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
                if (size == 0) {
                    while (!readLine(in, raw, false).isEmpty()) {
                        // trailers
                    }
                    return;
                }
                copyExactly(in, raw, size);
                readLine(in, raw, false);
            }
        }

        private static void copyExactly(InputStream in, ByteArrayOutputStream raw, long length) throws IOException {
            byte[] buffer = new byte[8192];
            long left = length;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new EOFException("Connection closed inside an HTTP body");
                }
                raw.write(buffer, 0, n);
                left -= n;
            }
        }
    }
}
