package dev.trellis.processor.shapes;

import dev.trellis.processor.ir.ModelDeclaration;
import dev.trellis.processor.ir.ParamDeclaration;
import dev.trellis.processor.ir.SiteDeclaration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The shapes report of a model, in the spirit of Pyro's {@code Trace.format_shapes}: its dimensions with their
 * sources, then every site with its role, plates, domain, batch and event shapes by name, then its {@code @Param}s
 * and shaped fields. Sizes are {@code ?} here; the generated {@code report(model)} fills in those it can read (the
 * size column is fixed-width so that filling keeps the table aligned). Deterministic: declaration order throughout.
 */
public final class ShapesReport {
    /** Width of the size column, so that the run-time fill keeps columns aligned. */
    public static final int SIZE_WIDTH = 10;

    private ShapesReport() {}

    /** The report text, ending in a newline. */
    public static String print(ModelDeclaration model, ModelShapes shapes) {
        var names = new DimensionNames(model, shapes);
        StringBuilder out = new StringBuilder("Shapes of ").append(model.qualifiedName()).append('\n');
        List<List<String>> dims = new ArrayList<>();
        dims.add(List.of("dimension", pad("size"), "from"));
        Set<String> listed = new LinkedHashSet<>();
        for (Dimension dim : shapes.dimensions()) {
            List<String> plates = new ArrayList<>();
            for (String plate : names.plates()) {
                if (names.boundDimension(plate).filter(dim.name()::equals).isPresent()) {
                    plates.add(plate);
                }
            }
            String size = dim.source() == Dimension.Source.CONSTANT ? Integer.toString(dim.size()) : "?";
            dims.add(List.of(dim.name(), pad(size), dim.describeSource()
                    + (plates.isEmpty() ? "" : "; plate" + (plates.size() > 1 ? "s " : " ") + String.join(", ", plates))));
            listed.add(dim.name());
        }
        for (String plate : names.plates()) {
            if (names.boundDimension(plate).isEmpty() && listed.add(plate)) {
                dims.add(List.of(plate, pad("?"), "plate " + plate + ", from the data"));
            }
        }
        table(dims, out);
        out.append('\n');
        List<List<String>> sites = new ArrayList<>();
        sites.add(List.of("site", "role", "plates", "domain", "batch", "event"));
        for (SiteDeclaration site : model.sites()) {
            Optional<SiteShape> shape = shapes.site(site.name());
            sites.add(List.of(site.name(), role(site), plates(site), domain(site, shape),
                    shape.flatMap(SiteShape::batch).map(ShapeText::print).orElse("?"),
                    shape.flatMap(SiteShape::event).map(ShapeText::print).orElse("?")));
        }
        table(sites, out);
        List<List<String>> values = new ArrayList<>();
        for (ParamDeclaration param : model.params()) {
            values.add(List.of(param.name(), "param", param.plates().isEmpty() ? "-" : String.join(", ", param.plates()),
                    shapes.param(param.name()).map(p -> ShapeText.print(p.shape())).orElse("?")));
        }
        for (ValueShape field : shapes.fields()) {
            values.add(List.of(field.owner(), "field", "-", ShapeText.print(field.shape())));
        }
        if (!values.isEmpty()) {
            values.add(0, List.of("value", "role", "plates", "shape"));
            out.append('\n');
            table(values, out);
        }
        return out.toString();
    }

    private static String role(SiteDeclaration site) {
        String role = site.observed() ? "observed" : site.enumerated() ? "enumerated" : "latent";
        return role + site.chain().map(c -> ", markov(" + c.over() + (c.history() > 1 ? ", " + c.history() : "") + ")")
                .orElse("");
    }

    private static String plates(SiteDeclaration site) {
        return site.plates().isEmpty() ? "-" : String.join(", ", site.plates());
    }

    private static String domain(SiteDeclaration site, Optional<SiteShape> shape) {
        if (!site.enumerated()) {
            return "-";
        }
        return shape.flatMap(SiteShape::domain).orElse("?");
    }

    private static String pad(String size) {
        return size + " ".repeat(Math.max(0, SIZE_WIDTH - size.length()));
    }

    /** Columns two spaces apart, each as wide as its widest cell; no trailing spaces. */
    private static void table(List<List<String>> rows, StringBuilder out) {
        int columns = rows.get(0).size();
        int[] widths = new int[columns];
        for (List<String> row : rows) {
            for (int c = 0; c < columns; c++) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                line.append(row.get(c));
                if (c < columns - 1) {
                    line.append(" ".repeat(widths[c] - row.get(c).length() + 2));
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
    }
}
