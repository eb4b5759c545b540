package dev.trellis.runtime.elimination;

import static dev.trellis.runtime.elimination.LayoutAndInstancesTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.random.Rng;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Bad input raises an exception that names the site, plate, instance, entry or use at fault, with both kernel sets. */
class EliminationErrorsTest {

    private static final int ROOT = Layout.ROOT;
    private static final int SEQUENCES = 0;
    private static final int TIME = 1;
    private static final int GROUPS = 2;
    private static final int X = 0;
    private static final int G = 1;
    private static final int UX = 0;
    private static final int UX1 = 1;
    private static final int UG = 2;

    private static final Layout LAYOUT;
    private static final PlateInstances INSTANCES;

    static {
        Layout.Builder b = Layout.builder();
        b.plate("sequences", ROOT);
        b.plate("time", SEQUENCES);
        b.plate("groups", ROOT);
        b.variable("x", TIME);
        b.variable("g", GROUPS);
        b.use(X, 0);
        b.use(X, 1);
        b.use(G, 0);
        LAYOUT = b.build();
        INSTANCES = PlateInstances.builder(LAYOUT).top(SEQUENCES, 2).nested(TIME, new int[] {3, 4}).top(GROUPS, 2)
                .build();
    }

    private static Elimination start(Query query, Kernels kernels) {
        Elimination e = new Elimination(LAYOUT, query, INSTANCES, kernels, Rng.seeded(1));
        e.bindDomain(X, 3);
        e.bindDomain(G, 2);
        return e;
    }

    private static double[] logs(int n) {
        double[] out = new double[n];
        Arrays.fill(out, Math.log(0.5));
        return out;
    }

    private static ScanSpec chain(ScanKind kind) {
        return chain(kind, UX, UX1);
    }

    /** {@link #chain(ScanKind)}'s programs with another frontier use and its shift. */
    private static ScanSpec chain(ScanKind kind, int frontier, int shifted) {
        return ScanSpec.builder(TIME, kind).frontier(frontier, shifted)
                .boundary(0, ScanSpec.op(new int[] {1, 3}, new int[] {}, UX))
                .steady(ScanSpec.op(new int[] {0, 2, 3}, new int[] {UX1}, UX))
                .build();
    }

    @Test
    void table_entries_lengths_and_domains_are_checked() {
        for (Kernels kernels : EngineCheck.KERNELS) {
            Elimination e = start(Query.LIKELIHOOD, kernels);
            double[] bad = logs(9);
            bad[5] = Double.NaN;
            assertMessage(() -> e.table("x", bad, UX, UX1), "site x: entry 5 (x = 1, x@1 = 2) is NaN");
            bad[5] = Double.POSITIVE_INFINITY;
            assertMessage(() -> e.table("x", bad, UX, UX1), "site x: entry 5 (x = 1, x@1 = 2) is Infinity");
            assertMessage(() -> e.table("x", logs(8), UX, UX1), "site x: table of 8 entries, but its axes [x, x@1]");
            assertMessage(() -> e.table("x", logs(9), UX, UX), "axis x appears twice");
            assertMessage(() -> e.bindDomain(X, 4), "variable x: domain size 4 differs from the 3 bound earlier");
            Elimination fresh = new Elimination(LAYOUT, Query.LIKELIHOOD, INSTANCES, kernels, null);
            assertMessage(() -> fresh.table("x", logs(3), UX), "the domain of x is not bound yet");
            assertMessage(() -> fresh.bindDomain(X, 0), "variable x: domain size 0 is below 1");
        }
    }

