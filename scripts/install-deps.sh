#!/usr/bin/env bash
# Installs every Debian package spikefit needs to build, test and benchmark. Idempotent.
#   scripts/install-deps.sh            build + test dependencies
#   scripts/install-deps.sh --peers    also the peer tools used by fixture scripts and benchmarks
#                                      (Brian2, numpy/scipy/scikit-learn, Optuna)
set -euo pipefail

build_packages=(
  build-essential cmake ninja-build pkg-config git
  libeigen3-dev nlohmann-json3-dev librandom123-dev libcli11-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libsqlite3-dev
  clang libclang-rt-14-dev libomp-dev           # the sanitize preset (libFuzzer, OpenMP for clang)
  libhdf5-dev libmatio-dev                      # NWB and MATLAB recordings
  libopenmpi-dev openmpi-bin                    # distributed evaluation (mpirun -n R spikefit fit)
  pybind11-dev python3-dev python3-numpy        # the Python package
  libtorch-dev libopenblas0-pthread
  liblbfgspp-dev
  gnuplot-nox
)
peer_packages=(
  python3 python3-numpy python3-scipy python3-h5py python3-sklearn python3-brian python3-optuna
  g++ # Brian2 C++ standalone
)

want=("${build_packages[@]}")
if [[ "${1:-}" == "--peers" ]]; then want+=("${peer_packages[@]}"); fi

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#want[@]} packages present"
  exit 0
fi

SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
