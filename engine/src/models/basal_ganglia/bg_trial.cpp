#include <chrono>
#include <cmath>
#include <string>
#include <vector>

#include "models/basal_ganglia/bg_drives.hpp"
#include "models/basal_ganglia/bg_initial_state.hpp"
#include "models/basal_ganglia/bg_trial.hpp"
#include "models/basal_ganglia/bg_wiring.hpp"
#include "recording_bins.hpp"

namespace spikefit::engine::bg {

namespace {

// The reference simulation of one BG network. Step i (1 .. steps - 1) advances every cell from
// t = (i-1) dt to i dt:
//  1. gather each cell's synaptic input from the presynaptic synapse variables of step
//     i - 1 - delay (0 before the start), plus its cortical conductance;
//  2. drive = I_app + offset + DBS(i) + SMC(i) on the targets;
//  3. step every cell (So 2012 order: all right-hand sides from the previous values); a spike is
//     an upward crossing of the population threshold (AdEx: its reset) and is recorded at i dt;
//  4. step the synapse variables of presynaptic populations (gates from the previous V, alpha
//     synapses from this step's spikes) into the delay ring;
//  5. decay the cortical conductances and add the cortical spikes of [i dt, (i+1) dt).
class BgTrial {
 public:
  BgTrial(const BgNetworkSpec& net, uint64_t seed, TrialRecording& out)
      : net_(net), seed_(seed), rec_(out) {
    build_populations();
    build_pathways();
    build_drives();
    prepare_recording();
  }

  void run() {
    const uint64_t steps = net_.steps();
    const uint64_t cap = std::max<uint64_t>(
        1, static_cast<uint64_t>(std::floor(static_cast<double>(net_.neuron_count()) *
                                            net_.duration_ms * net_.max_rate_hz / 1000.0)));
    for (uint64_t i = 1; i < steps; ++i) {
      gather_synaptic_input(i);
      step_cells(i);
      step_synapses(i);
      step_cortical(i);
      rec_.steps_simulated = i;
      if (rec_.total_spikes >= cap) {
        if (!state_is_finite()) break;
        rec_.status = TrialStatus::kRunaway;
        rec_.message = "spike cap reached (mean rate above " + std::to_string(net_.max_rate_hz) +
                       " Hz) at t = " + std::to_string(rec_.simulated_ms()) + " ms";
        break;
      }
      if (i % 1000 == 0 && !state_is_finite()) break;
    }
    if (rec_.status == TrialStatus::kOk) state_is_finite();
    finish_mean_v();
  }

 private:
  struct Population {
    uint32_t offset = 0;
    std::vector<StnState> stn;
    std::vector<GpState> gp;
    std::vector<TcState> tc;
    std::vector<AdexState> adex;
    std::vector<double> i_app;    // [size] I_app + offset
    std::vector<double> v_old;    // [size] V before this step
    std::vector<uint8_t> spiked;  // [size] this step
    bool presynaptic = false;
    std::vector<double> gate;              // [size] kGate
    std::vector<AlphaSynapseState> alpha;  // [size] kAlpha
    uint64_t ring_depth = 1;               // max delay steps + 1
    std::vector<double> ring;              // [ring_depth x size] synapse value after step k
    double drive_dbs = 0.0, drive_smc = 0.0;
  };

  struct Pathway {
    BgWiring wiring;
    uint64_t delay_steps = 0;
  };

  double v_of(const Population& pop, BgCellModel model, uint32_t j) const {
    switch (model) {
      case BgCellModel::kStn:
        return pop.stn[j].v;
      case BgCellModel::kGp:
        return pop.gp[j].v;
      case BgCellModel::kTc:
        return pop.tc[j].v;
      case BgCellModel::kAdex:
        return pop.adex[j].v;
    }
    return 0.0;
  }

  void build_populations() {
    const BgInitialDraws draws = bg_initial_draws(net_, seed_);
    uint32_t offset = 0;
    pops_.resize(net_.populations.size());
    for (uint32_t p = 0; p < net_.populations.size(); ++p) {
      const BgPopulation& spec = net_.populations[p];
      Population& pop = pops_[p];
      pop.offset = offset;
      for (uint32_t j = 0; j < spec.size; ++j) {
        const double v = draws.v_mv[offset + j];
        switch (spec.model) {
          case BgCellModel::kStn:
            pop.stn.push_back(stn_steady_state(spec.stn, v));
            break;
          case BgCellModel::kGp:
            pop.gp.push_back(gp_steady_state(spec.gp, v));
            break;
          case BgCellModel::kTc:
            pop.tc.push_back(tc_steady_state(spec.tc, v));
            break;
          case BgCellModel::kAdex:
            pop.adex.push_back(AdexState{v, 0.0});
            break;
        }
        pop.i_app.push_back(draws.i_app[offset + j]);
      }
      pop.v_old.assign(spec.size, 0.0);
      pop.spiked.assign(spec.size, 0);
      offset += spec.size;
    }
    syn_.assign(offset, SynapticInput{});
    last_spike_step_.assign(offset, -1);
  }