    @Test
    void evidence_shapes_and_entries_are_checked_where_they_are_read() {
        for (Kernels kernels : EngineCheck.KERNELS) {
            Elimination e = start(Query.MARGINALS, kernels);
            assertMessage(() -> e.evidence(new ArrayEvidence("y", logs(18), 6, 3), TIME, UX),
                    "site y: 6 rows of evidence, but plate time has 7 instances");
            assertMessage(() -> e.evidence(new ArrayEvidence("y", logs(14), 7, 2), TIME, UX),
                    "site y: 2 columns of evidence, but its axes [x] have [3] = 3");
            double[] rows = logs(21);
            rows[5 * 3 + 2] = Double.NaN;
            assertMessage(() -> e.evidence(new ArrayEvidence("y", rows, 7, 3), TIME, UX),
                    "site y at sequences[1].time[2]: entry 2 (x = 2) is NaN");
            for (ScanKind kind : ScanKind.values()) {
                // Under LIKELIHOOD the rows are streamed by the scan and checked as they are read.
                Elimination streamed = start(Query.LIKELIHOOD, kernels);
                int init = streamed.table("x", logs(3), UX);
                int trans = streamed.table("x", logs(9), UX, UX1);
                int y = streamed.evidence(new ArrayEvidence("y", rows, 7, 3), TIME, UX);
                assertMessage(() -> streamed.scan(TIME, chain(kind), init, trans, y),
                        "site y at sequences[1].time[2]: entry 2 (x = 2) is NaN");
            }
        }
    }

    @Test
    void contractions_products_and_results_that_do_not_fit_are_named() {
        for (Kernels kernels : EngineCheck.KERNELS) {
            Elimination e = start(Query.LIKELIHOOD, kernels);
            int pg = e.table("g", logs(2), UG);
            int y = e.evidence(new ArrayEvidence("y", logs(21), 7, 3), TIME, UX);
            assertMessage(() -> e.contract(GROUPS, new int[] {y}, new int[] {}, UX),
                    "contract at plate groups: input " + y + " (y) belongs to plate time");
            assertMessage(() -> e.contract(ROOT, new int[] {pg}, new int[] {UG}),
                    "contract at the root eliminates g, but it can only eliminate variables living at the root");
            assertMessage(() -> e.contract(GROUPS, new int[] {pg}, new int[] {}),
                    "contract at plate groups: output axes [] are not the inputs' uses minus the eliminated ones, [g]");
            assertMessage(() -> e.contract(GROUPS, new int[] {pg}, new int[] {UX}),
                    "contract at plate groups eliminates x, which no input has");
            int once = e.contract(GROUPS, new int[] {pg}, new int[] {UG});
            assertMessage(() -> e.contract(GROUPS, new int[] {pg}, new int[] {UG}),
                    "eliminates g, which contract at plate groups eliminated already");
            assertMessage(() -> e.product(TIME, pg + 100), "table " + (pg + 100) + " does not exist");
            assertMessage(() -> e.result(pg), "result: table " + pg + " (g) is not a scalar of the root");
            assertMessage(() -> e.result(once), "is not a scalar of the root (axes [], plate groups)");
        }
    }

