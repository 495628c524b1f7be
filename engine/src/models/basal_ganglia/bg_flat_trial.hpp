#pragma once

// One BG trial flattened into a descriptor plus one byte arena (offsets, no pointers), so the same
// data runs on the CUDA backend (one thread block per trial, threads striding over cells) and on
// its host twin (bg_flat_trial.cpp), which CI tests against the CPU reference.
//
// Step i (1 .. steps - 1) is one pass over the cells with a barrier after it. Each cell in turn
// gathers its synaptic input from ring slots of steps i - 1 - delay, steps its state, records a
// spike, steps its own output synapse into ring slot i % ring_depth and advances its cortical
// conductance. ring_depth = max delay + 2, so the slot written in step i is never one read in
// step i: the cells of one step are independent, and their order does not matter.

#include <cmath>
#include <cstdint>

#include "models/basal_ganglia/bg_cortical.hpp"
#include "recording_bins.hpp"
#include "spikefit/base/host_device.hpp"
#include "spikefit/engine/models/basal_ganglia/bg_network_spec.hpp"
#include "spikefit/engine/random.hpp"

namespace spikefit::engine::bg {

constexpr uint32_t kBgFlatMaxPopulations = 8;
constexpr uint32_t kBgFlatMaxPathways = 16;
constexpr uint32_t kBgNoCell = 0xFFFFFFFFu;

enum class BgFlatStatus : int32_t { kOk = 0, kRunaway = 1, kError = 2 };

struct BgFlatPopulation {
  BgCellModel model = BgCellModel::kStn;
  BgSynapseKind synapse = BgSynapseKind::kGate;
  uint32_t offset = 0, size = 0;
  uint32_t presynaptic = 0;
  double threshold_mv = -10.0;
  StnParams stn;
  GpParams gp;
  TcParams tc;
  AdexParams adex;
  GateSynapseParams gate;
  AlphaSynapseParams alpha;
  uint64_t state_at = 0;   // model state [size] (StnState, GpState, TcState or AdexState)
  uint64_t synvar_at = 0;  // presynaptic: double [size] (gate) or AlphaSynapseState [size]
  uint64_t ring_at = 0;    // presynaptic: double [ring_depth x size]
};

struct BgFlatPathway {
  uint32_t pre = 0, post = 0;
  double weight = 0.0, weight_e_rev = 0.0;
  uint64_t delay_steps = 0;
  uint64_t offsets_at = 0;  // uint32 [post size + 1]
  uint64_t pre_at = 0;      // uint32 [edges], local indices of the pre population
};

struct BgFlatPulses {
  uint32_t enabled = 0, target = 0;
  double amplitude = 0.0;
  uint64_t width_steps = 1;
  uint64_t count = 0;
  uint64_t onsets_at = 0;  // uint64 [count], increasing
};

struct BgFlatCortical {
  uint32_t enabled = 0, target = 0;
  CorticalThinning thinning;
  double weight = 0.0, e_rev_mv = 0.0, decay = 0.0;
  uint64_t streams_at = 0;  // CounterStream [target size]
  uint64_t next_at = 0;     // double [target size]: next accepted spike (ms)
  uint64_t g_at = 0;        // double [target size]: conductance for the coming step
};

struct BgFlatResult {
  uint64_t raster_count = 0;
  uint64_t total_spikes = 0;
  uint64_t steps_simulated = 0;
  BgFlatStatus status = BgFlatStatus::kOk;
  uint32_t error_cell = kBgNoCell;  // lowest non-finite cell (global index)
};

struct BgFlatTrial {
  uint32_t neurons = 0, populations = 0, pathways = 0;
  BgIntegrator integrator = BgIntegrator::kEuler;
  BgFlatPopulation pop[kBgFlatMaxPopulations];
  BgFlatPathway path[kBgFlatMaxPathways];
  BgFlatPulses dbs, smc;
  BgFlatCortical cortical;
  double dt_ms = 0.01;
  uint64_t steps = 0, burn_in_step = 0, activity_bin_steps = 1, ring_depth = 2;
  uint32_t activity_bins = 0;
  uint64_t spike_cap = 1;
  uint64_t raster_capacity = 0;

