package dev.trellis.corpus.models;

import dev.trellis.dsl.Enumerate;
import dev.trellis.dsl.Markov;
import dev.trellis.dsl.Model;
import dev.trellis.dsl.Observed;
import dev.trellis.dsl.Plate;
import dev.trellis.dsl.Previous;
import dev.trellis.dsl.Sample;
import dev.trellis.runtime.distributions.Categorical;
import dev.trellis.runtime.tensor.Tensor;

/** Corpus #19: a chain {@code x} over {@code time}; per step a plate of notes, each note an enumerated {@code n}. */
@Model
public class NotesPerStep {
    private final Tensor initial;
    private final Tensor transition;
    private final Tensor noteTable;
    private final Tensor emission;

    /** Tables: initial [Kx]; transition [Kx, Kx]; noteTable [Kx, Kn]; emission [Kn, S]. */
    public NotesPerStep(Tensor initial, Tensor transition, Tensor noteTable, Tensor emission) {
        this.initial = initial;
        this.transition = transition;
        this.noteTable = noteTable;
        this.emission = emission;
    }

    @Sample @Markov(over = "time") @Enumerate
    Categorical x(@Previous Integer previous) {
        return previous == null ? Categorical.of(initial) : Categorical.of(transition.row(previous));
    }

    @Sample @Plate({"time", "notes"}) @Enumerate
    Categorical n(int x) {
        return Categorical.of(noteTable.row(x));
    }

    @Sample @Plate({"time", "notes"}) @Observed
    Categorical y(int n) {
        return Categorical.of(emission.row(n));
    }
}