    @Test
    void scans_whose_programs_do_not_fit_are_named() {
        for (Kernels kernels : EngineCheck.KERNELS) {
            Elimination e = start(Query.GRADIENT, kernels);
            int init = e.table("x", logs(3), UX);
            int trans = e.table("x", logs(9), UX, UX1);
            int y = e.evidence(new ArrayEvidence("y", logs(21), 7, 3), TIME, UX);
            ScanSpec unread = ScanSpec.builder(TIME, ScanKind.GENERIC).frontier(UX, UX1)
                    .boundary(0, ScanSpec.op(new int[] {1}, new int[] {}, UX))
                    .steady(ScanSpec.op(new int[] {0, 2, 3}, new int[] {UX1}, UX)).build();
            assertMessage(() -> e.scan(TIME, unread, init, trans, y),
                    "scan along plate time, boundary step 0: per-step input 3 (y) is never read");
            ScanSpec noMessage = ScanSpec.builder(TIME, ScanKind.GENERIC).frontier(UX, UX1)
                    .boundary(0, ScanSpec.op(new int[] {1, 3}, new int[] {}, UX))
                    .steady(ScanSpec.op(new int[] {3}, new int[] {}, UX)).build();
            assertMessage(() -> e.scan(TIME, noMessage, init, trans, y), "the message (slot 0) is never read");
            ScanSpec wrongAxes = ScanSpec.builder(TIME, ScanKind.GENERIC).frontier(UX, UX1)
                    .boundary(0, ScanSpec.op(new int[] {1, 3}, new int[] {}, UX))
                    .steady(ScanSpec.op(new int[] {0, 2, 3}, new int[] {}, UX)).build();
            assertMessage(() -> e.scan(TIME, wrongAxes, init, trans, y),
                    "steady program after the boundary, op 0: output axes [x] are not the operands' uses minus the"
                            + " eliminated ones, [x@1, x]");
            ScanSpec atStepZero = ScanSpec.builder(TIME, ScanKind.GENERIC).frontier(UX, UX1)
                    .boundary(0, ScanSpec.op(new int[] {0, 3}, new int[] {}, UX))
                    .steady(ScanSpec.op(new int[] {0, 2, 3}, new int[] {UX1}, UX)).build();
            assertMessage(() -> e.scan(TIME, atStepZero, init, trans, y),
                    "boundary step 0, op 0: slot 0 (the message) does not exist at step 0");
            ScanSpec ahead = ScanSpec.builder(TIME, ScanKind.GENERIC).frontier(UX, UX1)
                    .boundary(0, ScanSpec.op(new int[] {1, 3}, new int[] {}, UX))
                    .steady(ScanSpec.op(new int[] {0, 2}, new int[] {UX1}, UX), ScanSpec.op(new int[] {4, 3, 5},
                            new int[] {}, UX)).build();
            assertMessage(() -> e.scan(TIME, ahead, init, trans, y),
                    "steady program after the boundary, op 1: slot 5 does not exist (slots 0..4 do here)");
            ScanSpec dropped = ScanSpec.builder(TIME, ScanKind.GENERIC).frontier(UX, UX1)
                    .boundary(0, ScanSpec.op(new int[] {1, 3}, new int[] {}, UX))
                    .steady(ScanSpec.op(new int[] {0, 2}, new int[] {UX1}, UX), ScanSpec.op(new int[] {3}, new int[] {},
                            UX), ScanSpec.op(new int[] {4}, new int[] {}, UX)).build();
            assertMessage(() -> e.scan(TIME, dropped, init, trans, y), "steady program after the boundary: the output"
                    + " of op 1 (slot 5) is never read; only the last op's output leaves the program");
            assertMessage(() -> e.scan(SEQUENCES, chain(ScanKind.GENERIC), init, trans, y),
                    "scan along plate sequences with a spec for plate 1");
        }
        for (Kernels kernels : EngineCheck.KERNELS) {
            Elimination e = start(Query.LIKELIHOOD, kernels);
            int init = e.table("x", logs(3), UX);
            int wide = e.table("x", logs(9), UX, UX1);
            int y = e.evidence(new ArrayEvidence("y", logs(21), 7, 3), TIME, UX);
            // Valid as a generic scan (step 0 reads the [x, x@1] table at x@1 = 0), not as a first-order one.
            ScanSpec broken = ScanSpec.builder(TIME, ScanKind.FIRST_ORDER).frontier(UX, UX1)
                    .boundary(0, ScanSpec.op(new int[] {1, 3}, new int[] {}, UX))
                    .steady(ScanSpec.op(new int[] {0, 2, 3}, new int[] {UX1}, UX)).build();
            assertMessage(() -> e.scan(TIME, broken, wide, init, y),
                    "scan along plate time (FIRST_ORDER): input 1 (x) of step 0 must be over [x] or nothing");
        }
    }

    @Test
    void frontier_and_outer_uses_that_do_not_fit_the_scans_plate_are_named() {
        for (Kernels kernels : EngineCheck.KERNELS) {
            Elimination e = start(Query.LIKELIHOOD, kernels);
            int init = e.table("x", logs(3), UX);
            int trans = e.table("x", logs(9), UX, UX1);
            int y = e.evidence(new ArrayEvidence("y", logs(21), 7, 3), TIME, UX);
            assertMessage(() -> e.scan(TIME, chain(ScanKind.GENERIC, UG, UX1), init, trans, y),
                    "which does not live at plate time");
            assertMessage(() -> e.scan(TIME, chain(ScanKind.GENERIC, UX, UX), init, trans, y),
                    "not to the same variable one step further");
            assertMessage(() -> e.scan(TIME, chain(ScanKind.GENERIC, UX, 3), init, trans, y), "use 3 is not a use of the layout");
            ScanSpec outerG = ScanSpec.builder(TIME, ScanKind.GENERIC).frontier(UX, UX1).outer(UG)
                    .boundary(0, ScanSpec.op(new int[] {1, 3}, new int[] {}, UX))
                    .steady(ScanSpec.op(new int[] {0, 2, 3}, new int[] {UX1}, UX)).build();
            assertMessage(() -> e.scan(TIME, outerG, init, trans, y),   // groups does not enclose time
                    "is not a variable of an enclosing plate at lag 0");
        }
    }

