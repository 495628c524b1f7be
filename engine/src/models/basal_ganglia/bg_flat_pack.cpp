#include "models/basal_ganglia/bg_flat_pack.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <stdexcept>

#include "models/basal_ganglia/bg_drives.hpp"
#include "models/basal_ganglia/bg_initial_state.hpp"
#include "models/basal_ganglia/bg_random.hpp"
#include "models/basal_ganglia/bg_wiring.hpp"

namespace spikefit::engine::bg {

namespace {

// Hands out 16-byte aligned offsets of a growing arena.
class ArenaPlan {
 public:
  template <class T>
  uint64_t reserve(uint64_t count) {
    const uint64_t at = bytes_;
    bytes_ += (count * sizeof(T) + 15) / 16 * 16;
    return at;
  }
  uint64_t bytes() const { return bytes_; }

 private:
  uint64_t bytes_ = 0;
};

template <class T>
void store(BgPackedTrial& packed, uint64_t at, const std::vector<T>& values) {
  if (!values.empty()) std::memcpy(packed.bytes() + at, values.data(), values.size() * sizeof(T));
}

BgFlatPulses plan_pulses(ArenaPlan& plan, bool enabled, uint32_t target, double amplitude,
                         uint64_t width_steps, const std::vector<uint64_t>& onsets) {
  BgFlatPulses p;
  p.enabled = enabled ? 1 : 0;
  p.target = target;
  p.amplitude = amplitude;
  p.width_steps = width_steps;
  p.count = onsets.size();
  p.onsets_at = plan.reserve<uint64_t>(onsets.size());
  return p;
}

void check_flat_limits(const BgNetworkSpec& net) {
  if (net.populations.size() > kBgFlatMaxPopulations) {
    throw std::invalid_argument("the CUDA backend holds at most " +
                                std::to_string(kBgFlatMaxPopulations) + " BG populations, got " +
                                std::to_string(net.populations.size()));
  }
  if (net.pathways.size() > kBgFlatMaxPathways) {
    throw std::invalid_argument("the CUDA backend holds at most " +
                                std::to_string(kBgFlatMaxPathways) + " BG pathways, got " +
                                std::to_string(net.pathways.size()));
  }
  if (net.neuron_count() >= (1u << 24)) {
    throw std::invalid_argument("the CUDA backend holds at most 2^24 BG cells per network");
  }
  if (net.record_mean_v) {
    throw std::invalid_argument("record_mean_v is not supported by the CUDA backend");
  }
}

// The first non-finite cell, or kBgNoCell.
uint32_t first_non_finite(const BgFlatTrial& t, char* arena) {
  for (uint32_t cell = 0; cell < t.neurons; ++cell) {
    if (!bg_cell_finite(t, arena, cell)) return cell;
  }
  return kBgNoCell;
}

void fail(BgFlatResult& r, uint32_t cell) {
  r.status = BgFlatStatus::kError;
  r.error_cell = cell;
}

// Sizes, steps, bins and the spike cap.
void plan_scalars(const BgNetworkSpec& net, BgFlatTrial& t) {
  const uint32_t n = net.neuron_count();
  t.neurons = n;
  t.populations = static_cast<uint32_t>(net.populations.size());
  t.pathways = static_cast<uint32_t>(net.pathways.size());
  t.integrator = net.integrator;
  t.dt_ms = net.dt_ms;
  t.steps = net.steps();
  t.burn_in_step = net.steps_of(net.burn_in_ms);
  t.activity_bin_steps = std::max<uint64_t>(1, net.steps_of(1.0));
  t.activity_bins =
      static_cast<uint32_t>((t.steps + t.activity_bin_steps - 1) / t.activity_bin_steps);
  t.spike_cap = std::max<uint64_t>(
      1, static_cast<uint64_t>(
             std::floor(static_cast<double>(n) * net.duration_ms * net.max_rate_hz / 1000.0)));
  t.raster_capacity = t.spike_cap + n;
  // The ring holds max delay + 2 steps.
  uint64_t max_delay = 0;
  for (const BgPathway& w : net.pathways) max_delay = std::max(max_delay, net.steps_of(w.delay_ms));
  t.ring_depth = max_delay + 2;
}

// Cells: parameters, states and synapse variables.
void plan_populations(const BgNetworkSpec& net, ArenaPlan& plan, BgFlatTrial& t) {
  uint32_t offset = 0;
  for (uint32_t p = 0; p < t.populations; ++p) {
    const BgPopulation& spec = net.populations[p];
    BgFlatPopulation& pop = t.pop[p];
    pop.model = spec.model;
    pop.synapse = spec.synapse;
    pop.offset = offset;
    pop.size = spec.size;
    pop.threshold_mv = spec.spike_threshold_mv;
    pop.stn = spec.stn;
    pop.gp = spec.gp;
    pop.tc = spec.tc;
    pop.adex = spec.adex;
    pop.gate = spec.gate;
    pop.alpha = spec.alpha;
    for (const BgPathway& w : net.pathways) pop.presynaptic |= w.pre == p ? 1u : 0u;
    offset += spec.size;
  }
  for (uint32_t p = 0; p < t.populations; ++p) {
    BgFlatPopulation& pop = t.pop[p];
    switch (pop.model) {
      case BgCellModel::kStn:
        pop.state_at = plan.reserve<StnState>(pop.size);
        break;
      case BgCellModel::kGp:
        pop.state_at = plan.reserve<GpState>(pop.size);
        break;
      case BgCellModel::kTc:
        pop.state_at = plan.reserve<TcState>(pop.size);
        break;
      case BgCellModel::kAdex:
        pop.state_at = plan.reserve<AdexState>(pop.size);
        break;
    }
    if (!pop.presynaptic) continue;
    pop.synvar_at = pop.synapse == BgSynapseKind::kGate ? plan.reserve<double>(pop.size)
                                                        : plan.reserve<AlphaSynapseState>(pop.size);
    pop.ring_at = plan.reserve<double>(t.ring_depth * pop.size);
  }
}

void plan_pathways(const BgNetworkSpec& net, const std::vector<BgWiring>& wiring, ArenaPlan& plan,
                   BgFlatTrial& t) {
  for (uint32_t k = 0; k < t.pathways; ++k) {
    const BgPathway& w = net.pathways[k];
    BgFlatPathway& path = t.path[k];
    path.pre = w.pre;
    path.post = w.post;
    path.weight = w.weight;
    path.weight_e_rev = w.weight * w.e_rev_mv;
    path.delay_steps = net.steps_of(w.delay_ms);
    path.offsets_at = plan.reserve<uint32_t>(wiring[k].offsets.size());
    path.pre_at = plan.reserve<uint32_t>(wiring[k].pre.size());
  }
}

uint32_t cortical_cells(const BgNetworkSpec& net) {
  return net.cortical.enabled ? net.populations[net.cortical.target].size : 0;
}

void plan_cortical(const BgNetworkSpec& net, ArenaPlan& plan, BgFlatTrial& t) {
  if (!net.cortical.enabled) return;
  const uint32_t n_cortical = cortical_cells(net);
  BgFlatCortical& c = t.cortical;
  c.enabled = 1;
  c.target = net.cortical.target;
  c.thinning.max_rate_per_ms = net.cortical.rate_hz * (1.0 + net.cortical.beta_depth) / 1000.0;
  c.thinning.depth = net.cortical.beta_depth;
  c.thinning.omega_per_ms = 2.0 * M_PI * net.cortical.beta_frequency_hz / 1000.0;
  c.weight = net.cortical.weight;
  c.e_rev_mv = net.cortical.e_rev_mv;
  c.decay = std::exp(-net.dt_ms / net.cortical.tau_ms);
  c.streams_at = plan.reserve<CounterStream>(n_cortical);
  c.next_at = plan.reserve<double>(n_cortical);
  c.g_at = plan.reserve<double>(n_cortical);
}

// Per-cell applied current and last spike, then the outputs (copied back from the device).
void plan_cells_and_outputs(ArenaPlan& plan, BgFlatTrial& t) {
  const uint32_t n = t.neurons;
  t.i_app_at = plan.reserve<double>(n);
  t.last_spike_at = plan.reserve<int64_t>(n);
  t.outputs_at = plan.bytes();
  t.activity_at = plan.reserve<uint32_t>(uint64_t{t.activity_bins} * t.populations);
  t.spikes_after_at = plan.reserve<uint32_t>(n);
  t.isi_count_at = plan.reserve<uint32_t>(n);
  t.isi_sum_at = plan.reserve<double>(n);
  t.isi_sum_sq_at = plan.reserve<double>(n);
  t.result_at = plan.reserve<BgFlatResult>(1);
  t.raster_at = plan.reserve<uint64_t>(t.raster_capacity);
  t.arena_bytes = plan.bytes();
}

template <class State, class Make>
void store_states(BgPackedTrial& packed, const BgFlatPopulation& pop, const double* v, Make make) {
  std::vector<State> s;
  for (uint32_t j = 0; j < pop.size; ++j) s.push_back(make(v[j]));
  store(packed, pop.state_at, s);
}

// Initial cell states (gates at steady state), applied currents and last spikes.
void fill_cells(const BgNetworkSpec& net, uint64_t seed, BgPackedTrial& packed) {
  const BgFlatTrial& t = packed.trial;
  const BgInitialDraws draws = bg_initial_draws(net, seed);
  for (uint32_t p = 0; p < t.populations; ++p) {
    const BgPopulation& spec = net.populations[p];
    const BgFlatPopulation& pop = t.pop[p];
    const double* v = draws.v_mv.data() + pop.offset;
    switch (spec.model) {
      case BgCellModel::kStn:
        store_states<StnState>(packed, pop, v,
                               [&](double v0) { return stn_steady_state(spec.stn, v0); });
        break;
      case BgCellModel::kGp:
        store_states<GpState>(packed, pop, v,
                              [&](double v0) { return gp_steady_state(spec.gp, v0); });
        break;
      case BgCellModel::kTc:
        store_states<TcState>(packed, pop, v,
                              [&](double v0) { return tc_steady_state(spec.tc, v0); });
        break;
      case BgCellModel::kAdex:
        store_states<AdexState>(packed, pop, v, [](double v0) { return AdexState{v0, 0.0}; });
        break;
    }
  }
  store(packed, t.i_app_at, draws.i_app);
  store(packed, t.last_spike_at, std::vector<int64_t>(t.neurons, -1));
}

// Pathway rows, and every cell's out-degree (synaptic events per spike).
void fill_pathways(const std::vector<BgWiring>& wiring, BgPackedTrial& packed) {
  const BgFlatTrial& t = packed.trial;
  packed.out_degree.assign(t.neurons, 0);
  for (uint32_t k = 0; k < t.pathways; ++k) {
    store(packed, t.path[k].offsets_at, wiring[k].offsets);
    store(packed, t.path[k].pre_at, wiring[k].pre);
    const uint32_t pre_offset = t.pop[t.path[k].pre].offset;
    for (uint32_t i : wiring[k].pre) ++packed.out_degree[pre_offset + i];
  }
}

// Cortical Poisson streams, each target cell's first spike and its conductance at t = 0.
void fill_cortical(const BgNetworkSpec& net, uint64_t seed, BgPackedTrial& packed) {
  const BgFlatCortical& c = packed.trial.cortical;
  const uint32_t n_cortical = cortical_cells(net);
  std::vector<CounterStream> streams;
  std::vector<double> next(n_cortical), g(n_cortical);
  for (uint32_t j = 0; j < n_cortical; ++j) {
    streams.emplace_back(seed, bg_stream(BgRngPurpose::kCortical, 0), j);
    next[j] = cortical_next_spike_ms(c.thinning, streams[j], 0.0);
    g[j] = c.weight * cortical_spikes_in(c.thinning, streams[j], next[j], 0.0, net.dt_ms);
  }
  store(packed, c.streams_at, streams);
  store(packed, c.next_at, next);
  store(packed, c.g_at, g);
}

}  // namespace

BgPackedTrial pack_bg_trial(const BgNetworkSpec& net, uint64_t seed) {
  BgPackedTrial packed;
  try {
    check_flat_limits(net);
    BgFlatTrial& t = packed.trial;
    ArenaPlan plan;
    plan_scalars(net, t);
    std::vector<BgWiring> wiring;
    for (uint32_t k = 0; k < t.pathways; ++k) wiring.push_back(wire_pathway(net, k, seed));
    plan_populations(net, plan, t);
    plan_pathways(net, wiring, plan, t);
    const std::vector<uint64_t> dbs = dbs_onset_steps(net.dbs, net.dt_ms, t.steps);
    const std::vector<uint64_t> smc = smc_onset_steps(net.smc, net.dt_ms, t.steps, seed);
    t.dbs = plan_pulses(plan, net.dbs.enabled, net.dbs.target, net.dbs.amplitude,
                        pulse_width_steps(net.dbs.width_ms, net.dt_ms), dbs);
    t.smc = plan_pulses(plan, net.smc.enabled, net.smc.target, net.smc.amplitude,
                        pulse_width_steps(net.smc.width_ms, net.dt_ms), smc);
    for (uint64_t s : dbs) packed.dbs_onsets_ms.push_back(static_cast<double>(s) * net.dt_ms);
    for (uint64_t s : smc) packed.smc_onsets_ms.push_back(static_cast<double>(s) * net.dt_ms);
    plan_cortical(net, plan, t);
    plan_cells_and_outputs(plan, t);
    packed.arena.assign(t.arena_bytes / 8, 0);

    // Fill: the draws every backend shares.
    fill_cells(net, seed, packed);
    fill_pathways(wiring, packed);
    store(packed, t.dbs.onsets_at, dbs);
    store(packed, t.smc.onsets_at, smc);
    if (net.cortical.enabled) fill_cortical(net, seed, packed);
    *bg_at<BgFlatResult>(packed.bytes(), t.result_at) = BgFlatResult{};
  } catch (const std::exception& e) {
    packed.error = e.what();
    packed.arena.clear();
  }
  return packed;
}

void run_bg_flat_trial_host(const BgFlatTrial& t, char* arena) {
  BgFlatResult& r = *bg_at<BgFlatResult>(arena, t.result_at);
  uint64_t* raster = bg_at<uint64_t>(arena, t.raster_at);
  uint32_t* activity = bg_at<uint32_t>(arena, t.activity_at);
  const uint64_t* dbs_onsets = bg_at<uint64_t>(arena, t.dbs.onsets_at);
  const uint64_t* smc_onsets = bg_at<uint64_t>(arena, t.smc.onsets_at);
  uint64_t dbs_next = 0, smc_next = 0;
  for (uint64_t i = 1; i < t.steps; ++i) {
    const double dbs = bg_pulse_current(t.dbs, dbs_onsets, i, dbs_next);
    const double smc = bg_pulse_current(t.smc, smc_onsets, i, smc_next);
    for (uint32_t p = 0; p < t.populations; ++p) {
      for (uint32_t j = 0; j < t.pop[p].size; ++j) {
        if (!bg_step_cell(t, arena, p, j, i, dbs, smc)) continue;
        raster[r.raster_count++] = bg_raster_word(i, t.pop[p].offset + j);
        ++activity[uint64_t{p} * t.activity_bins + activity_bin(i, t.activity_bin_steps)];
        ++r.total_spikes;
      }
    }
    r.steps_simulated = i;
    if (r.total_spikes >= t.spike_cap) {
      const uint32_t bad = first_non_finite(t, arena);
      if (bad != kBgNoCell) {
        fail(r, bad);
      } else {
        r.status = BgFlatStatus::kRunaway;
      }
      return;
    }
    if (i % 1000 == 0) {
      const uint32_t bad = first_non_finite(t, arena);
      if (bad != kBgNoCell) return fail(r, bad);
    }
  }
  const uint32_t bad = first_non_finite(t, arena);
  if (bad != kBgNoCell) fail(r, bad);
}

TrialRecording unpack_bg_trial(const BgNetworkSpec& net, uint64_t seed,
                               const BgPackedTrial& packed) {
  TrialRecording rec;
  rec.seed = seed;
  if (!packed.error.empty()) {
    rec.status = TrialStatus::kError;
    rec.message = "simulation failed: " + packed.error;
    return rec;
  }
  const BgFlatTrial& t = packed.trial;
  char* arena = const_cast<char*>(packed.bytes());
  const BgFlatResult& r = *bg_at<BgFlatResult>(arena, t.result_at);
  rec.dt_ms = net.dt_ms;
  rec.burn_in_ms = net.burn_in_ms;
  for (uint32_t p = 0; p < t.populations; ++p) {
    rec.population_names.push_back(net.populations[p].name);
    rec.population_offsets.push_back(t.pop[p].offset);
  }
  rec.population_offsets.push_back(t.neurons);
  rec.steps_simulated = r.steps_simulated;
  rec.activity_bin_ms = static_cast<double>(t.activity_bin_steps) * net.dt_ms;
  rec.activity_bins = t.activity_bins;
  const uint32_t* activity = bg_at<uint32_t>(arena, t.activity_at);
  rec.activity.assign(activity, activity + uint64_t{t.activity_bins} * t.populations);
  const auto copy_cells = [&](auto* data, auto& into) { into.assign(data, data + t.neurons); };
  copy_cells(bg_at<uint32_t>(arena, t.spikes_after_at), rec.spikes_after_burn_in);
  copy_cells(bg_at<uint32_t>(arena, t.isi_count_at), rec.isi_count);
  copy_cells(bg_at<double>(arena, t.isi_sum_at), rec.isi_sum_ms);
  copy_cells(bg_at<double>(arena, t.isi_sum_sq_at), rec.isi_sum_sq_ms2);
  rec.total_spikes = r.total_spikes;

  std::vector<uint64_t> words(bg_at<uint64_t>(arena, t.raster_at),
                              bg_at<uint64_t>(arena, t.raster_at) + r.raster_count);
  std::sort(words.begin(), words.end());
  rec.raster.reserve(words.size());
  for (uint64_t w : words) {
    const auto neuron = static_cast<uint32_t>(w & 0xFFFFFFu);
    rec.raster.push_back({static_cast<double>(w >> 24) * net.dt_ms, neuron});
    rec.synaptic_events += packed.out_degree[neuron];
  }
  if (!rec.raster.empty()) {
    rec.first_spike_ms = rec.raster.front().time_ms;
    rec.last_spike_ms = rec.raster.back().time_ms;
  }
  if (r.status == BgFlatStatus::kError) {
    const uint32_t p = bg_population_of(t, r.error_cell);
    rec.status = TrialStatus::kError;
    rec.message = "numerical error: non-finite membrane potential in " + net.populations[p].name +
                  " cell " + std::to_string(r.error_cell - t.pop[p].offset) +
                  " by t = " + std::to_string(rec.simulated_ms()) + " ms";
  } else if (r.status == BgFlatStatus::kRunaway) {
    rec.status = TrialStatus::kRunaway;
    rec.message = "spike cap reached (mean rate above " + std::to_string(net.max_rate_hz) +
                  " Hz) at t = " + std::to_string(rec.simulated_ms()) + " ms";
  }
  rec.smc_onsets_ms = packed.smc_onsets_ms;
  rec.dbs_onsets_ms = packed.dbs_onsets_ms;
  return rec;
}

TrialRecording simulate_bg_trial_flat(const BgNetworkSpec& net, uint64_t seed) {
  const auto start = std::chrono::steady_clock::now();
  BgPackedTrial packed = pack_bg_trial(net, seed);
  const double setup =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (packed.error.empty()) run_bg_flat_trial_host(packed.trial, packed.bytes());
  TrialRecording out = unpack_bg_trial(net, seed, packed);
  out.setup_seconds = setup;
  out.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

}  // namespace spikefit::engine::bg