  void build_pathways() {
    out_degree_.assign(net_.neuron_count(), 0);
    for (uint32_t k = 0; k < net_.pathways.size(); ++k) {
      const BgPathway& w = net_.pathways[k];
      Pathway path;
      path.wiring = wire_pathway(net_, k, seed_);
      path.delay_steps = net_.steps_of(w.delay_ms);
      Population& pre = pops_[w.pre];
      pre.presynaptic = true;
      pre.ring_depth = std::max(pre.ring_depth, path.delay_steps + 1);
      for (uint32_t i : path.wiring.pre) ++out_degree_[pre.offset + i];
      paths_.push_back(std::move(path));
    }
    for (uint32_t p = 0; p < pops_.size(); ++p) {
      Population& pop = pops_[p];
      if (!pop.presynaptic) continue;
      const uint32_t n = net_.populations[p].size;
      pop.ring.assign(pop.ring_depth * n, 0.0);
      if (net_.populations[p].synapse == BgSynapseKind::kGate) {
        pop.gate.assign(n, 0.0);
      } else {
        pop.alpha.assign(n, AlphaSynapseState{});
      }
    }
  }

  void build_drives() {
    const uint64_t steps = net_.steps();
    dbs_ = PulseTrain(dbs_onset_steps(net_.dbs, net_.dt_ms, steps),
                      pulse_width_steps(net_.dbs.width_ms, net_.dt_ms), net_.dbs.amplitude);
    smc_ = PulseTrain(smc_onset_steps(net_.smc, net_.dt_ms, steps, seed_),
                      pulse_width_steps(net_.smc.width_ms, net_.dt_ms), net_.smc.amplitude);
    for (uint64_t s : dbs_.onsets())
      rec_.dbs_onsets_ms.push_back(static_cast<double>(s) * net_.dt_ms);
    for (uint64_t s : smc_.onsets())
      rec_.smc_onsets_ms.push_back(static_cast<double>(s) * net_.dt_ms);
    if (net_.cortical.enabled) {
      const uint32_t n = net_.populations[net_.cortical.target].size;
      cortical_.emplace_back(net_.cortical, n, seed_);
      cortical_g_.assign(n, 0.0);
      cortical_decay_ = std::exp(-net_.dt_ms / net_.cortical.tau_ms);
      for (uint32_t j = 0; j < n; ++j) {
        cortical_g_[j] = net_.cortical.weight * cortical_[0].spikes_in(j, 0.0, net_.dt_ms);
      }
    }
  }

  void prepare_recording() {
    rec_.seed = seed_;
    rec_.dt_ms = net_.dt_ms;
    rec_.burn_in_ms = net_.burn_in_ms;
    for (uint32_t p = 0; p < pops_.size(); ++p) {
      rec_.population_names.push_back(net_.populations[p].name);
      rec_.population_offsets.push_back(pops_[p].offset);
    }
    rec_.population_offsets.push_back(net_.neuron_count());
    burn_in_step_ = net_.steps_of(net_.burn_in_ms);
    activity_bin_steps_ = std::max<uint64_t>(1, net_.steps_of(1.0));
    rec_.activity_bin_ms = static_cast<double>(activity_bin_steps_) * net_.dt_ms;
    const uint64_t steps = net_.steps();
    rec_.activity_bins =
        static_cast<uint32_t>((steps + activity_bin_steps_ - 1) / activity_bin_steps_);
    rec_.activity.assign(uint64_t{rec_.activity_bins} * pops_.size(), 0);
    const uint32_t n = net_.neuron_count();
    rec_.spikes_after_burn_in.assign(n, 0);
    rec_.isi_count.assign(n, 0);
    rec_.isi_sum_ms.assign(n, 0.0);
    rec_.isi_sum_sq_ms2.assign(n, 0.0);
    if (net_.record_mean_v) {
      rec_.mean_v_mv.assign(uint64_t{rec_.activity_bins} * pops_.size(), 0.0);
      mean_v_steps_.assign(rec_.activity_bins, 0);
    }
  }

