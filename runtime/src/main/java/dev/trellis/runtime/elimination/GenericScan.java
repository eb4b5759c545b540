package dev.trellis.runtime.elimination;

final class GenericScan {
    static TapeStep run(Tape tape, ScanPlan plan) {
        return ReferenceScan.run(tape, plan);
    }
}