  uint64_t i_app_at = 0;       // double [neurons]: I_app + per-cell offset
  uint64_t last_spike_at = 0;  // int64 [neurons]: step of the last spike after burn-in, -1
  uint64_t activity_at = 0;    // uint32 [populations x activity_bins]
  uint64_t spikes_after_at = 0, isi_count_at = 0;  // uint32 [neurons]
  uint64_t isi_sum_at = 0, isi_sum_sq_at = 0;      // double [neurons]
  uint64_t raster_at = 0;  // uint64 [raster_capacity]: step << 24 | neuron, unordered
  uint64_t result_at = 0;  // BgFlatResult
  uint64_t arena_bytes = 0;
  uint64_t outputs_at = 0;  // everything from here on is output (copied back)
};

template <class T>
SPIKEFIT_HD T* bg_at(char* arena, uint64_t offset) {
  return reinterpret_cast<T*>(arena + offset);
}

SPIKEFIT_HD uint64_t bg_raster_word(uint64_t step, uint32_t neuron) {
  return (step << 24) | neuron;
}

// Walks a pulse schedule (the steps passed must not decrease): PulseTrain's rule, one cursor per
// walker.
SPIKEFIT_HD double bg_pulse_current(const BgFlatPulses& p, const uint64_t* onsets, uint64_t step,
                                    uint64_t& next) {
  if (!p.enabled) return 0.0;
  while (next < p.count && onsets[next] + p.width_steps <= step) ++next;
  return next < p.count && onsets[next] <= step ? p.amplitude : 0.0;
}

SPIKEFIT_HD uint32_t bg_population_of(const BgFlatTrial& t, uint32_t cell) {
  uint32_t p = 0;
  while (p + 1 < t.populations && cell >= t.pop[p + 1].offset) ++p;
  return p;
}

SPIKEFIT_HD double bg_cell_v(const BgFlatTrial& t, char* arena, uint32_t p, uint32_t j) {
  const BgFlatPopulation& pop = t.pop[p];
  switch (pop.model) {
    case BgCellModel::kStn:
      return bg_at<StnState>(arena, pop.state_at)[j].v;
    case BgCellModel::kGp:
      return bg_at<GpState>(arena, pop.state_at)[j].v;
    case BgCellModel::kTc:
      return bg_at<TcState>(arena, pop.state_at)[j].v;
    case BgCellModel::kAdex:
      return bg_at<AdexState>(arena, pop.state_at)[j].v;
  }
  return 0.0;
}

// The summed synaptic input of cell j of population p in step i (the CPU reference's order:
// pathways in config order, presynaptic cells in wiring order, then the cortical conductance).
SPIKEFIT_HD SynapticInput bg_gather(const BgFlatTrial& t, char* arena, uint32_t p, uint32_t j,
                                    uint64_t i) {
  SynapticInput syn;
  for (uint32_t k = 0; k < t.pathways; ++k) {
    const BgFlatPathway& w = t.path[k];
    if (w.post != p || i < 1 + w.delay_steps) continue;
    const BgFlatPopulation& pre = t.pop[w.pre];
    const double* s =
        bg_at<double>(arena, pre.ring_at) + ((i - 1 - w.delay_steps) % t.ring_depth) * pre.size;
    const uint32_t* offsets = bg_at<uint32_t>(arena, w.offsets_at);
    const uint32_t* pre_cells = bg_at<uint32_t>(arena, w.pre_at);
    double sum = 0.0;
    for (uint32_t e = offsets[j]; e < offsets[j + 1]; ++e) sum += s[pre_cells[e]];
    syn.conductance += w.weight * sum;
    syn.conductance_reversal += w.weight_e_rev * sum;
  }
  if (t.cortical.enabled && t.cortical.target == p) {
    const double g = bg_at<double>(arena, t.cortical.g_at)[j];
    syn.conductance += g;
    syn.conductance_reversal += g * t.cortical.e_rev_mv;
  }
  return syn;
}

// Steps cell j of population p through step i with the pulse currents of step i; returns
// whether it spiked. Per-cell recording (spikes after burn-in, ISI moments) is done here; the
// caller adds the spike to the raster, the activity and the spike total.
SPIKEFIT_HD bool bg_step_cell(const BgFlatTrial& t, char* arena, uint32_t p, uint32_t j, uint64_t i,
                              double dbs_current, double smc_current) {
  const BgFlatPopulation& pop = t.pop[p];
  const uint32_t cell = pop.offset + j;
  const SynapticInput syn = bg_gather(t, arena, p, j, i);
  const double drive = bg_at<double>(arena, t.i_app_at)[cell] +
                       (t.dbs.enabled && t.dbs.target == p ? dbs_current : 0.0) +
                       (t.smc.enabled && t.smc.target == p ? smc_current : 0.0);
  double v_old = 0.0;
  bool spiked = false;
  switch (pop.model) {
    case BgCellModel::kStn: {
      StnState& s = bg_at<StnState>(arena, pop.state_at)[j];
      v_old = s.v;
      stn_step(pop.stn, s, syn, drive, t.dt_ms, t.integrator);
      spiked = crossed_upward(v_old, s.v, pop.threshold_mv);
      break;
    }
    case BgCellModel::kGp: {
      GpState& s = bg_at<GpState>(arena, pop.state_at)[j];
      v_old = s.v;
      gp_step(pop.gp, s, syn, drive, t.dt_ms, t.integrator);
      spiked = crossed_upward(v_old, s.v, pop.threshold_mv);
      break;
    }
    case BgCellModel::kTc: {
      TcState& s = bg_at<TcState>(arena, pop.state_at)[j];
      v_old = s.v;
      tc_step(pop.tc, s, syn, drive, t.dt_ms, t.integrator);
      spiked = crossed_upward(v_old, s.v, pop.threshold_mv);
      break;
    }
    case BgCellModel::kAdex: {
      AdexState& s = bg_at<AdexState>(arena, pop.state_at)[j];
      v_old = s.v;
      spiked = adex_step(pop.adex, s, syn, drive, t.dt_ms);
      break;
    }
  }

  if (spiked && i >= t.burn_in_step) {
    add_spike_after_burn_in(i, t.dt_ms, bg_at<int64_t>(arena, t.last_spike_at)[cell],
                            bg_at<uint32_t>(arena, t.spikes_after_at)[cell],
                            bg_at<uint32_t>(arena, t.isi_count_at)[cell],
                            bg_at<double>(arena, t.isi_sum_at)[cell],
                            bg_at<double>(arena, t.isi_sum_sq_at)[cell]);
  }

  if (pop.presynaptic) {
    double* slot = bg_at<double>(arena, pop.ring_at) + (i % t.ring_depth) * pop.size;
    if (pop.synapse == BgSynapseKind::kGate) {
      double& s = bg_at<double>(arena, pop.synvar_at)[j];
      gate_synapse_step(pop.gate, v_old, t.dt_ms, t.integrator, s);
      slot[j] = s;
    } else {
      AlphaSynapseState& s = bg_at<AlphaSynapseState>(arena, pop.synvar_at)[j];
      alpha_synapse_step(pop.alpha, spiked, t.dt_ms, s);
      slot[j] = s.s;
    }
  }

  if (t.cortical.enabled && t.cortical.target == p) {
    const double t0 = static_cast<double>(i) * t.dt_ms;
    const double t1 = static_cast<double>(i + 1) * t.dt_ms;
    double& g = bg_at<double>(arena, t.cortical.g_at)[j];
    const uint32_t n = cortical_spikes_in(t.cortical.thinning,
                                          bg_at<CounterStream>(arena, t.cortical.streams_at)[j],
                                          bg_at<double>(arena, t.cortical.next_at)[j], t0, t1);
    g = g * t.cortical.decay + t.cortical.weight * n;
  }
  return spiked;
}

SPIKEFIT_HD bool bg_cell_finite(const BgFlatTrial& t, char* arena, uint32_t cell) {
  const uint32_t p = bg_population_of(t, cell);
  const double v = bg_cell_v(t, arena, p, cell - t.pop[p].offset);
  return v - v == 0.0;  // false for NaN and +-inf, on both compilers without <cmath> quirks
}

}  // namespace spikefit::engine::bg
