package com.leadpipe.conformance;

import java.util.HashMap;
import java.util.Map;

/** A template function as bench/snapstart runs it: without SnapStart, or with more environment or JVM options. */
final class BenchFunctions {

    private BenchFunctions() {
    }

    /** The same function configured as without SnapStart: on-demand init, no CRaC hooks, no priming. */
    static ConformanceStack.Function onDemand(ConformanceStack.Function f) {
        return new ConformanceStack.Function(f.logicalId(), f.functionName(), f.handler(), f.memoryMb(), f.timeoutSeconds(),
                false, f.environment(), f.logFormat(), f.logLevel(), f.spec());
    }

    static ConformanceStack.Function withEnvironment(ConformanceStack.Function f, String name, String value) {
        Map<String, String> env = new HashMap<>(f.environment());
        env.put(name, value);
        return new ConformanceStack.Function(f.logicalId(), f.functionName(), f.handler(), f.memoryMb(), f.timeoutSeconds(),
                f.snapStart(), Map.copyOf(env), f.logFormat(), f.logLevel(), f.spec());
    }

    /** {@code options} appended to the template's {@code JAVA_TOOL_OPTIONS}. */
    static ConformanceStack.Function withJavaOptions(ConformanceStack.Function f, String options) {
        Map<String, String> env = new HashMap<>(f.environment());
        env.merge("JAVA_TOOL_OPTIONS", options, (a, b) -> a + " " + b);
        return new ConformanceStack.Function(f.logicalId(), f.functionName(), f.handler(), f.memoryMb(), f.timeoutSeconds(),
                f.snapStart(), Map.copyOf(env), f.logFormat(), f.logLevel(), f.spec());
    }
}
