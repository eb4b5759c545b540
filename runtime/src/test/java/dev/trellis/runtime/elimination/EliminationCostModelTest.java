package dev.trellis.runtime.elimination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Cost formulas as the plan prints them, evaluated at bound sizes, and the cost's text form. */
class EliminationCostModelTest {
    private static final EliminationSizes SIZES = EliminationSizes.NONE.domain("x", 4).domain("w", 3)
            .instances("time", 100).instances("sequences", 5);

    @Test
    void a_formula_prints_back_as_it_was_read() {
        for (String text : List.of("0", "1", "|x|", "|x|^2 + |x|", "2·|x|·#time + |x|^2 + |x| + #sequences + 1",
                "|w||x|^2 + |w|^2|x| + |w||x|", "|x|^2·#time + |x|·#time", "#sequences·#time")) {
            assertEquals(text, CostFormula.parse(text).toString());
        }
    }

    @Test
    void a_formula_evaluates_each_term_as_coefficient_times_powers() {
        // 2·4·100 + 4² + 4 + 5 + 1 = 800 + 16 + 4 + 5 + 1
        assertEquals(826, CostFormula.parse("2·|x|·#time + |x|^2 + |x| + #sequences + 1").evaluate(SIZES));
        // 3·4² + 3²·4 + 3·4 = 48 + 36 + 12
        assertEquals(96, CostFormula.parse("|w||x|^2 + |w|^2|x| + |w||x|").evaluate(SIZES));
        // 4²·100 + 4·100 = 1600 + 400
        assertEquals(2000, CostFormula.parse("|x|^2·#time + |x|·#time").evaluate(SIZES));
        assertEquals(0, CostFormula.parse("0").evaluate(SIZES));
    }

    @Test
    void a_formula_names_the_sizes_it_reads() {
        CostFormula formula = CostFormula.parse("2·|x|·#time + |w|^2 + #sequences");
        assertEquals(List.of("w", "x"), formula.domains());
        assertEquals(List.of("sequences", "time"), formula.plates());
    }

    @Test
    void a_missing_size_is_an_error_naming_it() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> CostFormula.parse("|z|^2").evaluate(SIZES));
        assertEquals("no domain size for site 'z' (bound: [w, x])", e.getMessage());
        var p = assertThrows(IllegalArgumentException.class,
                () -> CostFormula.parse("|x|·#tones").evaluate(SIZES));
        assertTrue(p.getMessage().startsWith("no instance count for plate 'tones'"), p.getMessage());
    }

    @Test
    void text_that_is_no_formula_is_refused() {
        assertThrows(IllegalArgumentException.class, () -> CostFormula.parse("|x"));
        assertThrows(IllegalArgumentException.class, () -> CostFormula.parse("x^2"));
        assertThrows(IllegalArgumentException.class, () -> CostFormula.parse("|x| + "));
    }

    @Test
    void sizes_below_their_range_are_refused() {
        assertThrows(IllegalArgumentException.class, () -> EliminationSizes.NONE.domain("x", 0));
        assertThrows(IllegalArgumentException.class, () -> EliminationSizes.NONE.instances("time", -1));
    }

    @Test
    void an_overflowing_figure_throws_rather_than_wrapping() {
        EliminationSizes huge = EliminationSizes.NONE.domain("x", 1L << 32);
        assertThrows(ArithmeticException.class, () -> CostFormula.parse("|x|^2").evaluate(huge));
    }

    @Test
    void a_bound_model_gives_every_figure_and_prints_them() {
        EliminationCostModel model = EliminationCostModel.builder()
                .largestFactor("xTransition", "[x@1, x]", "|x|^2")
                .work("timeScan", "per step of time", "time", "|x|^2 + |x|")
                .work("contractions", "once", null, "|x|")
                .memory("|x|^2 + 2·|x| + #sequences + 1", "2·|x|·#time + |x|^2 + |x| + #sequences + 1")
                .build();
        assertEquals(List.of("x"), model.domains());
        assertEquals(List.of("sequences", "time"), model.plates());

        EliminationCost cost = model.bind(SIZES);

        assertEquals(new EliminationCost.Factor("xTransition", "[x@1, x]", "|x|^2", 16), cost.largestFactor());
        assertEquals(new EliminationCost.Work("timeScan", "per step of time", "|x|^2 + |x|", 20, 2000),
                cost.work().get(0));
        assertEquals(new EliminationCost.Work("contractions", "once", "|x|", 4, 4), cost.work().get(1));
        assertEquals(2004, cost.totalWork());
        assertEquals(16 + 8 + 5 + 1, cost.likelihoodMemory());
        assertEquals(800 + 16 + 4 + 5 + 1, cost.marginalsMemory());
        assertEquals("""
                largest factor: xTransition over [x@1, x], |x|^2 = 16 entries (128 B)
                work: timeScan |x|^2 + |x| = 20 per step of time, 2,000 in all
                work: contractions |x| = 4 once
                memory: likelihood 30 entries (240 B)
                memory: with marginals 826 entries (6.5 KiB)
                """, cost.print());
    }

    @Test
    void a_site_or_plate_that_only_a_work_term_reads_is_still_needed() {
        EliminationCostModel model = EliminationCostModel.builder()
                .largestFactor("x", "[x]", "|x|")
                .work("zScan", "per step of tones", "tones", "|z|^2")
                .memory("|x|", "|x|")
                .build();
        assertEquals(List.of("x", "z"), model.domains());
        assertEquals(List.of("tones"), model.plates());
    }

    @Test
    void a_model_and_a_bound_cost_print_as_their_text_form() {
        EliminationCostModel model = EliminationCostModel.builder()
                .largestFactor("xTransition", "[x@1, x]", "|x|^2")
                .work("timeScan", "per step of time", "time", "|x|^2 + |x|")
                .memory("|x|^2", "|x|^2 + #time")
                .build();
        assertEquals(model.print(), model.toString());
        assertTrue(model.print().contains("work: timeScan |x|^2 + |x| per step of time\n"), model.print());
        assertTrue(model.print().endsWith("memory: likelihood |x|^2\nmemory: with marginals |x|^2 + #time\n"),
                model.print());
        EliminationCost cost = model.bind(SIZES);
        assertEquals(cost.print(), cost.toString());
        assertTrue(cost.print().startsWith("largest factor: xTransition over [x@1, x], |x|^2 = 16 entries"),
                cost.print());
    }
}
