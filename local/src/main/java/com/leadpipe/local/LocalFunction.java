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
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One function of the template as Lambda runs it: up to {@code instances} "containers" at once,
 * each its own handler object (built through the constructor tests use, local clients, config and
 * clock injected by type) invoked one event at a time; a new one is built only when all are busy,
 * as Lambda scales out. Each invocation is held to the function's {@code Timeout}: past it the
 * caller gets {@link TimedOutException} and that container is thrown away (Lambda resets it), its
 * thread interrupted.
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
    private final Class<?> handlerClass;
    private final Supplier<Object> build;
    private final Method method;
    private final Semaphore slots;
    private final Queue<Object> idle = new ConcurrentLinkedQueue<>();
    private final AtomicInteger built = new AtomicInteger();

    private LocalFunction(SamTemplate.Function spec, String functionName, Object first, Supplier<Object> build,
                          Method method, int instances) {
        this.logicalId = spec.logicalId();
        this.functionName = functionName;
        this.spec = spec;
        this.handlerClass = first.getClass();
        this.build = build;
        this.method = method;
        this.slots = new Semaphore(instances, true);
        idle.add(first);
        built.set(1);
    }

    /** One instance at a time, as before: for tests of a single container. */
    public static LocalFunction create(SamTemplate.Function spec, String functionName,
                                       Function<Class<?>, Optional<Object>> injectables) {
        return create(spec, functionName, injectables, 1);
    }

    /**
     * Builds the handler through the public constructor with the most parameters that
     * {@code injectables} can all fill (by declared type; {@code Supplier<X>} when X can be filled).
     * A no-argument constructor, which reads the Lambda environment, is used only when it is the
     * only one.
     */
    public static LocalFunction create(SamTemplate.Function spec, String functionName,
                                       Function<Class<?>, Optional<Object>> injectables, int instances) {
        if (instances < 1) {
            throw new IllegalArgumentException("instances must be at least 1");
        }
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
                Supplier<Object> build = () -> {
                    try {
                        return constructor.newInstance(arguments.get());
                    } catch (InvocationTargetException e) {
                        throw new TemplateException(spec.handlerClass() + " could not be built: " + e.getCause());
                    } catch (ReflectiveOperationException e) {
                        throw new TemplateException(spec.handlerClass() + " could not be built: " + e);
                    }
                };
                // The first container is built now, so a handler that cannot start is reported at start.
                return new LocalFunction(spec, functionName, build.get(), build,
                        handlerMethod(type, spec.handlerMethod(), where), instances);
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
        return handlerClass;
    }

    /** How many containers (handler objects) were built so far: one per concurrent invocation at most. */
    public int containersBuilt() {
        return built.get();
    }

    /**
     * Invokes a free container's handler with {@code event}, converted to its declared input type if
     * it is not already one (a JSON-shaped map becomes e.g. a {@code ScheduledEvent}), and returns
     * the result converted to {@code resultType}. Waits while all containers are busy.
     *
     * @throws InvocationException when the handler throws: Lambda would report a function error
     * @throws TimedOutException when it runs past the function's Timeout
     */
    public <T> T invoke(Object event, Class<T> resultType) throws InvocationException {
        slots.acquireUninterruptibly();
        Object handler;
        try {
            handler = container();
        } catch (RuntimeException e) {
            slots.release();
            throw new InvocationException(logicalId, e);
        }
        LocalContext context = LocalContext.start(functionName, UUID.randomUUID().toString(), spec.memoryMb(),
                spec.timeoutSeconds());
        FutureTask<Object> run = new FutureTask<>(() -> call(handler, event, context));
        Thread thread = Thread.ofVirtual().name(logicalId + "-" + context.requestId()).start(run);
        boolean reusable = true;
        try {
            Object result = run.get(spec.timeoutSeconds(), TimeUnit.SECONDS);
            return result == null || resultType.isInstance(result) ? resultType.cast(result)
                    : JSON.convertValue(result, resultType);
        } catch (TimeoutException e) {
            reusable = false; // Lambda throws the container away; the next invocation starts a fresh one
            run.cancel(true);
            thread.interrupt();
            built.decrementAndGet();
            throw new TimedOutException(logicalId, spec.timeoutSeconds());
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case InvocationTargetException thrown -> throw new InvocationException(logicalId, thrown.getCause());
                case IOException io -> throw new UncheckedIOException(io);
                case RuntimeException conversion -> throw conversion;
                case Error error -> throw error;
                default -> throw new IllegalStateException(e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InvocationException(logicalId, e);
        } finally {
            if (reusable) {
                idle.add(handler);
            }
            slots.release();
        }
    }

    /** An idle container, or a new one when all that exist are busy (a cold start). */
    private Object container() {
        Object handler = idle.poll();
        if (handler != null) {
            return handler;
        }
        Object fresh = build.get();
        built.incrementAndGet();
        return fresh;
    }

    private Object call(Object handler, Object event, LocalContext context) throws Exception {
        if (isStreamHandler(method)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            method.invoke(handler, new ByteArrayInputStream(JSON.writeValueAsBytes(event)), out, context);
            return out.size() == 0 ? null : JSON.readTree(out.toByteArray());
        }
        Object input = convert(event, method.getGenericParameterTypes()[0]);
        return method.getParameterCount() == 2 ? method.invoke(handler, input, context) : method.invoke(handler, input);
    }

    private static Object convert(Object event, Type target) {
        if (target instanceof Class<?> c && c.isInstance(event)) {
            return event;
        }
        return EVENTS.convertValue(event, EVENTS.constructType(target));
    }

    /** The handler threw: what Lambda reports as a function error (the API then answers 500). */
    public static class InvocationException extends Exception {
        public InvocationException(String function, Throwable cause) {
            super(function + " failed: " + cause.getClass().getName(), cause);
        }

        /** What went wrong, for the console: the exception's class, or that the Timeout passed. */
        public String reason() {
            return getCause().getClass().getName();
        }
    }

    /**
     * The handler ran past the function's Timeout: Lambda stops it and reports a function error
     * ("Task timed out after N seconds"); API Gateway's HTTP API then answers 500.
     */
    public static final class TimedOutException extends InvocationException {
        public TimedOutException(String function, int timeoutSeconds) {
            super(function, new TimeoutException(String.format(java.util.Locale.ROOT,
                    "Task timed out after %d.00 seconds (its Timeout in the template)", timeoutSeconds)));
        }

        @Override
        public String getMessage() {
            return getCause().getMessage();
        }

        @Override
        public String reason() {
            return getMessage();
        }
    }
}
