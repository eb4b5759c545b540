package dev.trellis.runtime.elimination;

/**
 * The decided values seen from one instance of a plate (or from the root), read and written in the tape: a use of
 * a variable of that plate at lag l reads the value l instances earlier in the same sequence (a step of a scan),
 * a use of an enclosing plate's variable reads the enclosing instance's value.
 */
final class InstanceContext implements UseContext {

    private final Tape tape;
    private final int plate;
    int instance;

    InstanceContext(Tape tape, int plate) {
        this.tape = tape;
        this.plate = plate;
    }

    @Override
    public int value(int use) {
        return tape.valueAt(use, plate, instance);
    }

    @Override
    public void set(int use, int value) {
        tape.setValue(use, plate, instance, value);
    }
}
