#!/usr/bin/env bash
# One-call GPU check of the CUDA backend, for a device machine (nvcc, CMake, ninja and PyTorch
# present; no network). Before the call, here: scripts/device/fetch_debs.sh. Then:
#   run(command="bash scripts/device/gpu_check.sh", carry=["scripts/device/debs"], timeout_s=600)
# It unpacks the packages into a prefix (never into /), configures with the device's LibTorch
# (falling back to a configure without it), builds the engine, its tests, spikefit and the CUDA
# benchmark, runs the engine and gpu ctest labels and the benchmark, and writes logs to $OUT
# (or ./device-logs when OUT is unset): machine.txt, build.log, ctest.log, gpu_tests.log,
# sanitizer.log, bench_bg.txt, bench.txt. Environment: CUDA_ARCH (default 90: sm_90 code + PTX),
# BENCH_ARGS (default: 1-s trials, the whole B sweep), FULL=1 to build and test everything.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${OUT:-$root/device-logs}"
mkdir -p "$out"
prefix=/tmp/spikefit-deps
build=/tmp/spikefit-build
cd "$root"

{
  echo "== machine"; date -u; uname -a; nvidia-smi || true; nvcc --version || true
  cmake --version | head -1; g++ --version | head -1; git log --oneline -1 || true
} > "$out/machine.txt" 2>&1

mkdir -p "$prefix"
for deb in scripts/device/debs/*.deb; do dpkg -x "$deb" "$prefix"; done
export LD_LIBRARY_PATH="$prefix/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
torch_prefix="$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)' 2>/dev/null || true)"
deps="$prefix/usr;$prefix/usr/lib/x86_64-linux-gnu/cmake;$prefix/usr/share"

configure() {  # $1: extra prefix path
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSPIKEFIT_CUDA=ON \
    -DCMAKE_CUDA_ARCHITECTURES="${CUDA_ARCH:-90}" -DCMAKE_PREFIX_PATH="$deps${1:+;$1}" \
    -DCMAKE_INCLUDE_PATH="$prefix/usr/include"
}
if ! configure "$torch_prefix" > "$out/build.log" 2>&1; then
  echo "== configure with LibTorch ($torch_prefix) failed; again without it" >> "$out/build.log"
  rm -rf "$build"
  configure "" >> "$out/build.log" 2>&1 || { echo "configure failed"; tail -40 "$out/build.log"; exit 1; }
fi

targets=(engine_tests engine_cuda_host_tests engine_bg_flat_tests engine_gpu_tests spikefit spikefit_bench_cuda
  bg_network_bench)
if [ "${FULL:-0}" = 1 ]; then targets=(all); fi
if ! cmake --build "$build" --target "${targets[@]}" -- -j16 >> "$out/build.log" 2>&1; then
  echo "build failed"; grep -m20 -B2 -A8 "error" "$out/build.log"; exit 1
fi
{
  echo "== cuobjdump"; cuobjdump --list-ptx --list-elf "$build/engine/libspikefit_engine.a"
  echo "== version"; "$build/experiments/spikefit" --version
} >> "$out/machine.txt" 2>&1
labels='engine|gpu'
if [ "${FULL:-0}" = 1 ]; then labels='.'; fi
(cd "$build" && ctest -L "$labels" --output-on-failure -j4 --timeout 300) > "$out/ctest.log" 2>&1
ctest_rc=$?
"$build/tests/engine_gpu_tests" --gtest_brief=0 > "$out/gpu_tests.log" 2>&1

# Shared-memory races and out-of-bounds accesses on a small run (both plans: shared and global).
for tool in racecheck memcheck; do
  timeout 120 compute-sanitizer --tool "$tool" --error-exitcode 3 "$build/tests/engine_gpu_tests" \
    --gtest_filter='*BitForBit*:BgCudaEnsemble.FailingTrials*' >> "$out/sanitizer.log" 2>&1
  echo "compute-sanitizer $tool rc=$?" >> "$out/sanitizer.log"
done

# Basal-ganglia networks (issue 8, goal on an H100: 512 x 5 s within 1.5 s): B sweep, 5-s runs.
for b in 1 64 512; do
  timeout 90 "$build/bench/bg_network_bench" --backend cuda --networks "$b" --seconds 5 \
    --condition pd >> "$out/bench_bg.txt" 2>&1
done

# The benchmark gets what is left of a 10-minute device call.
timeout $(( SECONDS < 530 ? 560 - SECONDS : 30 )) "$build/bench/spikefit_bench_cuda" ${BENCH_ARGS:---duration-ms 1000} > "$out/bench.txt" 2>&1
echo "ctest rc=$ctest_rc"; tail -5 "$out/ctest.log"; grep "compute-sanitizer" "$out/sanitizer.log"
tail -3 "$out/machine.txt"; cat "$out/bench_bg.txt" "$out/bench.txt"
