#!/bin/sh
# One SVI step of Pyro 1.8.6's examples/dmm.py on DmmJsbStepBenchmark's 20 chorales, one thread, CPU time.
# usage: benchmarks/pyro/run_timing.sh [N measured steps] [--warmup 10] [--seed 0] [--annealing 1.0]
# PYRO_SOURCES: the folder holding pyro-src, pyro-api-src and opt_einsum-src (default: benchmarks/pyro/sources).
# KEEP_HEAP=1: glibc malloc keeps freed blocks instead of unmapping them (see README.md).
cd "$(dirname "$0")"
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
export LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-pthread
if [ "${KEEP_HEAP:-0}" = 1 ]; then
  export MALLOC_MMAP_THRESHOLD_=1000000000 MALLOC_TRIM_THRESHOLD_=1000000000
fi
exec /usr/bin/python3 dmm_step.py "$@"
