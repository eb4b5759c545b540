package dev.trellis.corpus;

import dev.trellis.corpus.oracle.BruteForce;
import dev.trellis.corpus.oracle.SiteKind;
import dev.trellis.corpus.oracle.SiteSpec;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.svi.Program;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The classes the generator makes for a corpus model (§6 of the design note), called through reflection so that the
 * harness compiles before they exist: {@code <Model>Inference} (constructor {@code (Model)} or
 * {@code (Model, Map<String, Tensor> globals)}; {@code logLikelihood}, {@code marginals}, {@code viterbi},
 * {@code samplePosterior}, {@code simulate}) and {@code <Model>Program}. Arguments are matched to parameters by name:
 * observed sites take the case's data, plates their sizes, an {@code Rng} the given stream.
 */
final class GeneratedClasses {
    private final CorpusCase c;
    private final Object inference;

    private GeneratedClasses(CorpusCase c, Object inference) {
        this.c = c;
        this.inference = inference;
    }

    /** {@return the generated inference of the case's model, built on its model (and globals)} */
    static GeneratedClasses inference(CorpusCase c) {
        return inference(c, load(c.modelClass().getName() + "Inference"));
    }

    /** {@return an inference class of the §6 API for the case's model, built on its model (and globals)} */
    static GeneratedClasses inference(CorpusCase c, Class<?> type) {
        try {
            Object instance = c.hasGlobals()
                    ? type.getConstructor(c.modelClass(), Map.class).newInstance(c.model(), c.globals())
                    : type.getConstructor(c.modelClass()).newInstance(c.model());
            return new GeneratedClasses(c, instance);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(type.getSimpleName() + " has no public constructor of §6 or it failed: " + e, e);
        }
    }

    /** {@return the generated program of the case's model, on the given data} */
    static Program program(CorpusCase c, Map<String, Object> data) {
        Class<?> type = load(c.modelClass().getName() + "Program");
        for (Constructor<?> constructor : type.getConstructors()) {
            Parameter[] parameters = constructor.getParameters();
            if (parameters.length > 0 && parameters[0].getType() == c.modelClass()) {
                Object[] arguments = new Object[parameters.length];
                arguments[0] = c.model();
                Map<String, Integer> sizes = globalOnlyPlates(c);
                for (int i = 1; i < parameters.length; i++) {
                    arguments[i] = argument(c, data, sizes, parameters, i, null);
                }
                try {
                    return (Program) constructor.newInstance(arguments);
                } catch (InvocationTargetException e) {
                    throw rethrown(e);
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError(e);
                }
            }
        }
        throw new AssertionError(type.getSimpleName() + " has no constructor taking the model first");
    }

    double logLikelihood() {
        return (Double) call("logLikelihood", null);
    }

    Object marginals() {
        return call("marginals", null);
    }

    Object viterbi() {
        return call("viterbi", null);
    }

    Object samplePosterior(Rng rng) {
        return call("samplePosterior", rng);
    }

    Object simulate(Rng rng) {
        return call("simulate", rng);
    }

    Object predict(Rng rng) {
        return call("predict", rng);
    }

    /** {@return a component of a generated record, by name} */
    static Object component(Object record, String name) {
        try {
            return record.getClass().getMethod(name).invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(record.getClass().getSimpleName() + " has no component '" + name + "'", e);
        }
    }

    private Object call(String name, Rng rng) {
        List<Method> methods = Arrays.stream(inference.getClass().getMethods()).filter(m -> m.getName().equals(name))
                .toList();
        if (methods.size() != 1) {
            throw new AssertionError(inference.getClass().getSimpleName() + " has " + methods.size() + " methods '"
                    + name + "', expected one");
        }
        Method method = methods.get(0);
        Parameter[] parameters = method.getParameters();
        Object[] arguments = new Object[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            arguments[i] = argument(c, c.data(), c.plateSizes(), parameters, i, rng);
        }
        try {
            return method.invoke(inference, arguments);
        } catch (InvocationTargetException e) {
            throw rethrown(e);
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * The argument of parameter {@code index}: by name an observed site's data, a plate's size, the globals; an
     * {@code Rng} by type. A size parameter whose name is not a plate's (today's {@code simulate(int steps, Rng)},
     * a program's {@code componentsSize}) gets the plate its name starts with, or else the only plate of
     * {@code sizes} that no parameter names.
     */
    private static Object argument(CorpusCase c, Map<String, Object> data, Map<String, Integer> sizes,
            Parameter[] parameters, int index, Rng rng) {
        Parameter parameter = parameters[index];
        if (parameter.getType() == Rng.class) {
            return rng;
        }
        if (!parameter.isNamePresent()) {
            throw new AssertionError("the generated classes must be compiled with -parameters: the harness matches "
                    + "arguments by name");
        }
        String name = parameter.getName();
        if (data.containsKey(name)) {
            return TypedArguments.convert(data.get(name), parameter.getParameterizedType(), c + " " + name);
        }
        if (parameter.getType() == Map.class && name.equals("globals")) {
            return c.globals();
        }
        String plate = plateOf(name, sizes, Arrays.stream(parameters).filter(q -> !data.containsKey(q.getName()))
                .toArray(Parameter[]::new));
        if (plate != null && (parameter.getType() == int.class || parameter.getType() == Integer.class)) {
            return sizes.get(plate);
        }
        throw new AssertionError(c + ": generated parameter '" + name + "' (" + parameter.getParameterizedType()
                + ") names no observed site or plate of the case; data " + data.keySet() + ", plates "
                + sizes.keySet());
    }

    /** @param parameters the parameters that do not take data */
    private static String plateOf(String name, Map<String, Integer> sizes, Parameter[] parameters) {
        if (sizes.containsKey(name)) {
            return name;
        }
        List<String> prefixes = sizes.keySet().stream().filter(name::startsWith).toList();
        if (prefixes.size() == 1) {
            return prefixes.get(0);
        }
        List<String> unnamed = sizes.keySet().stream()
                .filter(p -> Arrays.stream(parameters).noneMatch(q -> q.getName().startsWith(p))).toList();
        long unmatched = Arrays.stream(parameters).filter(q -> q.getType() == int.class || q.getType() == Integer.class)
                .filter(q -> sizes.keySet().stream().noneMatch(q.getName()::startsWith)).count();
        return unnamed.size() == 1 && unmatched == 1 ? unnamed.get(0) : null;
    }

    /** The plates a program's constructor takes sizes of: those no observed site sits in (§6). */
    private static Map<String, Integer> globalOnlyPlates(CorpusCase c) {
        BruteForce oracle = BruteForce.of(c.modelClass());
        Map<String, Integer> sizes = new java.util.LinkedHashMap<>(c.plateSizes());
        for (SiteSpec site : oracle.schema().sites()) {
            if (site.kind() != SiteKind.LATENT) {
                site.plates().forEach(sizes::remove);
            }
        }
        return sizes;
    }

    private static RuntimeException rethrown(InvocationTargetException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(cause);
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(name + " was not generated (is annotation processing on for the corpus?)", e);
        }
    }
}
