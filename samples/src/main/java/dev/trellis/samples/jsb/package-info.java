/**
 * The JSB chorales and a reference implementation of the six models of Pyro's {@code examples/hmm.py} trained on
 * them (hmm, arhmm, fhmm, pfhmm, nnhmm, hmm2), and their DSL models, whose generated programs the commands run.
 *
 * <p>{@link dev.trellis.samples.jsb.JsbChorales} loads and preprocesses the data as hmm.py does;
 * {@link dev.trellis.samples.jsb.JsbModel} computes {@code -log p(y | params)} and the log prior as plain
 * differentiable tensor expressions (the oracle for generated inference code); and
 * {@link dev.trellis.samples.jsb.MapBaumWelch} trains them as hmm.py does (AutoDelta coordinates, Adam). Every number
 * matches Pyro 1.8.6 ({@code shared/golden/jsb_hmm.json}, {@code jsb_hmm_svi.json}, {@code nnhmm.json}).
 */
package dev.trellis.samples.jsb;
