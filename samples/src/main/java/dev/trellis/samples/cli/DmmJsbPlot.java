package dev.trellis.samples.cli;

import dev.trellis.samples.dmmjsb.JsbDmmTraining;
import dev.trellis.samples.files.OutputFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.nio.file.Path;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The {@code dmm-jsb} loss curve as a PNG: each epoch's training loss per time step (dmm.py's epoch figure) and the
 * test negative log-likelihood per time step at each evaluation, against the epoch.
 */
final class DmmJsbPlot {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 520;

    private DmmJsbPlot() {}

    static void write(Path file, JsbDmmTraining.Result result, int trainTimeSteps) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int epochs = result.trainLossPerTimeStep().length;
        double stepsPerEpoch = (double) result.losses().length / Math.max(1, epochs);
        var training = new XYSeries("training loss per time step (per epoch)");
        for (int epoch = 0; epoch < epochs; epoch++) {
            training.add(epoch + 1, result.trainLossPerTimeStep()[epoch]);
        }
        var test = new XYSeries("test NLL per time step");
        for (JsbDmmTraining.Evaluation evaluation : result.evaluations()) {
            test.add(evaluation.epoch() + 1, evaluation.testNllPerTimeStep());
        }
        var data = new XYSeriesCollection();
        data.addSeries(training);
        data.addSeries(test);
        var renderer = new XYLineAndShapeRenderer(true, true);
        renderer.setSeriesPaint(0, new Color(31, 119, 180));
        renderer.setSeriesStroke(0, new BasicStroke(1.5f));
        renderer.setSeriesShapesVisible(0, epochs <= 60);
        renderer.setSeriesPaint(1, new Color(214, 39, 40));
        renderer.setSeriesShape(1, new Ellipse2D.Double(-4, -4, 8, 8));
        var yAxis = new NumberAxis("nats per time step");
        yAxis.setAutoRangeIncludesZero(false);
        var plot = new XYPlot(data, new NumberAxis("epoch (" + Math.round(stepsPerEpoch) + " steps each; "
                + trainTimeSteps + " training time steps)"), yAxis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        var chart = new JFreeChart("dmm.py on the JSB chorales", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        OutputFiles.writePng(file, chart, WIDTH, HEIGHT);
    }
}
