package dev.trellis.processor.plan;

import static dev.trellis.processor.ir.ModelBuilder.model;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.trellis.processor.ir.ModelDeclaration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pyro's plate dims: plates in nesting order, outermost first, the innermost at dim -1. */
class PlateLayoutTest {

    @Test
    void nested_plates_run_outermost_first_whatever_order_the_sites_first_use_them_in() {
        ModelDeclaration model = model("Ratings")
                .site("itemBias", "Normal").plates("items")
                .site("userBias", "Normal").plates("users")
                .site("rating", "Normal").observe().plates("users", "items")
                .build();
        PlateLayout layout = PlateLayout.of(model);
        assertEquals(List.of("users", "items"), layout.plates());
        assertEquals(-2, layout.dim("users"));
        assertEquals(-1, layout.dim("items"));
    }

    @Test
    void plates_never_nested_together_keep_their_order_of_first_use() {
        ModelDeclaration model = model("ThreeDeepAndApart")
                .site("a", "Normal").plates("days")
                .site("b", "Normal").plates("x", "y", "z")
                .site("c", "Normal").plates("z")
                .build();
        PlateLayout layout = PlateLayout.of(model);
        assertEquals(List.of("days", "x", "y", "z"), layout.plates());
        assertEquals(List.of(-4, -3, -2, -1), layout.plates().stream().map(layout::dim).toList());
    }

    @Test
    void a_sites_batch_rank_reaches_its_outermost_plate() {
        PlateLayout layout = new PlateLayout(List.of("users", "items", "days"));
        assertEquals(3, layout.batchRank(List.of("users")), "[U, 1, 1] broadcasts against the innermost sites");
        assertEquals(2, layout.batchRank(List.of("items", "days")));
        assertEquals(1, layout.batchRank(List.of("days")));
        assertEquals(0, layout.batchRank(List.of()), "a global site has no batch dimension");
    }

    @Test
    void an_unknown_plate_has_no_dim() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new PlateLayout(List.of("users", "items")).dim("days"));
        assertEquals("no plate 'days' in [users, items]", e.getMessage());
    }

    @Test
    void plates_nested_both_ways_still_get_one_dim_each() {
        // The validator reports the conflict (TRELLIS-020); the layout must not loop or drop a plate meanwhile.
        ModelDeclaration model = model("Conflict")
                .site("a", "Normal").plates("p", "q")
                .site("b", "Normal").plates("q", "p")
                .build();
        assertEquals(List.of("p", "q"), PlateLayout.of(model).plates());
    }

    @Test
    void the_layout_prints_one_line_per_plate_with_its_dim() {
        assertEquals("plate layout\n  users dim=-2\n  items dim=-1\n",
                new PlateLayout(List.of("users", "items")).print());
    }
}
