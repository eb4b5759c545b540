package dev.trellis.corpus.oracle;

/**
 * One parameter of a site method: the site or {@code @Param} it reads, how many steps back along the target's Markov
 * plate ({@code lag} 0: the current value), and the value it receives before the start ({@code initial}, or null when
 * the parameter receives {@code null} there).
 *
 * @param parameter the Java parameter's name, for messages
 * @param type the parameter's declared type, which decides how a value is handed over (int, Integer, double,
 *     Tensor)
 * @param target the name of the site or {@code @Param} read
 * @param lag 0 for the current value, l for {@code @Previous(lag = l)}
 * @param initial {@code @Previous(initial = v)}'s v, or null
 */
public record Dependency(String parameter, Class<?> type, String target, int lag, Integer initial) {}
