#!/bin/bash
# One device check: GPU parity tests (model version 2: uncertain inputs, power, shares), CUDA benchmarks,
# 16-core CPU benchmark, CPU engine tests.
cd "$(dirname "$0")"  # a folder holding jevons-bench, tst_engine_gpu, tst_engine and lib/ (their shared libraries)
export LD_LIBRARY_PATH=$PWD/lib
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv 2>&1 | tee $OUT/nvidia_smi.txt
nproc
echo "== tst_engine_gpu"; timeout 200 ./tst_engine_gpu 2>&1 | tee $OUT/tst_engine_gpu.txt
echo "== bench cuda"; timeout 200 ./jevons-bench --backend cuda --max-paths 100000000 --naive-max 0 2>&1 | tee $OUT/bench_cuda.txt
echo "== bench cpu"; timeout 120 ./jevons-bench --backend cpu --max-paths 10000000 --naive-max 0 2>&1 | tee $OUT/bench_cpu.txt
echo "== bench uncertainty (cuda)"; timeout 120 ./jevons-bench --backend cuda --uncertainty 2>&1 | tee $OUT/bench_uncertainty_cuda.txt
echo "== tst_engine (cpu)"; timeout 120 ./tst_engine 2>&1 | grep -E "FAIL|Totals|QINFO" | tee $OUT/tst_engine.txt
