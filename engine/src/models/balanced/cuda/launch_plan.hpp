#pragma once

// The host half of one launch of the balanced model's CUDA runner, no device calls: where each
// trial's pieces lie in the launch's output and work arenas (plan), the descriptors, jobs and row
// offsets with device pointers bound (images), the prefix sums of counted rows, and a trial's
// recording from the copied-back outputs (unpack).

#include <cstddef>
#include <cstdint>
#include <vector>

#include "models/balanced/cuda/trial_layout.hpp"
#include "spikefit/engine/models/balanced/network_spec.hpp"
#include "spikefit/engine/recording.hpp"

namespace spikefit::engine::cuda {

constexpr std::size_t kNone = ~std::size_t{0};  // an array that is not in global memory

// Byte offsets of one trial's pieces.
struct TrialOffsets {
  std::size_t summary = 0, counts = 0, activity = 0, spikes_after = 0, isi_count = 0;
  std::size_t isi_sum = 0, isi_sum_sq = 0, raster = 0;
  std::vector<std::size_t> offsets, row_length, row_cursor, targets;  // [projections]
  std::size_t spike_list = 0, count = 0, v = 0, refractory = 0, last_spike = 0;
  std::size_t current = 0, derivative = 0;
};

// Where one launch's pieces lie in its output and work arenas. The work arena holds the
// descriptors, the jobs, the row offsets of every projection and then the counted rows' lengths
// and cursors: two contiguous sections, each moved in one copy.
struct LaunchPlan {
  std::vector<TrialOffsets> at;  // [trials of the launch]
  ArenaPlan outputs, work;
  std::size_t descriptors_at = 0, jobs_at = 0;
  std::size_t offsets_begin = 0, offsets_end = 0;
  std::size_t lengths_begin = 0, lengths_end = 0;
  bool counted = false;  // some job has a counted rule (fixed in-degree, Bernoulli)
};

// Host images of the descriptors, jobs and row offsets, with device pointers bound.
struct LaunchImages {
  std::vector<TrialDescriptor> descriptors;  // [trials]
  std::vector<ConnectivityJob> jobs;         // all trials' projections, in order
  std::vector<unsigned char> offsets;        // the row-offsets section of the work arena
};

// A counted projection whose (Bernoulli) targets get memory once their number is known.
struct BernoulliPlacement {
  std::size_t trial, projection, job, offset;  // offset in the Bernoulli targets' buffer
};

struct CountedRows {
  std::vector<BernoulliPlacement> bernoulli;
  std::size_t bernoulli_bytes = 0;
};

LaunchPlan plan_launch(const std::vector<TrialLayout>& layouts, std::size_t begin, std::size_t end);

// The images of trials [begin, begin + plan.at.size()), bound to arenas at `outputs` and `work`
// (device addresses) and holding the known row offsets.
LaunchImages bind_images(const std::vector<TrialLayout>& layouts, std::size_t begin,
                         const LaunchPlan& plan, unsigned char* outputs, unsigned char* work);

// Counted rules (fixed in-degree, Bernoulli): from the row lengths counted on the device (the
// lengths section of the work arena), the row offsets by a prefix sum into images.offsets, and
// where the Bernoulli targets go. Throws std::runtime_error for a projection over 2^32 synapses.
CountedRows place_counted_rows(const std::vector<TrialLayout>& layouts, std::size_t begin,
                               const LaunchPlan& plan, const std::vector<unsigned char>& lengths,
                               LaunchImages& images);

// Points the Bernoulli jobs and channels at their targets in the buffer at `base`.
void bind_bernoulli_targets(const CountedRows& rows, unsigned char* base, LaunchImages& images);

// The recording of one trial from the launch's output image (every trial of a launch shares its
// wall time).
TrialRecording unpack_trial(const NetworkSpec& net, uint64_t seed,
                            const std::vector<unsigned char>& image, const TrialOffsets& at,
                            double wall_seconds);

}  // namespace spikefit::engine::cuda
