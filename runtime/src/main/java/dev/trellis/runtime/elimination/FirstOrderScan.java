package dev.trellis.runtime.elimination;

final class FirstOrderScan {
    static TapeStep run(Tape tape, ScanPlan plan) {
        return ReferenceScan.run(tape, plan);
    }
}
