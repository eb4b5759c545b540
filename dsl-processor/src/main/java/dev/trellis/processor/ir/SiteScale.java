package dev.trellis.processor.ir;

/**
 * A site's {@code @Scale}: its log-density is multiplied by the named factor, set per run on the generated program.
 *
 * @param factor the factor's name
 * @param source where the annotation was written
 */
public record SiteScale(String factor, SourceRef source) {}
