#!/usr/bin/env bash
# Downloads the Debian packages the build needs (headers and libraries only, no install) into
# scripts/device/debs/ (git-ignored), for a device machine that cannot reach a package registry:
# carry that folder to it and run scripts/device/gpu_check.sh there. Run here, from any folder.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mkdir -p "$here/debs"
cd "$here/debs"
packages=(
  libeigen3-dev nlohmann-json3-dev librandom123-dev libcli11-dev
  libgtest-dev googletest libbenchmark-dev libbenchmark1debian
  libsqlite3-dev libsqlite3-0 liblbfgspp-dev
)
apt-get download "${packages[@]}"
ls -l "$here/debs"
