package com.qrrouter.router.testing;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Wraps a DynamoDB client so that every API call first waits a fixed time: the round trip of the real service. */
public final class DelayedDynamoDb {

    private static final Set<String> NOT_DELAYED = Set.of("serviceName", "close", "serviceClientConfiguration");

    private DelayedDynamoDb() {}

    public static DynamoDbClient wrap(DynamoDbClient delegate, Duration latency) {
        return (DynamoDbClient) Proxy.newProxyInstance(
                DynamoDbClient.class.getClassLoader(),
                new Class<?>[] {DynamoDbClient.class},
                (proxy, method, args) -> invoke(delegate, latency, method, args));
    }

    private static Object invoke(DynamoDbClient delegate, Duration latency, Method method, Object[] args)
            throws Throwable {
        if (method.getDeclaringClass() != Object.class && !NOT_DELAYED.contains(method.getName())) {
            Thread.sleep(latency);
        }
        try {
            return method.invoke(delegate, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
