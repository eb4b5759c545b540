package dev.trellis.processor.ir;

/**
 * A site's {@code @Markov} declaration: it is a chain along the ordered plate {@code over}, and
 * may read up to {@code history} earlier steps.
 */
public record Chain(String over, int history, SourceRef source) {}
