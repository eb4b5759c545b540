package dev.trellis.samples.cli;

import dev.trellis.samples.files.OutputFiles;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A decoded chorale as a PNG piano roll: time runs left to right, one row per kept tone (low notes at the bottom, a
 * line at every C), a dark cell where the tone sounds; under it a band with the MAP hidden state of each step, one
 * colour per state, labelled with the state's number where it changes. Drawn directly with Java2D: a chart library's
 * heat map would add nothing but axes we label ourselves.
 */
final class PianoRollPlot {
    private static final int LEFT = 60;
    private static final int TOP = 40;
    private static final int BOTTOM = 60;
    private static final int RIGHT = 20;
    private static final int ROW = 8;
    private static final int BAND = 24;
    private static final int GAP = 10;
    private static final String[] NAMES = {"C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"};

    private PianoRollPlot() {}

    /**
     * @param notes {@code [step][tone]}, 1 where tone sounds
     * @param midi the MIDI number of each tone, increasing
     * @param states the hidden state of each step
     * @param numStates how many states the colours are spread over
     */
    static void write(Path file, String title, double[][] notes, int[] midi, int[] states, int numStates)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        int steps = notes.length;
        int column = Math.max(3, Math.min(12, 1200 / Math.max(1, steps)));
        int rollHeight = midi.length * ROW;
        int width = LEFT + steps * column + RIGHT;
        int height = TOP + rollHeight + GAP + BAND + BOTTOM;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, LEFT, TOP - 16);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        for (int d = 0; d < midi.length; d++) {
            int y = TOP + (midi.length - 1 - d) * ROW;
            if (midi[d] % 12 == 0) {
                g.setColor(new Color(225, 225, 225));
                g.drawLine(LEFT, y + ROW, LEFT + steps * column, y + ROW);
                g.setColor(Color.BLACK);
                g.drawString(NAMES[0] + (midi[d] / 12 - 1), 8, y + ROW);
            }
            g.setColor(new Color(40, 40, 90));
            for (int t = 0; t < steps; t++) {
                if (notes[t][d] > 0.5) {
                    g.fillRect(LEFT + t * column, y + 1, column, ROW - 1);
                }
            }
        }
        g.setColor(Color.GRAY);
        g.drawRect(LEFT, TOP, steps * column, rollHeight);
        int bandTop = TOP + rollHeight + GAP;
        g.setColor(Color.BLACK);
        g.drawString("state", 8, bandTop + BAND / 2 + 4);
        for (int t = 0; t < steps; t++) {
            g.setColor(colour(states[t], numStates));
            g.fillRect(LEFT + t * column, bandTop, column, BAND);
            if ((t == 0 || states[t] != states[t - 1]) && column >= 4) {
                g.setColor(Color.BLACK);
                g.drawString(Integer.toString(states[t]), LEFT + t * column + 1, bandTop + BAND + 12);
            }
        }
        g.setColor(Color.BLACK);
        for (int t = 0; t < steps; t += 10) {
            g.drawLine(LEFT + t * column, bandTop + BAND + 16, LEFT + t * column, bandTop + BAND + 20);
            g.drawString(Integer.toString(t), LEFT + t * column - 4, bandTop + BAND + 32);
        }
        g.drawString("step", LEFT + steps * column / 2, bandTop + BAND + 48);
        g.dispose();
        OutputFiles.writePng(file, image);
    }

    /** {@return the note name of a MIDI number, e.g. 60 -> C4} */
    static String noteName(int midi) {
        return NAMES[midi % 12] + (midi / 12 - 1);
    }

    /** Hues spread evenly around the wheel, so neighbouring state numbers differ visibly. */
    private static Color colour(int state, int numStates) {
        float hue = (state * 0.618034f) % 1f;
        return Color.getHSBColor(hue, 0.65f, 0.9f - 0.25f * (state * 2 / Math.max(1, numStates) % 2));
    }
}
