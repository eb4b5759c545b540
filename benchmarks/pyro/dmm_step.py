"""Times one SVI step of Pyro 1.8.6's examples/dmm.py on the 20 JSB chorales of Trellis's DmmJsbStepBenchmark.

Usage: dmm_step.py [N measured steps, default 20] [--warmup 10] [--seed 0] [--annealing 1.0]
The DMM class, the data processing (process_data / load_data) and the mini-batch helpers (get_mini_batch:
sort longest first, pad, mask, reverse, pack) are Pyro's own, imported from the sources in $PYRO_SOURCES
(see README.md); nothing of dmm.py is copied here.
"""
import argparse
import importlib.util
import json
import os
import pickle
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPOSITORY = os.path.dirname(os.path.dirname(HERE))
SOURCES = os.environ.get("PYRO_SOURCES", os.path.join(HERE, "sources"))
PYRO_SRC = os.path.join(SOURCES, "pyro-src")
for p in (PYRO_SRC, os.path.join(SOURCES, "pyro-api-src"), os.path.join(SOURCES, "opt_einsum-src")):
    if p not in sys.path:
        sys.path.insert(0, p)

import torch  # noqa: E402

import pyro  # noqa: E402
import pyro.contrib.examples.polyphonic_data_loader as poly  # noqa: E402
from pyro.infer import SVI, Trace_ELBO  # noqa: E402
from pyro.optim import ClippedAdam  # noqa: E402

spec = importlib.util.spec_from_file_location("pyro_examples_dmm", os.path.join(PYRO_SRC, "examples", "dmm.py"))
dmm_example = importlib.util.module_from_spec(spec)
spec.loader.exec_module(dmm_example)


def load_training_data(json_path, data_dir):
    """dmm.py's poly.load_data(poly.JSB_CHORALES), the raw pickle made from the JSON instead of downloaded."""
    os.makedirs(data_dir, exist_ok=True)
    raw = os.path.join(data_dir, "jsb_chorales_raw.pickle")
    processed = os.path.join(data_dir, "jsb_chorales.pkl")
    if not os.path.exists(processed):
        with open(json_path) as f:
            splits = json.load(f)
        # the original pickle: {split: [chorale: [step: tuple of MIDI numbers]]}
        with open(raw, "wb") as f:
            pickle.dump({k: [[tuple(step) for step in seq] for seq in v] for k, v in splits.items()}, f)
    poly.base_path = data_dir
    dataset = poly.dset("jsb_chorales", "file://" + raw, "jsb_chorales.pkl")
    poly.process_data(data_dir, dataset)
    return poly.load_data(dataset)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("steps", type=int, nargs="?", default=20)
    ap.add_argument("--warmup", type=int, default=10)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--annealing", type=float, default=1.0)
    ap.add_argument("--minibatch", default=os.path.join(HERE, "minibatch.json"))
    args = ap.parse_args()

    torch.set_num_threads(1)
    assert pyro.__version__.startswith("1.8.6"), pyro.__version__
    assert torch.get_default_dtype() == torch.float32
    pyro.set_rng_seed(args.seed)
    pyro.clear_param_store()

    with open(args.minibatch) as f:
        mb = json.load(f)
    data = load_training_data(os.path.join(REPOSITORY, mb["source"]),
                              os.path.join(REPOSITORY, "benchmarks", "target", "pyro-data"))
    train_lengths = data["train"]["sequence_lengths"]
    train_sequences = data["train"]["sequences"]
    indices = torch.tensor(mb["indices"], dtype=torch.long)
    mini_batch, mini_batch_reversed, mini_batch_mask, mini_batch_seq_lengths = poly.get_mini_batch(
        indices, train_sequences, train_lengths, cuda=False)
    total, longest = int(mini_batch_seq_lengths.sum()), int(mini_batch_seq_lengths.max())
    assert (total, longest) == (mb["total_time_steps"], mb["longest"]), (total, longest)
    print("mini-batch: %d chorales, %d time steps, longest %d, padded %s, lengths %s"
          % (len(indices), total, longest, tuple(mini_batch.shape), mini_batch_seq_lengths.tolist()))

    # dmm.py main(): DMM(rnn_dropout_rate, num_iafs, iaf_dim) with the defaults, ClippedAdam, Trace_ELBO
    dmm = dmm_example.DMM(rnn_dropout_rate=0.0, num_iafs=0, iaf_dim=100, use_cuda=False)
    adam = ClippedAdam({"lr": 0.0003, "betas": (0.96, 0.999), "clip_norm": 10.0, "lrd": 0.99996,
                        "weight_decay": 2.0})
    svi = SVI(dmm.model, dmm.guide, adam, loss=Trace_ELBO())
    step_args = (mini_batch, mini_batch_reversed, mini_batch_mask, mini_batch_seq_lengths, args.annealing)

    torch.mm(torch.ones(64, 64), torch.ones(64, 64))  # make sure the BLAS is loaded, then name it
    blas = sorted({l.split()[-1] for l in open("/proc/self/maps") if "blas" in l or "lapack" in l})
    print("BLAS mapped:", ", ".join(blas) or "none", "| OPENBLAS_CORETYPE=%s" % os.environ.get("OPENBLAS_CORETYPE"))
    print("torch %s, pyro %s, threads %d, warm-up %d, measured %d, annealing %.2f"
          % (torch.__version__, pyro.__version__, torch.get_num_threads(), args.warmup, args.steps, args.annealing))
    losses = []
    for _ in range(args.warmup):
        losses.append(svi.step(*step_args))
    cpu_ms, wall_ms = [], []
    for _ in range(args.steps):
        w0, c0 = time.perf_counter(), time.process_time()
        losses.append(svi.step(*step_args))
        c1, w1 = time.process_time(), time.perf_counter()
        cpu_ms.append(1e3 * (c1 - c0))
        wall_ms.append(1e3 * (w1 - w0))
    assert all(map(lambda x: x == x and abs(x) != float("inf"), losses)), "non-finite loss"
    print("loss: first %.1f, last %.1f (per time step %.4f)" % (losses[0], losses[-1], losses[-1] / total))
    print("CPU  ms/step: min %.1f  median %.1f" % (min(cpu_ms), statistics.median(cpu_ms)))
    print("wall ms/step: min %.1f  median %.1f" % (min(wall_ms), statistics.median(wall_ms)))


if __name__ == "__main__":
    main()
