#include "models/balanced/cuda/launch_plan.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <tuple>

#include "models/balanced/recording_layout.hpp"

namespace spikefit::engine::cuda {

namespace {

template <class T>
void read_array(const std::vector<unsigned char>& image, std::size_t offset, std::vector<T>& out) {
  if (!out.empty()) std::memcpy(out.data(), image.data() + offset, out.size() * sizeof(T));
}

// Per-trial working arrays and outputs of one trial.
void plan_trial_arrays(const TrialDescriptor& d, ArenaPlan& work, ArenaPlan& outputs,
                       TrialOffsets& at) {
  const std::size_t nn = d.n_neurons, cn = d.channel_neurons;
  const bool global_state = !d.shared.state_in_shared || d.capture_state;
  const bool global_counts = !d.shared.counts_in_shared || d.capture_state;
  at.spike_list = d.shared.spike_list_in_shared ? kNone : work.take(4 * nn);
  at.count = global_counts ? work.take(4 * cn) : kNone;
  at.v = global_state ? work.take(8 * nn) : kNone;
  at.last_spike = global_state ? work.take(8 * nn) : kNone;
  at.current = global_state ? work.take(8 * cn) : kNone;
  at.derivative = global_state ? work.take(8 * cn) : kNone;
  at.refractory = global_state ? work.take(4 * nn) : kNone;
  at.summary = outputs.take(sizeof(TrialSummary));
  at.counts = outputs.take(2 * std::size_t{d.count_bins} * d.count_neurons);
  at.activity = outputs.take(4 * std::size_t{d.activity_bins} * d.n_populations);
  at.spikes_after = outputs.take(4 * nn);
  at.isi_count = outputs.take(4 * nn);
  at.isi_sum = outputs.take(8 * nn);
  at.isi_sum_sq = outputs.take(8 * nn);
  at.raster = outputs.take(sizeof(RasterEntry) * d.raster_capacity);
}

}  // namespace

LaunchPlan plan_launch(const std::vector<TrialLayout>& layouts, std::size_t begin,
                       std::size_t end) {
  const std::size_t n = end - begin;
  LaunchPlan plan;
  plan.at.resize(n);
  std::size_t n_jobs = 0;
  for (std::size_t t = 0; t < n; ++t) n_jobs += layouts[begin + t].jobs.size();
  plan.descriptors_at = plan.work.take(n * sizeof(TrialDescriptor));
  plan.jobs_at = plan.work.take(n_jobs * sizeof(ConnectivityJob));
  plan.offsets_begin = plan.work.size();
  for (std::size_t t = 0; t < n; ++t) {
    for (const ConnectivityJob& job : layouts[begin + t].jobs) {
      plan.at[t].offsets.push_back(plan.work.take(4 * (std::size_t{job.n_pre} + 1)));
    }
  }
  plan.offsets_end = plan.work.size();
  for (std::size_t t = 0; t < n; ++t) {
    for (const ConnectivityJob& job : layouts[begin + t].jobs) {
      const bool c = job.rule != RowRule::kFixedOutDegree;
      plan.counted |= c;
      plan.at[t].row_length.push_back(c ? plan.work.take(4 * std::size_t{job.n_pre}) : kNone);
      plan.at[t].row_cursor.push_back(c ? plan.work.take(4 * std::size_t{job.n_pre}) : kNone);
    }
  }
  plan.lengths_begin = plan.offsets_end;
  plan.lengths_end = plan.work.size();
  for (std::size_t t = 0; t < n; ++t) {
    const TrialLayout& layout = layouts[begin + t];
    const TrialDescriptor& d = layout.descriptor;
    for (std::size_t k = 0; k < layout.jobs.size(); ++k) {
      const std::size_t index_bytes = d.channels[k].targets_are_16bit ? 2 : 4;
      plan.at[t].targets.push_back(layout.jobs[k].rule == RowRule::kBernoulli
                                       ? kNone
                                       : plan.work.take(index_bytes * layout.known_synapses[k]));
    }
    plan_trial_arrays(d, plan.work, plan.outputs, plan.at[t]);
  }
  return plan;
}

namespace {

unsigned char* at_or_null(unsigned char* base, std::size_t offset) {
  return offset == kNone ? nullptr : base + offset;
}

// Trial t's descriptor with its outputs and working arrays bound.
void bind_trial_arrays(const TrialOffsets& at, unsigned char* outputs, unsigned char* work,
                       TrialDescriptor& d) {
  d.summary = reinterpret_cast<TrialSummary*>(outputs + at.summary);
  d.counts = reinterpret_cast<uint16_t*>(outputs + at.counts);
  d.activity = reinterpret_cast<uint32_t*>(outputs + at.activity);
  d.spikes_after_burn_in = reinterpret_cast<uint32_t*>(outputs + at.spikes_after);
  d.isi_count = reinterpret_cast<uint32_t*>(outputs + at.isi_count);
  d.isi_sum = reinterpret_cast<double*>(outputs + at.isi_sum);
  d.isi_sum_sq = reinterpret_cast<double*>(outputs + at.isi_sum_sq);
  d.raster = reinterpret_cast<RasterEntry*>(outputs + at.raster);
  d.spike_list = reinterpret_cast<uint32_t*>(at_or_null(work, at.spike_list));
  d.count = reinterpret_cast<uint32_t*>(at_or_null(work, at.count));
  d.v = reinterpret_cast<double*>(at_or_null(work, at.v));
  d.last_spike = reinterpret_cast<int64_t*>(at_or_null(work, at.last_spike));
  d.current = reinterpret_cast<double*>(at_or_null(work, at.current));
  d.derivative = reinterpret_cast<double*>(at_or_null(work, at.derivative));
  d.refractory = reinterpret_cast<int32_t*>(at_or_null(work, at.refractory));
}

// Points projection k's job and channel at targets stored at `base`.
void bind_targets(TrialDescriptor& d, std::size_t k, ConnectivityJob& job, unsigned char* base) {
  if (d.channels[k].targets_are_16bit) {
    job.targets16 = reinterpret_cast<uint16_t*>(base);
    d.channels[k].targets16 = job.targets16;
  } else {
    job.targets32 = reinterpret_cast<uint32_t*>(base);
    d.channels[k].targets32 = job.targets32;
  }
}

}  // namespace

LaunchImages bind_images(const std::vector<TrialLayout>& layouts, std::size_t begin,
                         const LaunchPlan& plan, unsigned char* outputs, unsigned char* work) {
  const std::size_t n = plan.at.size();
  LaunchImages images;
  images.descriptors.resize(n);
  images.offsets.resize(plan.offsets_end - plan.offsets_begin);
  for (std::size_t t = 0; t < n; ++t) {
    const TrialLayout& layout = layouts[begin + t];
    const TrialOffsets& at = plan.at[t];
    TrialDescriptor& d = images.descriptors[t];
    d = layout.descriptor;
    for (std::size_t k = 0; k < layout.jobs.size(); ++k) {
      ConnectivityJob job = layout.jobs[k];
      job.offsets = reinterpret_cast<const uint32_t*>(at_or_null(work, at.offsets[k]));
      job.row_length = reinterpret_cast<uint32_t*>(at_or_null(work, at.row_length[k]));
      job.row_cursor = reinterpret_cast<uint32_t*>(at_or_null(work, at.row_cursor[k]));
      const bool narrow = d.channels[k].targets_are_16bit != 0;
      unsigned char* targets = at_or_null(work, at.targets[k]);
      job.targets16 = narrow ? reinterpret_cast<uint16_t*>(targets) : nullptr;
      job.targets32 = narrow ? nullptr : reinterpret_cast<uint32_t*>(targets);
      d.channels[k].offsets = job.offsets;
      d.channels[k].targets16 = job.targets16;
      d.channels[k].targets32 = job.targets32;
      const std::vector<uint32_t>& known = layout.offsets[k];
      if (!known.empty()) {
        std::memcpy(images.offsets.data() + (at.offsets[k] - plan.offsets_begin), known.data(),
                    4 * known.size());
      }
      images.jobs.push_back(job);
    }
    bind_trial_arrays(at, outputs, work, d);
  }
  return images;
}

CountedRows place_counted_rows(const std::vector<TrialLayout>& layouts, std::size_t begin,
                               const LaunchPlan& plan, const std::vector<unsigned char>& lengths,
                               LaunchImages& images) {
  CountedRows rows;
  ArenaPlan bernoulli;
  std::size_t j = 0;
  for (std::size_t t = 0; t < plan.at.size(); ++t) {
    const TrialOffsets& at = plan.at[t];
    for (std::size_t k = 0; k < layouts[begin + t].jobs.size(); ++k, ++j) {
      if (at.row_length[k] == kNone) continue;
      const ConnectivityJob& job = images.jobs[j];
      const auto* length = reinterpret_cast<const uint32_t*>(
          lengths.data() + (at.row_length[k] - plan.lengths_begin));
      auto* offsets =
          reinterpret_cast<uint32_t*>(images.offsets.data() + (at.offsets[k] - plan.offsets_begin));
      uint64_t total = 0;
      for (uint32_t r = 0; r < job.n_pre; ++r) {
        offsets[r] = static_cast<uint32_t>(total);
        total += length[r];
      }
      if (total > 0xFFFFFFFFull) {
        throw std::runtime_error(
            "the CUDA backend cannot run this network: a projection has "
            "more than 2^32 synapses");
      }
      offsets[job.n_pre] = static_cast<uint32_t>(total);
      if (job.rule == RowRule::kBernoulli) {
        const std::size_t index_bytes = job.n_post <= 65536 ? 2 : 4;
        rows.bernoulli.push_back({t, k, j, bernoulli.take(index_bytes * total)});
      }
    }
  }
  rows.bernoulli_bytes = bernoulli.size();
  return rows;
}

void bind_bernoulli_targets(const CountedRows& rows, unsigned char* base, LaunchImages& images) {
  for (const BernoulliPlacement& b : rows.bernoulli) {
    bind_targets(images.descriptors[b.trial], b.projection, images.jobs[b.job], base + b.offset);
  }
}

TrialRecording unpack_trial(const NetworkSpec& net, uint64_t seed,
                            const std::vector<unsigned char>& image, const TrialOffsets& at,
                            double wall_seconds) {
  TrialRecording rec;
  prepare_recording(net, seed, rec);
  TrialSummary summary;
  std::memcpy(&summary, image.data() + at.summary, sizeof(summary));
  read_array(image, at.counts, rec.counts);
  read_array(image, at.activity, rec.activity);
  read_array(image, at.spikes_after, rec.spikes_after_burn_in);
  read_array(image, at.isi_count, rec.isi_count);
  read_array(image, at.isi_sum, rec.isi_sum_ms);
  read_array(image, at.isi_sum_sq, rec.isi_sum_sq_ms2);
  rec.steps_simulated = summary.steps_simulated;
  rec.total_spikes = summary.total_spikes;
  rec.synaptic_events = summary.synaptic_events;
  rec.synapse_count = net.expected_synapse_count();  // Bernoulli rows: expected, not realised
  rec.first_spike_ms = summary.first_spike_step >= 0
                           ? static_cast<double>(summary.first_spike_step) * net.dt_ms
                           : -1.0;
  rec.last_spike_ms = summary.last_spike_step >= 0
                          ? static_cast<double>(summary.last_spike_step) * net.dt_ms
                          : -1.0;
  if (summary.status == static_cast<uint32_t>(DeviceStatus::kRunaway)) {
    rec.status = TrialStatus::kRunaway;
    rec.message = runaway_message(net, rec.simulated_ms());
  } else if (summary.status == static_cast<uint32_t>(DeviceStatus::kNonFinite)) {
    rec.status = TrialStatus::kError;
    rec.message = non_finite_message(rec.simulated_ms());
  }
  // The CPU lists each step's raster spikes in neuron order; atomics left them in any order.
  std::vector<RasterEntry> raster(summary.raster_count);
  if (!raster.empty()) {
    std::memcpy(raster.data(), image.data() + at.raster, raster.size() * sizeof(RasterEntry));
  }
  std::sort(raster.begin(), raster.end(), [](const RasterEntry& a, const RasterEntry& b) {
    return std::tie(a.step, a.neuron) < std::tie(b.step, b.neuron);
  });
  rec.raster.reserve(raster.size());
  for (const RasterEntry& e : raster) {
    rec.raster.push_back({static_cast<double>(e.step) * net.dt_ms, e.neuron});
  }
  // Per launch: every trial of a launch shares its setup and simulation time.
  rec.setup_seconds = 0.0;
  rec.wall_seconds = wall_seconds;
  return rec;
}

}  // namespace spikefit::engine::cuda
