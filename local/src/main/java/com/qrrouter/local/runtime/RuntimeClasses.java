package com.qrrouter.local.runtime;

import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * Where this package's classes are, to put beside the router jar on a child JVM's class path ({@link RouterJvm}):
 * {@link LambdaRuntime}, {@link LocalLambdaContext}, {@link RouterWire} and {@link JvmUsage} run there with the
 * deployable jar only. A class of its own, free of Lambda types, so
 * the caller's JVM can ask without the Lambda runtime library on its class path.
 */
public final class RuntimeClasses {

    private RuntimeClasses() {}

    /** The classes directory or jar of the local runtime. */
    public static Path location() {
        try {
            return Path.of(RuntimeClasses.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Cannot locate the local stack's runtime classes", e);
        }
    }
}
