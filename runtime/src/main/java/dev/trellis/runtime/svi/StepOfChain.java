package dev.trellis.runtime.svi;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One step of a site scored together with the site's other steps ({@link ChainSteps}): over the rows of the members
 * that have the step, its log-density at the step's recorded value is those rows of the stacked evaluation. Asked
 * anything else, it runs the site's method on the step's rows alone (once) and answers as that distribution does,
 * so it behaves exactly as the step's distribution of a run step by step.
 *
 * <p>Unlike the runtime's other distributions it is not immutable: it learns its value after the run draws it, and
 * belongs to that run.
 */
final class StepOfChain implements Distribution {

    final ChainSteps steps;
    final int step;
    /** Where this step's rows start among the stacked rows. */
    final int offset;
    final ActiveMembers members;
    final Tensor[] rows;
    /** The site's value at this step, whole over the plate, once the run has it. */
    @Nullable Tensor value;
    private final Supplier<Distribution> method;
    private final int[] eventShape;
    private @Nullable Distribution alone;

    StepOfChain(ChainSteps steps, int step, int offset, ActiveMembers members, Supplier<Distribution> method,
            Tensor[] rows, int[] eventShape) {
        this.steps = steps;
        this.step = step;
        this.offset = offset;
        this.members = members;
        this.method = method;
        this.rows = rows;
        this.eventShape = eventShape.clone();
    }

    /** {@return the number of rows: the members that have the step} */
    int count() {
        return members.count();
    }

    /**
     * The log-density of the step's value from the stacked evaluation, one entry per active member, when
     * {@code whole} is that value (the tensor the trace holds, not an equal one: gradients flow to it); else null.
     */
    @Nullable Tensor logProbOfWhole(Tensor whole) {
        return whole == value ? steps.logProbOf(this) : null;
    }

    /**
     * {@return the site's method on this step's rows alone, run the first time it is needed, broadcast to one row per
     * active member as a run step by step does}
     */
    Distribution alone() {
        if (alone == null) {
            alone = method.get().expand(batchShape());
        }
        return alone;
    }

    @Override
    public int[] batchShape() {
        return new int[] {count()};
    }

    @Override
    public int[] eventShape() {
        return eventShape.clone();
    }

    @Override
    public Constraint support() {
        return alone().support();
    }

    @Override
    public boolean isDiscrete() {
        return alone().isDiscrete();
    }

    /** With every member active the trace holds the value itself, so it may be scored from the stack. */
    @Override
    public Tensor logProb(Tensor value) {
        Tensor stacked = members.all() ? logProbOfWhole(value) : null;
        return stacked != null ? stacked : alone().logProb(value);
    }

    @Override
    public Tensor sample(Rng rng) {
        return alone().sample(rng);
    }

    @Override
    public boolean hasRsample() {
        return alone().hasRsample();
    }

    @Override
    public Tensor rsample(Rng rng) {
        return alone().rsample(rng);
    }

    @Override
    public Tensor mean() {
        return alone().mean();
    }

    @Override
    public Tensor variance() {
        return alone().variance();
    }

    @Override
    public Tensor entropy() {
        return alone().entropy();
    }

    @Override
    public String toString() {
        return "StepOfChain(step " + step + " of " + steps + ")";
    }
}
