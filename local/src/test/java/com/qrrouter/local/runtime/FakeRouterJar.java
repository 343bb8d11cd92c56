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
            for (Class<?> library : List.of(RequestHandler.class, SQSEvent.class)) {
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

    /** A record of the queue {@code q} whose body tells {@link FakeRouterHandler} what to do. */
    public static SqsRecord record(String id, String body) {
        return new SqsRecord(
                id,
                "receipt-" + id,
                body,
                null,
                null,
                "arn:aws:sqs:eu-west-1:000000000000:q",
                "eu-west-1",
                Map.of("ApproximateReceiveCount", "1"),
                Map.of());
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
