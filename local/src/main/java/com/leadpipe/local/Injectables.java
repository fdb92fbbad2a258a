package com.leadpipe.local;

import com.leadpipe.campaign.CampaignCatalog;
import com.leadpipe.local.SamTemplate.TemplateException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The values {@link LocalFunction} may pass to a handler's constructor, by parameter type. */
final class Injectables {

    private Injectables() {
    }

    /**
     * What a handler constructor may ask for: the local clients, clock, campaigns and log by type,
     * and settings objects built from the function's own environment in the template: any type
     * with a {@code public static T from(Map<String, String>)}, as LeadpipeConfig and NurtureConfig
     * read {@code System.getenv()} in Lambda. Built only when asked for, so a function is only held
     * to the settings it uses.
     */
    static Function<Class<?>, Optional<Object>> of(Map<Class<?>, Object> values, SamTemplate.Function spec,
                                                   Map<String, String> env, CampaignCheck campaigns) {
        return type -> {
            if (type == CampaignCatalog.class) {
                return Optional.of(campaigns.catalog());
            }
            if (values.containsKey(type)) {
                return Optional.of(values.get(type));
            }
            return fromEnvironment(type, env, spec);
        };
    }

    private static Optional<Object> fromEnvironment(Class<?> type, Map<String, String> env, SamTemplate.Function spec) {
        Method from;
        try {
            from = type.getMethod("from", Map.class);
        } catch (NoSuchMethodException e) {
            return Optional.empty();
        }
        if (!Modifier.isStatic(from.getModifiers()) || from.getReturnType() != type) {
            return Optional.empty();
        }
        try {
            return Optional.of(from.invoke(null, env));
        } catch (InvocationTargetException e) {
            throw new TemplateException("Resources." + spec.logicalId() + ".Properties.Environment: "
                    + type.getSimpleName() + ": " + e.getCause().getMessage());
        } catch (IllegalAccessException e) {
            return Optional.empty();
        }
    }
}
