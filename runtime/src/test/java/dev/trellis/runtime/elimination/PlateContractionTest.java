package dev.trellis.runtime.elimination;

import org.junit.jupiter.api.Test;

/** Contractions and products outside scans, against brute-force enumeration, with both kernel sets. */
class PlateContractionTest {

    private static final int ROOT = Layout.ROOT;

    /** Diamond: a; b(a); c(a); d(b, c) observed, all at the root, eliminated b, c, a in turn. */
    @Test
    void a_bayes_net_at_the_root_gives_the_brute_force_answers() {
        ToyModel m = new ToyModel(1);
        int a = m.variable("a", ROOT, 3);
        int b = m.variable("b", ROOT, 2);
        int c = m.variable("c", ROOT, 4);
        int ua = m.use(a, 0);
        int ub = m.use(b, 0);
        int uc = m.use(c, 0);
        ToyModel.Factor pa = m.table("a", ROOT, ua);
        ToyModel.Factor pb = m.table("b", ROOT, ub, ua);
        ToyModel.Factor pc = m.table("c", ROOT, uc, ua);
        ToyModel.Factor d = m.evidence("d", ROOT, ub, uc);
        EngineCheck.all(m, (e, model) -> {
            int tb = model.register(e, pb);
            int td = model.register(e, d);
            int b1 = e.contract(ROOT, new int[] {tb, td}, new int[] {ub}, ua, uc);
            int tc = model.register(e, pc);
            int c1 = e.contract(ROOT, new int[] {tc, b1}, new int[] {uc}, ua);
            int ta = model.register(e, pa);
            int z = e.contract(ROOT, new int[] {c1, ta}, new int[] {ua});
            return e.result(z);
        }, 3000);
    }

    /** Three factors over a shared variable in one n-ary contraction, and a scalar observation at the root. */
    @Test
    void an_n_ary_contraction_and_a_scalar_observation_give_the_brute_force_answers() {
        ToyModel m = new ToyModel(2);
        int a = m.variable("a", ROOT, 3);
        int b = m.variable("b", ROOT, 3);
        int ua = m.use(a, 0);
        int ub = m.use(b, 0);
        ToyModel.Factor pa = m.table("a", ROOT, ua);
        ToyModel.Factor pb = m.table("b", ROOT, ub, ua);
        ToyModel.Factor y = m.evidence("y", ROOT, ua, ub);
        ToyModel.Factor w = m.evidence("w", ROOT, ub);
        ToyModel.Factor offset = m.evidence("offset", ROOT);
        EngineCheck.all(m, (e, model) -> {
            int ta = model.register(e, pa);
            int tb = model.register(e, pb);
            int ty = model.register(e, y);
            int tw = model.register(e, w);
            int b1 = e.contract(ROOT, new int[] {tb, ty, tw}, new int[] {ub}, ua);
            int z = e.contract(ROOT, new int[] {b1, ta}, new int[] {ua});
            return e.result(z, model.register(e, offset));
        }, 3000);
    }

    /** A global regime read by a local variable in every instance of a plate (GlobalAndLocal). */
    @Test
    void a_global_variable_read_in_a_plate_gives_the_brute_force_answers() {
        ToyModel m = new ToyModel(3);
        int data = m.plate("data", ROOT, 4);
        int g = m.variable("g", ROOT, 2);
        int z = m.variable("z", data, 3);
        int ug = m.use(g, 0);
        int uz = m.use(z, 0);
        ToyModel.Factor pg = m.table("g", ROOT, ug);
        ToyModel.Factor pz = m.table("z", data, uz, ug);
        ToyModel.Factor obs = m.evidence("obs", data, uz, ug);
        EngineCheck.all(m, globalPlan(data, ug, uz, pg, pz, obs), 3000);
    }

    /** The same with the plate subsampled: its product is scaled after its local variables are summed out. */
    @Test
    void a_subsampled_plate_scales_its_product() {
        ToyModel m = new ToyModel(4);
        int data = m.plate("data", ROOT, 3);
        m.scale(data, 2.5);
        int g = m.variable("g", ROOT, 3);
        int z = m.variable("z", data, 2);
        int ug = m.use(g, 0);
        int uz = m.use(z, 0);
        ToyModel.Factor pg = m.table("g", ROOT, ug);
        ToyModel.Factor pz = m.table("z", data, uz, ug);
        ToyModel.Factor obs = m.evidence("obs", data, uz);
        EngineCheck.all(m, globalPlan(data, ug, uz, pg, pz, obs), 2000);
    }

    private static EngineCheck.Plan globalPlan(int data, int ug, int uz, ToyModel.Factor pg, ToyModel.Factor pz,
                                               ToyModel.Factor obs) {
        return (e, model) -> {
            int tz = model.register(e, pz);
            int to = model.register(e, obs);
            int local = e.contract(data, new int[] {tz, to}, new int[] {uz}, ug);
            int up = e.product(data, local);
            int tg = model.register(e, pg);
            return e.result(e.contract(ROOT, new int[] {tg, up}, new int[] {ug}));
        };
    }

    /** Plates [groups, items], ragged, with a variable at each level (DeepPlates, two levels). */
    @Test
    void nested_ragged_plates_with_a_variable_at_each_level_give_the_brute_force_answers() {
        ToyModel m = new ToyModel(5);
        int groups = m.plate("groups", ROOT, 3);
        int items = m.plate("items", groups, 2, 0, 3);
        int u = m.variable("u", groups, 3);
        int v = m.variable("v", items, 2);
        int uu = m.use(u, 0);
        int uv = m.use(v, 0);
        ToyModel.Factor pu = m.table("u", groups, uu);
        ToyModel.Factor pv = m.table("v", items, uv, uu);
        ToyModel.Factor obs = m.evidence("obs", items, uv);
        ToyModel.Factor size = m.evidence("size", groups, uu);
        EngineCheck.all(m, (e, model) -> {
            int tv = model.register(e, pv);
            int to = model.register(e, obs);
            int local = e.contract(items, new int[] {tv, to}, new int[] {uv}, uu);
            int up = e.product(items, local);
            int tu = model.register(e, pu);
            int ts = model.register(e, size);
            int group = e.contract(groups, new int[] {tu, up, ts}, new int[] {uu});
            return e.result(e.product(groups, group));
        }, 3000);
    }

    /** A local variable with no evidence below it: its contraction is homogeneous, its posterior per instance. */
    @Test
    void a_homogeneous_contraction_gives_per_instance_marginals() {
        ToyModel m = new ToyModel(6);
        int groups = m.plate("groups", ROOT, 3);
        int items = m.plate("items", groups, 1, 2, 1);
        int u = m.variable("u", groups, 2);
        int v = m.variable("v", items, 3);
        int uu = m.use(u, 0);
        int uv = m.use(v, 0);
        ToyModel.Factor pu = m.table("u", groups, uu);
        ToyModel.Factor pv = m.table("v", items, uv, uu);
        ToyModel.Factor obs = m.evidence("obs", groups, uu);
        EngineCheck.all(m, (e, model) -> {
            int tv = model.register(e, pv);
            int local = e.contract(items, new int[] {tv}, new int[] {uv}, uu);
            int up = e.product(items, local);
            int tu = model.register(e, pu);
            int to = model.register(e, obs);
            int group = e.contract(groups, new int[] {tu, up, to}, new int[] {uu});
            return e.result(e.product(groups, group));
        }, 3000);
    }
}
