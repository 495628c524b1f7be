# The environment bench/fuzz.sh and scripts/fuzz_replay.sh run the fuzz targets in (sourced from
# the repository root).
export LSAN_OPTIONS="suppressions=$PWD/fuzz/lsan.supp"
# A malloc of more than 128 MiB returns null, as glibc's does when the memory is not there, instead
# of aborting: HDF5 and libmatio allocate sizes read from a damaged header before they check them
# (up to 10^14 bytes seen) and check for null. The fuzzers' own reads stop at 2^20 values
# (fuzz/recorded_value_limit.hpp), far below; a larger malloc of spikefit's would be an out-of-memory report.
export ASAN_OPTIONS="allocator_may_return_null=1:max_allocation_size_mb=128"
# A target's extra libFuzzer flags: fuzz/<target>.options without its # comment lines.
options() { [[ -f fuzz/$1.options ]] && grep -v "^#" "fuzz/$1.options" || true; }