    @Test
    void plates_tables_and_uses_just_past_the_last_are_named() {
        for (Kernels kernels : EngineCheck.KERNELS) {
            Elimination e = start(Query.GRADIENT, kernels);
            int pg = e.table("g", logs(2), UG);
            int init = e.table("x", logs(3), UX);
            int trans = e.table("x", logs(9), UX, UX1);
            int y = e.evidence(new ArrayEvidence("y", logs(21), 7, 3), TIME, UX);
            String noPlate = "plate 3 is not a plate of the layout or the root (-1)";
            assertMessage(() -> e.evidence(new ArrayEvidence("y", logs(3), 1, 3), 3, UX), noPlate);
            assertMessage(() -> e.contract(3, new int[] {pg}, new int[] {UG}), noPlate);
            assertMessage(() -> e.product(3, pg), noPlate);
            assertMessage(() -> e.scan(3, chain(ScanKind.GENERIC), init, trans, y), noPlate);
            assertMessage(() -> e.contract(-2, new int[] {pg}, new int[] {UG}), "plate -2 is not a plate");
            int next = y + 1;
            assertMessage(() -> e.contract(GROUPS, new int[] {next}, new int[] {}),
                    "table " + next + " does not exist (" + next + " recorded)");
            String noUse = "use 3 is not a use of the layout";
            assertMessage(() -> e.table("x", logs(3), 3), noUse);
            assertMessage(() -> e.contract(GROUPS, new int[] {pg}, new int[] {3}), noUse);
            assertMessage(() -> e.contract(GROUPS, new int[] {pg}, new int[] {UG}, 3), noUse);
            int perGroup = e.contract(GROUPS, new int[] {pg}, new int[] {}, UG);
            assertMessage(() -> e.scan(TIME, chain(ScanKind.GENERIC), perGroup, trans, y),
                    "scan along plate time: input 1 (contract at plate groups) belongs to plate groups");
        }
    }

    @Test
    void a_variable_is_eliminated_once_even_by_two_scans() {
        for (Kernels kernels : EngineCheck.KERNELS) {
            Elimination e = start(Query.LIKELIHOOD, kernels);
            int init = e.table("x", logs(3), UX);
            int trans = e.table("x", logs(9), UX, UX1);
            int y = e.evidence(new ArrayEvidence("y", logs(21), 7, 3), TIME, UX);
            e.scan(TIME, chain(ScanKind.GENERIC), init, trans, y);
            assertMessage(() -> e.scan(TIME, chain(ScanKind.GENERIC), init, trans, y),
                    "scan along plate time eliminates x, which scan along plate time eliminated already");
        }
    }

