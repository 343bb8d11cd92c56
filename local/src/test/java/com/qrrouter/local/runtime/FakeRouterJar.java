package com.qrrouter.local.runtime;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.qrrouter.local.internal.FakeRouterHandler;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import org.joda.time.DateTime;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * A jar packed the way the router's is (handler + Lambda libraries), with {@link FakeRouterHandler} as its handler, so
 * that each failure mode of a Lambda invocation can be provoked.
 */
public final class FakeRouterJar {

    /** The handler of the jar, as a function configures it. */
    public static final String HANDLER = FakeRouterHandler.class.getName() + "::handleRequest";

    private FakeRouterJar() {}

    /** Packs the jar into {@code dir}. */
    public static Path pack(Path dir) throws IOException, URISyntaxException {
        Path jar = dir.resolve("fake-router.jar");
        Set<String> names = new HashSet<>();
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            String handlerEntry = FakeRouterHandler.class.getName().replace('.', '/') + ".class";
            try (InputStream in = FakeRouterHandler.class.getResourceAsStream("/" + handlerEntry)) {
                copy(out, names, handlerEntry, in);
            }
            // Lambda's libraries, as the router jar carries them; joda-time because Lambda's Java runtime loads it from
            // the function's class path to read an SQS event.
            for (Class<?> library : List.of(RequestHandler.class, SQSEvent.class, DateTime.class)) {
                try (JarFile libraryJar = new JarFile(location(library).toFile())) {
                    for (JarEntry entry : Collections.list(libraryJar.entries())) {
                        if (!entry.isDirectory() && entry.getName().endsWith(".class")) {
                            try (InputStream in = libraryJar.getInputStream(entry)) {
                                copy(out, names, entry.getName(), in);
                            }
                        }
                    }
                }
            }
        }
        return jar;
    }

    /** A message of the queue {@code q} whose body tells {@link FakeRouterHandler} what to do. */
    public static Message record(String id, String body) {
        return Message.builder()
                .messageId(id)
                .receiptHandle("receipt-" + id)
                .body(body)
                .md5OfBody("0")
                .attributesWithStrings(Map.of("ApproximateReceiveCount", "1"))
                .build();
    }

    /** SQS's event of {@code records} from the queue {@code q}, as Lambda sends it. */
    public static String event(List<Message> records) {
        return SqsEvents.event(records, "arn:aws:sqs:eu-west-1:000000000000:q", "eu-west-1");
    }

    /** The ids of the batch item failures in a function's answer to {@code records}, which must be valid. */
    public static List<String> failedIds(String answer, List<Message> records) {
        SqsEvents.BatchResponse response = SqsEvents.batchResponse(
                answer, records.stream().map(Message::messageId).collect(Collectors.toSet()));
        if (!response.valid()) {
            throw new AssertionError(
                    "Not a valid partial batch response (" + response.invalidReason() + "): " + answer);
        }
        return response.failedIds();
    }

    private static void copy(JarOutputStream out, Set<String> names, String name, InputStream in) throws IOException {
        if (names.add(name)) {
            out.putNextEntry(new JarEntry(name));
            in.transferTo(out);
            out.closeEntry();
        }
    }

    private static Path location(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
