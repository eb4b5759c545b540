package dev.trellis.samples.cli;

import dev.trellis.samples.files.OutputFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The {@code dmm-sine} picture, as one PNG: on the left the loss per step with its running mean; on the right the
 * series against time: the true latent path, the noisy observations, the guide's posterior mean of each component of
 * z, and the emitter's location at that mean (the model's denoised reading of the series, on the latent's scale).
 */
final class DmmSinePlot {

    private static final int PANEL_WIDTH = 700;
    private static final int HEIGHT = 520;
    private static final int MEAN_WINDOW = 100;

    private DmmSinePlot() {
    }

    /**
     * @param posteriorMean the guide's posterior mean of z, {@code [T][z_dim]}
     * @param emitted the emitter's location at the posterior mean, per step
     */
    static void write(Path file, double[] losses, double[] latent, double[] observations, double[][] posteriorMean,
            double[] emitted) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(2 * PANEL_WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        lossChart(losses).draw(g, new Rectangle2D.Double(0, 0, PANEL_WIDTH, HEIGHT));
        seriesChart(latent, observations, posteriorMean, emitted)
                .draw(g, new Rectangle2D.Double(PANEL_WIDTH, 0, PANEL_WIDTH, HEIGHT));
        g.dispose();
        OutputFiles.writePng(file, image);
    }

    private static JFreeChart lossChart(double[] losses) {
        var raw = new XYSeries("loss (-ELBO, one particle)");
        var mean = new XYSeries("running mean of " + MEAN_WINDOW);
        double sum = 0;
        for (int step = 0; step < losses.length; step++) {
            raw.add(step + 1, losses[step]);
            sum += losses[step] - (step >= MEAN_WINDOW ? losses[step - MEAN_WINDOW] : 0);
            mean.add(step + 1, sum / Math.min(step + 1, MEAN_WINDOW));
        }
        var data = new XYSeriesCollection();
        data.addSeries(raw);
        data.addSeries(mean);
        var renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setSeriesPaint(0, new Color(174, 199, 232));
        renderer.setSeriesPaint(1, new Color(31, 119, 180));
        renderer.setSeriesStroke(1, new BasicStroke(2f));
        var yAxis = new NumberAxis("loss");
        yAxis.setAutoRangeIncludesZero(false);
        return chart("DMM training", new XYPlot(data, new NumberAxis("step"), yAxis, renderer));
    }

    private static JFreeChart seriesChart(double[] latent, double[] observations, double[][] posteriorMean,
            double[] emitted) {
        var data = new XYSeriesCollection();
        var truth = new XYSeries("true latent sin(0.2 t) + 0.05 t");
        var observed = new XYSeries("observations x_t");
        var reading = new XYSeries("emitter at the posterior mean of z");
        for (int t = 0; t < latent.length; t++) {
            truth.add(t, latent[t]);
            observed.add(t, observations[t]);
            reading.add(t, emitted[t]);
        }
        data.addSeries(truth);
        data.addSeries(observed);
        data.addSeries(reading);
        int zDim = posteriorMean.length == 0 ? 0 : posteriorMean[0].length;
        for (int k = 0; k < zDim; k++) {
            var component = new XYSeries("posterior mean of z[" + k + "]");
            for (int t = 0; t < posteriorMean.length; t++) {
                component.add(t, posteriorMean[t][k]);
            }
            data.addSeries(component);
        }
        var renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setSeriesPaint(0, Color.BLACK);
        renderer.setSeriesStroke(0, new BasicStroke(2f));
        renderer.setSeriesLinesVisible(1, false);
        renderer.setSeriesShapesVisible(1, true);
        renderer.setSeriesShape(1, new Ellipse2D.Double(-3, -3, 6, 6));
        renderer.setSeriesPaint(1, Color.GRAY);
        renderer.setSeriesPaint(2, new Color(214, 39, 40));
        renderer.setSeriesStroke(2, new BasicStroke(2f));
        Color[] components = {new Color(44, 160, 44), new Color(148, 103, 189), new Color(255, 127, 14)};
        for (int k = 0; k < zDim; k++) {
            renderer.setSeriesPaint(3 + k, components[k % components.length]);
            renderer.setSeriesStroke(3 + k, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {6f, 4f}, 0f));
        }
        var yAxis = new NumberAxis("value");
        yAxis.setAutoRangeIncludesZero(false);
        return chart("Latent path and the guide's posterior", new XYPlot(data, new NumberAxis("t"), yAxis,
                renderer));
    }

    private static JFreeChart chart(String title, XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        var chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }
}
