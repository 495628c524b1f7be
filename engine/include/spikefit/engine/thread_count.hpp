#pragma once

namespace spikefit::engine {

// The CPU threads a batch runs on: `requested` when positive, else every processor available to
// the process (omp_get_num_procs, which honours the affinity mask). Never the OpenMP default
// (omp_get_max_threads): LibTorch sets it to its own intra-op count (1 with the system LibTorch)
// the first time it is asked for its thread count, which would run every batch of a process that
// fits a GP on one core.
int thread_count(int requested);

}  // namespace spikefit::engine