  void gather_synaptic_input(uint64_t i) {
    for (SynapticInput& s : syn_) s = SynapticInput{};
    for (uint32_t k = 0; k < paths_.size(); ++k) {
      const BgPathway& w = net_.pathways[k];
      const Pathway& path = paths_[k];
      if (i < 1 + path.delay_steps) continue;  // synapses are 0 before the start
      const Population& pre = pops_[w.pre];
      const uint32_t n_pre = net_.populations[w.pre].size;
      const double* s = pre.ring.data() + ((i - 1 - path.delay_steps) % pre.ring_depth) * n_pre;
      const uint32_t post_offset = pops_[w.post].offset;
      const uint32_t n_post = net_.populations[w.post].size;
      const double we = w.weight * w.e_rev_mv;
      for (uint32_t j = 0; j < n_post; ++j) {
        double sum = 0.0;
        for (uint32_t e = path.wiring.offsets[j]; e < path.wiring.offsets[j + 1]; ++e) {
          sum += s[path.wiring.pre[e]];
        }
        syn_[post_offset + j].conductance += w.weight * sum;
        syn_[post_offset + j].conductance_reversal += we * sum;
      }
    }
    if (!cortical_.empty()) {
      const uint32_t offset = pops_[net_.cortical.target].offset;
      for (uint32_t j = 0; j < cortical_g_.size(); ++j) {
        syn_[offset + j].conductance += cortical_g_[j];
        syn_[offset + j].conductance_reversal += cortical_g_[j] * net_.cortical.e_rev_mv;
      }
    }
  }

  void step_cells(uint64_t i) {
    const double dt = net_.dt_ms;
    const double dbs = net_.dbs.enabled ? dbs_.current(i) : 0.0;
    const double smc = net_.smc.enabled ? smc_.current(i) : 0.0;
    for (uint32_t p = 0; p < pops_.size(); ++p) {
      const BgPopulation& spec = net_.populations[p];
      Population& pop = pops_[p];
      const double extra = (net_.dbs.enabled && net_.dbs.target == p ? dbs : 0.0) +
                           (net_.smc.enabled && net_.smc.target == p ? smc : 0.0);
      const SynapticInput* syn = syn_.data() + pop.offset;
      const double threshold = spec.spike_threshold_mv;
      for (uint32_t j = 0; j < spec.size; ++j) {
        const double drive = pop.i_app[j] + extra;
        double v_old = 0.0, v_new = 0.0;
        bool spiked = false;
        switch (spec.model) {
          case BgCellModel::kStn:
            v_old = pop.stn[j].v;
            stn_step(spec.stn, pop.stn[j], syn[j], drive, dt, net_.integrator);
            v_new = pop.stn[j].v;
            spiked = crossed_upward(v_old, v_new, threshold);
            break;
          case BgCellModel::kGp:
            v_old = pop.gp[j].v;
            gp_step(spec.gp, pop.gp[j], syn[j], drive, dt, net_.integrator);
            v_new = pop.gp[j].v;
            spiked = crossed_upward(v_old, v_new, threshold);
            break;
          case BgCellModel::kTc:
            v_old = pop.tc[j].v;
            tc_step(spec.tc, pop.tc[j], syn[j], drive, dt, net_.integrator);
            v_new = pop.tc[j].v;
            spiked = crossed_upward(v_old, v_new, threshold);
            break;
          case BgCellModel::kAdex:
            v_old = pop.adex[j].v;
            spiked = adex_step(spec.adex, pop.adex[j], syn[j], drive, dt);
            v_new = pop.adex[j].v;
            break;
        }
        pop.v_old[j] = v_old;
        pop.spiked[j] = spiked ? 1 : 0;
        if (spiked) record_spike(p, pop.offset + j, i);
      }
      if (net_.record_mean_v) add_mean_v(p, i);
    }
  }

  void record_spike(uint32_t p, uint32_t neuron, uint64_t step) {
    const double t = static_cast<double>(step) * net_.dt_ms;
    if (rec_.total_spikes == 0) rec_.first_spike_ms = t;
    rec_.last_spike_ms = t;
    ++rec_.total_spikes;
    rec_.synaptic_events += out_degree_[neuron];
    ++rec_.activity[uint64_t{p} * rec_.activity_bins + activity_bin(step, activity_bin_steps_)];
    rec_.raster.push_back({t, neuron});
    if (step < burn_in_step_) return;
    add_spike_after_burn_in(step, net_.dt_ms, last_spike_step_[neuron],
                            rec_.spikes_after_burn_in[neuron], rec_.isi_count[neuron],
                            rec_.isi_sum_ms[neuron], rec_.isi_sum_sq_ms2[neuron]);
  }

