package dev.trellis.samples.cli;

import dev.trellis.samples.files.OutputFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.nio.file.Path;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.SeriesRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The {@code hmm-gaussian} fit as a PNG, two panels over one time axis: above, the readings with the fitted mean of
 * the MAP state at each step (a step line: where it jumps, the decoded state changes); below, the true state and the
 * MAP state (in the true labels) as step lines, so that every disagreement shows as a gap between them.
 */
final class GaussianHmmPlot {
    private static final int WIDTH = 1200;
    private static final int HEIGHT = 700;
    private static final Color READINGS = new Color(120, 120, 120);
    private static final Color FITTED = new Color(214, 39, 40);
    private static final Color TRUE_STATE = new Color(31, 119, 180);

    private GaussianHmmPlot() {}

    /**
     * @param series the readings
     * @param fittedLocs the fitted mean of each state, in the labels of {@code mapPath}
     * @param trueStates the true state of each step
     * @param mapPath the MAP state of each step, in the true labels
     */
    static void write(Path file, String title, double[] series, double[] fittedLocs, int[] trueStates,
            int[] mapPath) throws IOException {
        System.setProperty("java.awt.headless", "true");
        var readings = new XYSeries("reading");
        var fittedMean = new XYSeries("fitted mean of the MAP state");
        var truth = new XYSeries("true state");
        var map = new XYSeries("MAP state (Viterbi at the fit)");
        for (int t = 0; t < series.length; t++) {
            readings.add(t, series[t]);
            fittedMean.add(t, fittedLocs[mapPath[t]]);
            truth.add(t, trueStates[t]);
            map.add(t, mapPath[t]);
        }

        var dots = new XYLineAndShapeRenderer(true, series.length <= 300);
        dots.setSeriesPaint(0, READINGS);
        dots.setSeriesStroke(0, new BasicStroke(0.6f));
        dots.setSeriesShape(0, new Ellipse2D.Double(-1.5, -1.5, 3, 3));
        var readingAxis = new NumberAxis("reading");
        readingAxis.setAutoRangeIncludesZero(false);
        XYPlot top = new XYPlot(new XYSeriesCollection(readings), null, readingAxis, dots);
        var means = new XYStepRenderer();
        means.setSeriesPaint(0, FITTED);
        means.setSeriesStroke(0, new BasicStroke(2f));
        top.setDataset(1, new XYSeriesCollection(fittedMean));
        top.setRenderer(1, means);

        var states = new XYStepRenderer();
        states.setSeriesPaint(0, TRUE_STATE);
        states.setSeriesStroke(0, new BasicStroke(3f));
        states.setSeriesPaint(1, FITTED);
        states.setSeriesStroke(1, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {6f, 3f}, 0f));
        var stateAxis = new NumberAxis("state");
        stateAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        stateAxis.setAutoRangeIncludesZero(true);
        var pair = new XYSeriesCollection(truth);
        pair.addSeries(map);
        XYPlot bottom = new XYPlot(pair, null, stateAxis, states);

        var stepAxis = new NumberAxis("step");
        stepAxis.setRange(0, Math.max(1, series.length - 1));
        var plot = new CombinedDomainXYPlot(stepAxis);
        plot.add(top, 3);
        plot.add(bottom, 1);
        for (XYPlot panel : new XYPlot[] {top, bottom}) {
            // jfreechart draws the last dataset and series first by default; the fit and the MAP path go on top.
            panel.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
            panel.setSeriesRenderingOrder(SeriesRenderingOrder.FORWARD);
            panel.setBackgroundPaint(Color.WHITE);
            panel.setDomainGridlinePaint(Color.LIGHT_GRAY);
            panel.setRangeGridlinePaint(Color.LIGHT_GRAY);
        }
        var chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        OutputFiles.writePng(file, chart, WIDTH, HEIGHT);
    }
}
