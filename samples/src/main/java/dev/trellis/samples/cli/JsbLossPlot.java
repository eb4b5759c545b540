package dev.trellis.samples.cli;

import dev.trellis.samples.files.OutputFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The loss curve of {@code jsb train} as a PNG: the loss per observation that each step returned, against the step
 * (0-based, as hmm.py logs it). MAP losses here are exact, not Monte Carlo estimates, so a plain linear axis with no
 * smoothing shows them; a subsampled run's curve is noisy because each batch is different.
 */
final class JsbLossPlot {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 520;

    private JsbLossPlot() {}

    static void write(Path file, String title, double[] lossPerObservation) throws IOException {
        System.setProperty("java.awt.headless", "true");
        var series = new XYSeries("loss / observation (with the prior)");
        for (int step = 0; step < lossPerObservation.length; step++) {
            series.add(step, lossPerObservation[step]);
        }
        var renderer = new XYLineAndShapeRenderer(true, lossPerObservation.length <= 60);
        renderer.setSeriesPaint(0, new Color(31, 119, 180));
        renderer.setSeriesStroke(0, new BasicStroke(1.5f));
        var yAxis = new NumberAxis("loss per observation");
        yAxis.setAutoRangeIncludesZero(false);
        var plot = new XYPlot(new XYSeriesCollection(series), new NumberAxis("step"), yAxis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        var chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        OutputFiles.writePng(file, chart, WIDTH, HEIGHT);
    }
}
