package dev.trellis.samples.cli;

import dev.trellis.runtime.train.TrainingListener;
import java.io.PrintWriter;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar for a training run, as a {@link TrainingListener} of the runtime's trainer: drawn on the command's
 * error stream so that standard output holds only the report (and stays valid JSON with {@code --json}). It redraws
 * one line with carriage returns, in ASCII, and ends the line when closed.
 */
final class TrainingProgress implements AutoCloseable, TrainingListener {

    /** Wide enough for the task name, the bar and the step counts, narrow enough for an 80-column terminal. */
    private static final int WIDTH = 79;

    private final PrintWriter err;
    private final ProgressBar bar;

    TrainingProgress(PrintWriter err, String task, int steps) {
        this.err = err;
        this.bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(steps)
                .setStyle(ProgressBarStyle.ASCII)
                .setUnit(" steps", 1)
                .setUpdateIntervalMillis(200)
                // The library's console consumer wants a PrintStream and asks jline for the terminal's width; writing
                // to picocli's writer keeps the bar where the command's other messages go (and lets tests read it).
                .setConsumer(new DelegatingProgressBarConsumer(line -> {
                    err.print('\r' + line);
                    err.flush();
                }, WIDTH))
                .build();
    }

    /** Moves the bar to {@code step} steps done. */
    @Override
    public void afterStep(int step, double loss) {
        bar.stepTo(step);
    }

    /** Starts the bar at the steps a resumed run has already done. */
    @Override
    public void onStart(int stepsDone, int steps) {
        bar.stepTo(stepsDone);
    }

    /** Draws the final state and ends the line. */
    @Override
    public void close() {
        bar.close();
        err.println();
        err.flush();
    }
}