  void add_mean_v(uint32_t p, uint64_t step) {
    const uint64_t bin = activity_bin(step, activity_bin_steps_);
    const Population& pop = pops_[p];
    const BgPopulation& spec = net_.populations[p];
    double sum = 0.0;
    for (uint32_t j = 0; j < spec.size; ++j) sum += v_of(pop, spec.model, j);
    rec_.mean_v_mv[uint64_t{p} * rec_.activity_bins + bin] += sum / spec.size;
    if (p == 0) ++mean_v_steps_[bin];
  }

  void finish_mean_v() {
    if (!net_.record_mean_v) return;
    for (uint32_t p = 0; p < pops_.size(); ++p) {
      for (uint32_t b = 0; b < rec_.activity_bins; ++b) {
        double& m = rec_.mean_v_mv[uint64_t{p} * rec_.activity_bins + b];
        m = mean_v_steps_[b] > 0 ? m / mean_v_steps_[b] : NAN;
      }
    }
  }

  void step_synapses(uint64_t i) {
    for (uint32_t p = 0; p < pops_.size(); ++p) {
      Population& pop = pops_[p];
      if (!pop.presynaptic) continue;
      const BgPopulation& spec = net_.populations[p];
      double* slot = pop.ring.data() + (i % pop.ring_depth) * spec.size;
      if (spec.synapse == BgSynapseKind::kGate) {
        for (uint32_t j = 0; j < spec.size; ++j) {
          gate_synapse_step(spec.gate, pop.v_old[j], net_.dt_ms, net_.integrator, pop.gate[j]);
          slot[j] = pop.gate[j];
        }
      } else {
        for (uint32_t j = 0; j < spec.size; ++j) {
          alpha_synapse_step(spec.alpha, pop.spiked[j] != 0, net_.dt_ms, pop.alpha[j]);
          slot[j] = pop.alpha[j].s;
        }
      }
    }
  }

  void step_cortical(uint64_t i) {
    if (cortical_.empty()) return;
    const double t0 = static_cast<double>(i) * net_.dt_ms;
    const double t1 = static_cast<double>(i + 1) * net_.dt_ms;
    for (uint32_t j = 0; j < cortical_g_.size(); ++j) {
      cortical_g_[j] = cortical_g_[j] * cortical_decay_ +
                       net_.cortical.weight * cortical_[0].spikes_in(j, t0, t1);
    }
  }

  bool state_is_finite() {
    for (uint32_t p = 0; p < pops_.size(); ++p) {
      const BgPopulation& spec = net_.populations[p];
      for (uint32_t j = 0; j < spec.size; ++j) {
        if (std::isfinite(v_of(pops_[p], spec.model, j))) continue;
        rec_.status = TrialStatus::kError;
        rec_.message = "numerical error: non-finite membrane potential in " + spec.name + " cell " +
                       std::to_string(j) + " by t = " + std::to_string(rec_.simulated_ms()) + " ms";
        return false;
      }
    }
    return true;
  }

  const BgNetworkSpec& net_;
  uint64_t seed_;
  TrialRecording& rec_;

  std::vector<Population> pops_;
  std::vector<Pathway> paths_;
  std::vector<SynapticInput> syn_;    // [neurons] this step's summed synaptic input
  std::vector<uint32_t> out_degree_;  // [neurons] synaptic targets
  std::vector<int64_t> last_spike_step_;
  PulseTrain dbs_, smc_;
  std::vector<CorticalSpikes> cortical_;  // 0 or 1
  std::vector<double> cortical_g_;        // [target size]
  double cortical_decay_ = 0.0;
  uint64_t burn_in_step_ = 0;
  uint64_t activity_bin_steps_ = 1;
  std::vector<uint32_t> mean_v_steps_;  // [activity_bins] steps summed into each bin
};

}  // namespace

TrialRecording simulate_bg_trial_cpu(const BgNetworkSpec& net, uint64_t seed) {
  const auto start = std::chrono::steady_clock::now();
  TrialRecording out;
  out.seed = seed;
  try {
    BgTrial trial(net, seed, out);
    out.setup_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    trial.run();
  } catch (const std::exception& e) {
    out.status = TrialStatus::kError;
    out.message = std::string("simulation failed: ") + e.what();
  }
  out.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

}  // namespace spikefit::engine::bg
