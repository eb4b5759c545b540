package dev.trellis.samples.cli;

import dev.trellis.samples.files.OutputFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.SeriesRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The {@code nilm} disaggregation as a PNG over one time axis: at the top the meter's aggregate reading with the
 * reconstruction from the decoded paths (base load plus the learned draw of every appliance decoded on); under it one
 * panel per appliance with its true draw (its power while truly on) and its decoded draw (the learned power while the
 * MAP assignment has it on), so that a missed or invented switch shows as a gap between the two.
 */
final class NilmPlot {
    private static final int WIDTH = 1200;
    private static final int AGGREGATE_HEIGHT = 300;
    private static final int PANEL_HEIGHT = 130;
    private static final Color READING = new Color(120, 120, 120);
    private static final Color DECODED = new Color(214, 39, 40);
    private static final Color TRUTH = new Color(31, 119, 180);
    private static final BasicStroke DASHED = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {6f, 3f}, 0f);

    private NilmPlot() {}

    /**
     * @param names the appliances, in the order of the rows below
     * @param reading the aggregate reading at each step
     * @param trueOn {@code [appliance][t]}, 1 where truly on
     * @param truePower each appliance's true draw
     * @param mapOn {@code [appliance][t]}, 1 where the MAP assignment has it on
     * @param learnedPower each appliance's learned draw
     * @param learnedBase the learned base load
     */
    static void write(Path file, String title, String[] names, double[] reading, int[][] trueOn, double[] truePower,
            int[][] mapOn, double[] learnedPower, double learnedBase) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int steps = reading.length;
        var stepAxis = new NumberAxis("minute");
        stepAxis.setRange(0, Math.max(1, steps - 1));
        var plot = new CombinedDomainXYPlot(stepAxis);
        plot.setGap(6);

        var meter = new XYSeries("aggregate reading");
        var reconstruction = new XYSeries("base + decoded draws");
        for (int t = 0; t < steps; t++) {
            meter.add(t, reading[t]);
            double total = learnedBase;
            for (int i = 0; i < names.length; i++) {
                total += mapOn[i][t] * learnedPower[i];
            }
            reconstruction.add(t, total);
        }
        var pair = new XYSeriesCollection(meter);
        pair.addSeries(reconstruction);
        var aggregate = panel(pair, "watts", READING, new BasicStroke(1f), DECODED, DASHED);
        plot.add(aggregate, AGGREGATE_HEIGHT);
        // The appliance panels repeat one pair of series: the legend names the aggregate's and the first pair.
        var legend = new LegendItemCollection();
        legend.addAll(aggregate.getLegendItems());

        for (int i = 0; i < names.length; i++) {
            var truth = new XYSeries("true draw");
            var decoded = new XYSeries("decoded draw (MAP)");
            for (int t = 0; t < steps; t++) {
                truth.add(t, trueOn[i][t] * truePower[i]);
                decoded.add(t, mapOn[i][t] * learnedPower[i]);
            }
            var series = new XYSeriesCollection(truth);
            series.addSeries(decoded);
            XYPlot appliance = panel(series, names[i] + " (W)", TRUTH, new BasicStroke(2.5f), DECODED, DASHED);
            plot.add(appliance, PANEL_HEIGHT);
            if (i == 0) {
                legend.addAll(appliance.getLegendItems());
            }
        }
        var chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        plot.setFixedLegendItems(legend);
        OutputFiles.writePng(file, chart, WIDTH,
                AGGREGATE_HEIGHT + names.length * PANEL_HEIGHT + 120);
    }

    private static XYPlot panel(XYSeriesCollection data, String label, Color first, BasicStroke firstStroke,
            Color second, BasicStroke secondStroke) {
        var renderer = new XYStepRenderer();
        renderer.setSeriesPaint(0, first);
        renderer.setSeriesStroke(0, firstStroke);
        renderer.setSeriesPaint(1, second);
        renderer.setSeriesStroke(1, secondStroke);
        var axis = new NumberAxis(label);
        axis.setAutoRangeIncludesZero(true);
        var panel = new XYPlot(data, null, axis, renderer);
        panel.setBackgroundPaint(Color.WHITE);
        panel.setDomainGridlinePaint(Color.LIGHT_GRAY);
        panel.setRangeGridlinePaint(Color.LIGHT_GRAY);
        panel.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        panel.setSeriesRenderingOrder(SeriesRenderingOrder.FORWARD);
        return panel;
    }
}