    @Test
    void a_finished_elimination_takes_no_more_steps_and_answers_only_its_query() {
        for (Kernels kernels : EngineCheck.KERNELS) {
            Elimination e = start(Query.MARGINALS, kernels);
            int pg = e.table("g", logs(2), UG);
            int init = e.table("x", logs(3), UX);
            int trans = e.table("x", logs(9), UX, UX1);
            int y = e.evidence(new ArrayEvidence("y", logs(21), 7, 3), TIME, UX);
            int perGroup = e.contract(GROUPS, new int[] {pg}, new int[] {UG});
            e.result(e.product(GROUPS, perGroup));
            for (Runnable call : new Runnable[] {
                () -> e.bindDomain(X, 3),
                () -> e.table("g", logs(2), UG),
                () -> e.evidence(new ArrayEvidence("y", logs(21), 7, 3), TIME, UX),
                () -> e.contract(GROUPS, new int[] {pg}, new int[] {}, UG),
                () -> e.product(GROUPS, perGroup),
                () -> e.scan(TIME, chain(ScanKind.GENERIC), init, trans, y)}) {
                IllegalStateException done = assertThrows(IllegalStateException.class, call::run);
                assertEquals("this elimination has produced its result; start a new one", done.getMessage());
            }
            IllegalStateException notMap = assertThrows(IllegalStateException.class, () -> e.assignment(G));
            assertEquals("assignment is computed by MAP and SAMPLE queries, not by MARGINALS", notMap.getMessage());
        }
        Elimination map = start(Query.MAP, FastKernels.INSTANCE);
        int pg = map.table("g", logs(2), UG);
        map.result(map.product(GROUPS, map.contract(GROUPS, new int[] {pg}, new int[] {UG})));
        assertArrayEquals(new int[] {0, 0}, map.assignment(G), "ties go to the lowest value");
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> map.assignment(X));
        assertEquals("variable x was never eliminated", missing.getMessage());
        Elimination one = new Elimination(LAYOUT, Query.LIKELIHOOD, INSTANCES, FastKernels.INSTANCE, null);
        one.bindDomain(G, 1);
        assertEquals(1, one.domainSize(G), "a domain of one value is a domain");
    }

    @Test
    void specs_that_cannot_be_scans_are_refused_when_built() {
        assertMessage(() -> ScanSpec.builder(TIME, ScanKind.GENERIC).frontier(UX, UX1)
                .boundary(0, ScanSpec.op(new int[] {1}, new int[] {}, UX)).build(), "has no steady program");
        assertMessage(() -> ScanSpec.builder(TIME, ScanKind.GENERIC).frontier(UX, UX1)
                .boundary(1, ScanSpec.op(new int[] {1}, new int[] {}, UX))
                .steady(ScanSpec.op(new int[] {1}, new int[] {}, UX)).build(), "boundary steps [1] are not 0..H-1");
        assertMessage(() -> ScanSpec.builder(TIME, ScanKind.FIRST_ORDER).frontier(UX, UX1).outer(UG)
                .boundary(0, ScanSpec.op(new int[] {1}, new int[] {}, UX))
                .steady(ScanSpec.op(new int[] {1}, new int[] {}, UX)).build(),
                "is FIRST_ORDER but has 1 frontier uses, 1 outer uses and 1 boundary steps");
        assertMessage(() -> ScanSpec.builder(ROOT, ScanKind.GENERIC), "not along the root");
    }

    @Test
    void answers_belong_to_their_queries_and_an_elimination_is_used_once() {
        Elimination e = start(Query.LIKELIHOOD, FastKernels.INSTANCE);
        int pg = e.table("g", logs(2), UG);
        int perGroup = e.contract(GROUPS, new int[] {pg}, new int[] {UG});
        int total = e.product(GROUPS, perGroup);
        IllegalStateException early = assertThrows(IllegalStateException.class, () -> e.adjoint(pg));
        assertTrue(early.getMessage().contains("only after result()"), early.getMessage());
        e.result(total);
        IllegalStateException wrong = assertThrows(IllegalStateException.class, () -> e.marginal(G));
        assertTrue(wrong.getMessage().contains("computed by MARGINALS and GRADIENT queries, not by LIKELIHOOD"),
                wrong.getMessage());
        IllegalStateException again = assertThrows(IllegalStateException.class, () -> e.result(total));
        assertTrue(again.getMessage().contains("start a new one"), again.getMessage());
        assertMessage(() -> new Elimination(LAYOUT, Query.SAMPLE, INSTANCES, FastKernels.INSTANCE, null),
                "a SAMPLE query needs an Rng");
        Elimination never = start(Query.MARGINALS, ReferenceKernels.INSTANCE);
        never.result(never.contract(ROOT, new int[] {never.table("c", new double[] {0.0})}, new int[] {}));
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> never.marginal(X));
        assertTrue(missing.getMessage().contains("variable x was never eliminated"), missing.getMessage());
    }
}
