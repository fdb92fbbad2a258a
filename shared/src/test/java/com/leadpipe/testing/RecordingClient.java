package com.leadpipe.testing;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * An SDK client for unit tests of pure handler logic: records every call and answers with an
 * empty response (or a given one). Integration tests use the real emulators instead.
 */
public final class RecordingClient<T> {

    /** One call: the operation name and its request object. */
    public record Call(String operation, Object request) {
    }

    private final List<Call> calls = new ArrayList<>();
    private final T client;

    @SuppressWarnings("unchecked")
    private RecordingClient(Class<T> type, Map<String, Function<Object, Object>> answers) {
        this.client = (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return method.invoke(this, args);
            }
            if (method.getName().equals("close") || method.getName().equals("serviceName")) {
                return method.getName().equals("serviceName") ? type.getSimpleName() : null;
            }
            Object request = args == null || args.length == 0 ? null : args[0];
            calls.add(new Call(method.getName(), request));
            Function<Object, Object> answer = answers.get(method.getName());
            return answer != null ? answer.apply(request) : emptyResponse(method);
        });
    }

    public static <T> RecordingClient<T> of(Class<T> type) {
        return new RecordingClient<>(type, Map.of());
    }

    public static <T> RecordingClient<T> of(Class<T> type, Map<String, Function<Object, Object>> answers) {
        return new RecordingClient<>(type, answers);
    }

    public T client() {
        return client;
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<String> operations() {
        return calls.stream().map(Call::operation).toList();
    }

    private static Object emptyResponse(Method method) throws ReflectiveOperationException {
        Class<?> type = method.getReturnType();
        try {
            Method builderMethod = type.getMethod("builder");
            Object builder = builderMethod.invoke(null);
            // build() through the public Builder interface: the implementation class is private.
            return builderMethod.getReturnType().getMethod("build").invoke(builder);
        } catch (InvocationTargetException | NoSuchMethodException e) {
            throw new UnsupportedOperationException("no default answer for " + method.getName(), e);
        }
    }
}
