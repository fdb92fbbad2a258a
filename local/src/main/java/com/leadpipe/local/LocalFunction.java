package com.leadpipe.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.leadpipe.local.SamTemplate.TemplateException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One function of the template as a local "container": its handler class, built once through the
 * constructor tests use (local clients, config, clock injected by type), invoked one event at a
 * time as Lambda invokes one container.
 */
public final class LocalFunction {

    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Events arrive as Lambda's wire JSON ({@code Records}, {@code eventSourceARN}); the event POJOs'
     * bean names differ in case only, which Lambda's runtime bridges with its own mix-ins.
     */
    private static final ObjectMapper EVENTS = JsonMapper.builder()
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final String logicalId;
    private final String functionName;
    private final SamTemplate.Function spec;
    private final Object handler;
    private final Method method;
    private final ReentrantLock container = new ReentrantLock();

    private LocalFunction(SamTemplate.Function spec, String functionName, Object handler, Method method) {
        this.logicalId = spec.logicalId();
        this.functionName = functionName;
        this.spec = spec;
        this.handler = handler;
        this.method = method;
    }

    /**
     * Builds the handler through the public constructor with the most parameters that
     * {@code injectables} can all fill (by declared type; {@code Supplier<X>} when X can be filled).
     * A no-argument constructor, which reads the Lambda environment, is used only when it is the
     * only one.
     */
    public static LocalFunction create(SamTemplate.Function spec, String functionName,
                                       Function<Class<?>, Optional<Object>> injectables) {
        String where = "Resources." + spec.logicalId() + ".Properties.Handler";
        Class<?> type;
        try {
            type = Class.forName(spec.handlerClass());
        } catch (ClassNotFoundException e) {
            throw new TemplateException(where + ": class " + spec.handlerClass()
                    + " is not on the local runner's classpath (add its module to local/pom.xml)");
        }
        List<Constructor<?>> constructors = Arrays.stream(type.getConstructors())
                .sorted(Comparator.comparingInt((Constructor<?> c) -> -c.getParameterCount()))
                .toList();
        for (Constructor<?> constructor : constructors) {
            if (constructor.getParameterCount() == 0 && constructors.size() > 1) {
                continue;
            }
            Optional<Object[]> arguments = arguments(constructor, injectables);
            if (arguments.isPresent()) {
                Object handler;
                try {
                    handler = constructor.newInstance(arguments.get());
                } catch (InvocationTargetException e) {
                    throw new TemplateException(spec.handlerClass() + " could not be built: " + e.getCause());
                } catch (ReflectiveOperationException e) {
                    throw new TemplateException(spec.handlerClass() + " could not be built: " + e);
                }
                return new LocalFunction(spec, functionName, handler, handlerMethod(type, spec.handlerMethod(), where));
            }
        }
        List<String> missing = constructors.isEmpty() ? List.of() : Arrays.stream(constructors.get(0).getGenericParameterTypes())
                .filter(t -> valueFor(t, injectables).isEmpty())
                .map(t -> t.getTypeName().replaceAll("[a-z0-9_]+\\.", ""))
                .toList();
        throw new TemplateException(spec.handlerClass() + " has no public constructor the local runner can fill"
                + (missing.isEmpty() ? "" : " (it cannot give " + String.join(", ", missing) + ")")
                + ". Add one taking only some of: LeadpipeConfig or another settings type with a static"
                + " from(Map<String, String>), DynamoDbClient, SesV2Client, SqsClient (or a Supplier of one),"
                + " AwsClients, CampaignCatalog, Clock, Log.");
    }

    private static Optional<Object[]> arguments(Constructor<?> constructor,
                                                Function<Class<?>, Optional<Object>> injectables) {
        Type[] types = constructor.getGenericParameterTypes();
        Object[] values = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            Optional<Object> value = valueFor(types[i], injectables);
            if (value.isEmpty()) {
                return Optional.empty();
            }
            values[i] = value.get();
        }
        return Optional.of(values);
    }

    private static Optional<Object> valueFor(Type type, Function<Class<?>, Optional<Object>> injectables) {
        if (type instanceof Class<?> c) {
            return injectables.apply(c);
        }
        if (type instanceof ParameterizedType p && p.getRawType() == Supplier.class
                && p.getActualTypeArguments()[0] instanceof Class<?> c) {
            return injectables.apply(c).map(v -> (Supplier<?>) () -> v);
        }
        return Optional.empty();
    }

    /** {@code name(event)}, {@code name(event, Context)} or the stream form {@code name(in, out, Context)}. */
    private static Method handlerMethod(Class<?> type, String name, String where) {
        return Arrays.stream(type.getMethods())
                .filter(m -> m.getName().equals(name) && !m.isBridge() && !Modifier.isStatic(m.getModifiers()))
                .filter(m -> m.getParameterCount() == 1 || m.getParameterCount() == 2 && m.getParameterTypes()[1] == Context.class
                        || isStreamHandler(m))
                .max(Comparator.comparingInt(Method::getParameterCount))
                .orElseThrow(() -> new TemplateException(where + ": " + type.getName() + " has no public method " + name
                        + "(event[, Context])"));
    }

    private static boolean isStreamHandler(Method m) {
        Class<?>[] p = m.getParameterTypes();
        return p.length == 3 && p[0] == InputStream.class && p[1] == OutputStream.class && p[2] == Context.class;
    }

    public String logicalId() {
        return logicalId;
    }

    public SamTemplate.Function spec() {
        return spec;
    }

    public Class<?> handlerClass() {
        return handler.getClass();
    }

    /**
     * Invokes the handler with {@code event}, converted to its declared input type if it is not
     * already one (a JSON-shaped map becomes e.g. a {@code ScheduledEvent}), and returns the result
     * converted to {@code resultType}.
     *
     * @throws InvocationException when the handler throws: Lambda would report a function error
     */
    public <T> T invoke(Object event, Class<T> resultType) throws InvocationException {
        LocalContext context = LocalContext.start(functionName, UUID.randomUUID().toString(), spec.memoryMb(),
                spec.timeoutSeconds());
        container.lock();
        try {
            Object result;
            if (isStreamHandler(method)) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                method.invoke(handler, new ByteArrayInputStream(JSON.writeValueAsBytes(event)), out, context);
                result = out.size() == 0 ? null : JSON.readTree(out.toByteArray());
            } else {
                Object input = convert(event, method.getGenericParameterTypes()[0]);
                result = method.getParameterCount() == 2 ? method.invoke(handler, input, context)
                        : method.invoke(handler, input);
            }
            return result == null || resultType.isInstance(result) ? resultType.cast(result)
                    : JSON.convertValue(result, resultType);
        } catch (InvocationTargetException e) {
            throw new InvocationException(logicalId, e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            container.unlock();
        }
    }

    private static Object convert(Object event, Type target) {
        if (target instanceof Class<?> c && c.isInstance(event)) {
            return event;
        }
        return EVENTS.convertValue(event, EVENTS.constructType(target));
    }

    /** The handler threw: what Lambda reports as a function error (the API then answers 500). */
    public static final class InvocationException extends Exception {
        public InvocationException(String function, Throwable cause) {
            super(function + " failed: " + cause.getClass().getName(), cause);
        }
    }
}
