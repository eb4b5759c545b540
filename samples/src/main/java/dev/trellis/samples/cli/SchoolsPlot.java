package dev.trellis.samples.cli;

import dev.trellis.samples.files.OutputFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.Arrays;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * The eight-schools picture, as one PNG: on the left each guide's loss per step (log scale, with its running median,
 * since single-particle losses are heavy-tailed), on the right each school's treatment effect under each guide as a
 * point at the posterior mean with bars of one posterior standard deviation, beside the measured effect.
 */
final class SchoolsPlot {

    /** One trained guide: its name, losses, and per-school posterior mean and standard deviation of theta. */
    record GuideResult(String name, double[] losses, double[] thetaMean, double[] thetaSd) {}

    private static final int PANEL_WIDTH = 700;
    private static final int HEIGHT = 520;
    private static final int MEDIAN_WINDOW = 100;
    private static final Color[] COLOURS = {new Color(31, 119, 180), new Color(214, 39, 40)};

    private SchoolsPlot() {
    }

    static void write(Path file, List<GuideResult> guides, double[] measured, double[] measuredSe) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(2 * PANEL_WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        lossChart(guides).draw(g, new Rectangle2D.Double(0, 0, PANEL_WIDTH, HEIGHT));
        effectsChart(guides, measured, measuredSe).draw(g, new Rectangle2D.Double(PANEL_WIDTH, 0, PANEL_WIDTH, HEIGHT));
        g.dispose();
        OutputFiles.writePng(file, image);
    }

    private static JFreeChart lossChart(List<GuideResult> guides) {
        var data = new XYSeriesCollection();
        var renderer = new XYLineAndShapeRenderer(true, false);
        boolean positive = true;
        for (int g = 0; g < guides.size(); g++) {
            GuideResult guide = guides.get(g);
            var raw = new XYSeries(guide.name() + ": loss per step");
            var median = new XYSeries(guide.name() + ": running median (" + MEDIAN_WINDOW + " steps)");
            double[] losses = guide.losses();
            for (int step = 0; step < losses.length; step++) {
                raw.add(step + 1, losses[step]);
                median.add(step + 1, runningMedian(losses, step));
                positive &= losses[step] > 0;
            }
            Color colour = COLOURS[g % COLOURS.length];
            data.addSeries(raw);
            renderer.setSeriesPaint(2 * g, new Color(colour.getRed(), colour.getGreen(), colour.getBlue(), 60));
            renderer.setSeriesStroke(2 * g, new BasicStroke(0.6f));
            data.addSeries(median);
            renderer.setSeriesPaint(2 * g + 1, colour.darker());
            renderer.setSeriesStroke(2 * g + 1, new BasicStroke(2.0f));
        }
        // Losses run from a few tens to 10^6 on the heavy-tailed steps: only a log axis shows both.
        ValueAxis yAxis = new NumberAxis("loss (-ELBO estimate)");
        if (positive) {
            var log = new LogAxis("loss (-ELBO estimate), log scale");
            log.setNumberFormatOverride(new DecimalFormat("#,##0"));
            yAxis = log;
        }
        var plot = new XYPlot(data, new NumberAxis("step"), yAxis, renderer);
        return styled(new JFreeChart("Training loss", JFreeChart.DEFAULT_TITLE_FONT, plot, true));
    }

    private static JFreeChart effectsChart(List<GuideResult> guides, double[] measured, double[] measuredSe) {
        var data = new YIntervalSeriesCollection();
        var renderer = new XYErrorRenderer();
        renderer.setDrawXError(false);
        int series = 0;
        double offset = 0.15;
        var observed = new YIntervalSeries("measured y +/- sigma");
        for (int school = 0; school < measured.length; school++) {
            observed.add(school + 1 - offset, measured[school], measured[school] - measuredSe[school],
                    measured[school] + measuredSe[school]);
        }
        data.addSeries(observed);
        renderer.setSeriesPaint(series++, Color.GRAY);
        for (int g = 0; g < guides.size(); g++) {
            GuideResult guide = guides.get(g);
            var effects = new YIntervalSeries(guide.name() + ": posterior mean +/- sd");
            double x = g + 1 - (guides.size() - 1) / 2.0;
            for (int school = 0; school < guide.thetaMean().length; school++) {
                double mean = guide.thetaMean()[school];
                double sd = guide.thetaSd()[school];
                effects.add(school + 1 + offset * x, mean, mean - sd, mean + sd);
            }
            data.addSeries(effects);
            renderer.setSeriesPaint(series++, COLOURS[g % COLOURS.length]);
        }
        renderer.setDefaultLinesVisible(false);
        renderer.setDefaultShapesVisible(true);
        renderer.setCapLength(6);
        var schools = new NumberAxis("school");
        schools.setRange(0.4, measured.length + 0.6);
        schools.setTickUnit(new NumberTickUnit(1));
        var plot = new XYPlot(data, schools, new NumberAxis("treatment effect theta"), renderer);
        return styled(new JFreeChart("Treatment effect per school", JFreeChart.DEFAULT_TITLE_FONT, plot, true));
    }

    private static JFreeChart styled(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return chart;
    }

    /** The median of the losses of steps {@code end - window + 1 .. end}. */
    private static double runningMedian(double[] losses, int end) {
        int from = Math.max(0, end - MEDIAN_WINDOW + 1);
        double[] window = Arrays.copyOfRange(losses, from, end + 1);
        Arrays.sort(window);
        int n = window.length;
        return n % 2 == 1 ? window[n / 2] : (window[n / 2 - 1] + window[n / 2]) / 2;
    }
}
