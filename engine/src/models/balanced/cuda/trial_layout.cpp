#include "models/balanced/cuda/trial_layout.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "models/balanced/model_constants.hpp"
#include "spikefit/engine/random.hpp"

namespace spikefit::engine::cuda {

namespace {

std::size_t align16(std::size_t bytes) {
  return (bytes + 15) & ~std::size_t{15};
}

void require(bool ok, const std::string& what) {
  if (!ok) throw std::runtime_error("the CUDA backend cannot run this network: " + what);
}

RowRule row_rule(ConnectivityRule rule) {
  switch (rule) {
    case ConnectivityRule::kFixedOutDegree:
      return RowRule::kFixedOutDegree;
    case ConnectivityRule::kFixedInDegree:
      return RowRule::kFixedInDegree;
    case ConnectivityRule::kBernoulli:
      return RowRule::kBernoulli;
  }
  return RowRule::kFixedOutDegree;
}

void fill_recording(const NetworkSpec& net, TrialDescriptor& d) {
  const RecordingSpec& r = net.recording;
  d.burn_in_step = net.steps_of(r.burn_in_ms);
  d.count_bin_steps = net.steps_of(r.count_bin_ms);
  d.activity_bin_steps = net.steps_of(r.activity_bin_ms);
  d.count_population = r.count_population;
  d.count_neurons = net.populations[r.count_population].size;
  d.count_bins = d.steps > d.burn_in_step
                     ? static_cast<uint32_t>((d.steps - d.burn_in_step) / d.count_bin_steps)
                     : 0;
  d.activity_bins =
      d.activity_bin_steps > 0
          ? static_cast<uint32_t>((d.steps + d.activity_bin_steps - 1) / d.activity_bin_steps)
          : 0;
  d.raster_population = r.raster_population;
  d.raster_neurons = std::min(r.raster_neurons, net.populations[r.raster_population].size);
  d.raster_capacity = raster_capacity(net);
}

}  // namespace

SharedPlan plan_shared_memory(uint32_t neurons, uint32_t channel_neurons, std::size_t fixed_bytes,
                              std::size_t budget) {
  SharedPlan plan;
  plan.bytes = fixed_bytes;
  const std::size_t list = align16(4 * std::size_t{neurons});
  const std::size_t counts = align16(4 * std::size_t{channel_neurons});
  const std::size_t state = 2 * align16(8 * std::size_t{neurons}) +
                            2 * align16(8 * std::size_t{channel_neurons}) +
                            align16(4 * std::size_t{neurons});
  if (plan.bytes + list <= budget) {
    plan.spike_list_in_shared = true;
    plan.bytes += list;
    if (plan.bytes + counts <= budget) {
      plan.counts_in_shared = true;
      plan.bytes += counts;
      if (plan.bytes + state <= budget) {
        plan.state_in_shared = true;
        plan.bytes += state;
      }
    }
  }
  return plan;
}

uint64_t raster_capacity(const NetworkSpec& net) {
  const RecordingSpec& r = net.recording;
  if (r.raster_neurons == 0) return 0;
  const PopulationSpec& pop = net.populations[r.raster_population];
  const uint64_t neurons = std::min(r.raster_neurons, pop.size);
  // A spike sets the counter to R; the neuron can spike again R steps later at the earliest (when
  // V_reset >= V_cut), every step when R = 0.
  const uint64_t period =
      std::max<uint64_t>(static_cast<uint64_t>(neuron_constants(net, pop).refractory_steps), 1);
  const uint64_t steps = net.steps();
  const uint64_t by_refractoriness = neurons * ((steps + period - 1) / period);
  const uint64_t by_cap = spike_cap(net) + net.neuron_count();  // the last step may overshoot
  return std::min(by_refractoriness, by_cap);
}

bool TrialLayout::has_counted_rows() const {
  for (const ConnectivityJob& job : jobs) {
    if (job.rule != RowRule::kFixedOutDegree) return true;
  }
  return false;
}

TrialLayout build_trial_layout(const NetworkSpec& net, uint64_t seed, std::size_t fixed_bytes,
                               std::size_t shared_budget, bool capture_state) {
  require(net.populations.size() <= kMaxPopulations, std::to_string(net.populations.size()) +
                                                         " populations (at most " +
                                                         std::to_string(kMaxPopulations) + ")");
  require(net.projections.size() <= kMaxChannels, std::to_string(net.projections.size()) +
                                                      " projections (at most " +
                                                      std::to_string(kMaxChannels) + ")");
  require(net.inputs.size() <= kMaxInputs, std::to_string(net.inputs.size()) + " inputs (at most " +
                                               std::to_string(kMaxInputs) + ")");
  TrialLayout layout;
  TrialDescriptor& d = layout.descriptor;
  d.seed = seed;
  d.dt = net.dt_ms;
  d.steps = net.steps();
  d.spike_cap = spike_cap(net);
  d.n_populations = static_cast<uint32_t>(net.populations.size());
  d.n_channels = static_cast<uint32_t>(net.projections.size());
  d.n_inputs = static_cast<uint32_t>(net.inputs.size());
  d.capture_state = capture_state ? 1 : 0;

  uint32_t offset = 0;
  for (uint32_t p = 0; p < d.n_populations; ++p) {
    const PopulationSpec& pop = net.populations[p];
    DevicePopulation& dp = d.populations[p];
    dp.neuron = neuron_constants(net, pop);
    dp.v_init_low = pop.v_init_low_mV;
    dp.v_init_high = pop.v_init_high_mV;
    dp.offset = offset;
    dp.size = pop.size;
    offset += pop.size;
  }
  d.n_neurons = offset;

  // Channels in projection order; their state is concatenated in that order.
  uint32_t channel_neurons = 0;
  for (uint32_t k = 0; k < d.n_channels; ++k) {
    const ProjectionSpec& p = net.projections[k];
    DeviceChannel& c = d.channels[k];
    c.synapse = synapse_constants(p);
    c.kick = projection_kick(net, p);
    c.post = p.post;
    c.state_offset = channel_neurons;
    c.n_pre = net.source_size(p.pre);
    c.targets_are_16bit = net.populations[p.post].size <= 65536 ? 1 : 0;
    channel_neurons += net.populations[p.post].size;
  }
  d.channel_neurons = channel_neurons;

  uint32_t in_at = 0, out_at = 0;
  for (uint32_t p = 0; p < d.n_populations; ++p) {
    d.populations[p].first_in = in_at;
    for (uint32_t k = 0; k < d.n_channels; ++k) {
      if (net.projections[k].post == p) d.in_list[in_at++] = static_cast<uint8_t>(k);
    }
    d.populations[p].in_count = in_at - d.populations[p].first_in;
    d.populations[p].first_out = out_at;
    for (uint32_t k = 0; k < d.n_channels; ++k) {
      const SourceRef& pre = net.projections[k].pre;
      if (!pre.is_input && pre.index == p) d.out_list[out_at++] = static_cast<uint8_t>(k);
    }
    d.populations[p].out_count = out_at - d.populations[p].first_out;
  }
  for (uint32_t m = 0; m < d.n_inputs; ++m) {
    const InputSpec& in = net.inputs[m];
    DeviceInput& di = d.inputs[m];
    di.mean = poisson_input_mean(net, in);
    di.exp_neg_mean = std::exp(-di.mean);
    di.size = in.size;
    di.first_out = out_at;
    for (uint32_t k = 0; k < d.n_channels; ++k) {
      const SourceRef& pre = net.projections[k].pre;
      if (pre.is_input && pre.index == m) d.out_list[out_at++] = static_cast<uint8_t>(k);
    }
    di.out_count = out_at - di.first_out;
  }
  fill_recording(net, d);
  d.shared = plan_shared_memory(d.n_neurons, d.channel_neurons, fixed_bytes, shared_budget);

  for (uint32_t k = 0; k < d.n_channels; ++k) {
    const ProjectionSpec& p = net.projections[k];
    ConnectivityJob job;
    job.seed = seed;
    job.stream = rng_stream(RngPurpose::kConnectivity, k);
    job.rule = row_rule(p.rule);
    job.n_pre = net.source_size(p.pre);
    job.n_post = net.populations[p.post].size;
    job.degree = p.degree;
    job.wrapped_gaussian = p.placement == TargetPlacement::kWrappedGaussian ? 1 : 0;
    job.pre_lattice = net.source_lattice(p.pre);
    job.post_lattice = net.populations[p.post].lattice;
    job.sigma = p.sigma;
    job.probability = p.probability;
    job.log_q = p.probability < 1.0 ? std::log1p(-p.probability) : 0.0;
    std::vector<uint32_t> offsets;
    uint64_t synapses = 0;
    if (job.rule == RowRule::kFixedOutDegree) {
      synapses = uint64_t{job.n_pre} * job.degree;
      require(synapses <= std::numeric_limits<uint32_t>::max(),
              "projection " + p.name + " has more than 2^32 synapses");
      offsets.resize(job.n_pre + 1);
      for (uint32_t j = 0; j <= job.n_pre; ++j) offsets[j] = j * job.degree;
    } else if (job.rule == RowRule::kFixedInDegree) {
      synapses = uint64_t{job.n_post} * job.degree;
      require(synapses <= std::numeric_limits<uint32_t>::max(),
              "projection " + p.name + " has more than 2^32 synapses");
    }
    layout.jobs.push_back(job);
    layout.offsets.push_back(std::move(offsets));
    layout.known_synapses.push_back(synapses);
  }
  return layout;
}

TrialBytes trial_bytes(const TrialLayout& layout) {
  const TrialDescriptor& d = layout.descriptor;
  const std::size_t n = d.n_neurons, cn = d.channel_neurons;
  TrialBytes bytes;
  bytes.outputs = 256 + 2 * std::size_t{d.count_bins} * d.count_neurons +
                  4 * std::size_t{d.activity_bins} * d.n_populations + 24 * n + 256 * 6 +
                  sizeof(RasterEntry) * d.raster_capacity;
  std::size_t work = sizeof(TrialDescriptor) + sizeof(ConnectivityJob) * layout.jobs.size();
  for (std::size_t k = 0; k < layout.jobs.size(); ++k) {
    const ConnectivityJob& job = layout.jobs[k];
    const std::size_t index_bytes = d.channels[k].targets_are_16bit ? 2 : 4;
    double synapses = static_cast<double>(layout.known_synapses[k]);
    if (job.rule == RowRule::kBernoulli) {
      synapses = job.probability * job.n_pre * job.n_post;
    }
    work += 4 * (std::size_t{job.n_pre} + 1) + 8 * std::size_t{job.n_pre} +
            static_cast<std::size_t>(synapses) * index_bytes + 3 * 256;
  }
  const bool global_state = !d.shared.state_in_shared || d.capture_state;
  const bool global_counts = !d.shared.counts_in_shared || d.capture_state;
  if (!d.shared.spike_list_in_shared) work += 4 * n;
  if (global_counts) work += 4 * cn;
  if (global_state) work += 20 * n + 16 * cn;
  bytes.work = work + 256 * 8;
  return bytes;
}

std::vector<std::pair<std::size_t, std::size_t>> split_batch(
    const std::vector<std::size_t>& bytes_per_trial, std::size_t max_trials, std::size_t budget) {
  std::vector<std::pair<std::size_t, std::size_t>> groups;
  std::size_t begin = 0;
  while (begin < bytes_per_trial.size()) {
    std::size_t end = begin + 1;
    std::size_t bytes = bytes_per_trial[begin];
    while (end < bytes_per_trial.size() && end - begin < max_trials &&
           bytes + bytes_per_trial[end] <= budget) {
      bytes += bytes_per_trial[end++];
    }
    groups.emplace_back(begin, end);
    begin = end;
  }
  return groups;
}

}  // namespace spikefit::engine::cuda
