#include "models/balanced/cpu_trial.hpp"

#include <chrono>
#include <cmath>
#include <stdexcept>

#include "models/balanced/connectivity.hpp"
#include "models/balanced/initial_state.hpp"
#include "models/balanced/model_constants.hpp"
#include "models/balanced/poisson_input.hpp"
#include "models/balanced/recording_layout.hpp"
#include "models/balanced/spike_accumulation.hpp"
#include "recording_bins.hpp"

namespace spikefit::engine {

namespace {

// One synaptic current channel: the current of one projection into every neuron of its post
// population. Spikes are counted per target (spike_accumulation.hpp); the next step adds
// count * kick to derivative (P) and integrates P into current (I).
// Targets are stored as 16-bit indices when the post population fits (half the cache footprint
// of the random-access delivery).
struct Channel {
  uint32_t post = 0;
  SynapseConstants synapse;
  double kick = 0.0;
  std::vector<uint64_t> offsets;    // CSR rows by presynaptic neuron [n_pre + 1]
  std::vector<uint16_t> targets16;  // used when the post population has <= 65536 neurons
  std::vector<uint32_t> targets32;  // otherwise
  std::vector<double> current;      // I [post size]
  std::vector<double> derivative;   // P [post size]
  std::vector<uint32_t> count;      // spikes delivered this step [post size]
};

class CpuTrial {
 public:
  CpuTrial(const NetworkSpec& net, uint64_t seed, TrialRecording& rec)
      : net_(net), seed_(seed), rec_(rec) {
    build_populations();
    build_channels();
    prepare_recording();
  }

  void save_state(TrialState& state) const {
    state.v = v_;
    state.refractory = refractory_;
    state.current.clear();
    state.derivative.clear();
    state.pending_count.clear();
    for (const Channel& c : channels_) {
      state.current.insert(state.current.end(), c.current.begin(), c.current.end());
      state.derivative.insert(state.derivative.end(), c.derivative.begin(), c.derivative.end());
      state.pending_count.insert(state.pending_count.end(), c.count.begin(), c.count.end());
    }
  }

  void run() {
    const uint64_t steps = net_.steps();
    const uint64_t cap = spike_cap(net_);
    for (uint64_t i = 1; i < steps; ++i) {
      update_synapses();
      deliver_inputs(i);
      update_neurons(i);
      deliver_spikes();
      rec_.steps_simulated = i;
      if (rec_.total_spikes >= cap) {
        rec_.status = TrialStatus::kRunaway;
        rec_.message = runaway_message(net_, rec_.simulated_ms());
        return;
      }
      if (i % 4096 == 0 && !state_is_finite()) return;
    }
    state_is_finite();
  }

 private:
  void build_populations() {
    uint32_t offset = 0;
    for (uint32_t p = 0; p < net_.populations.size(); ++p) {
      const PopulationSpec& pop = net_.populations[p];
      pop_offset_.push_back(offset);
      neuron_.push_back(neuron_constants(net_, pop));
      for (uint32_t j = 0; j < pop.size; ++j) {
        v_.push_back(initial_potential(seed_, p, j, pop.v_init_low_mV, pop.v_init_high_mV));
        population_of_.push_back(p);
      }
      offset += pop.size;
    }
    pop_offset_.push_back(offset);
    refractory_.assign(offset, 0);
    input_.assign(offset, 0.0);
    for (const InputSpec& in : net_.inputs) {
      input_mean_.push_back(poisson_input_mean(net_, in));
      input_exp_neg_mean_.push_back(std::exp(-input_mean_.back()));
    }
  }

  void build_channels() {
    outgoing_population_.resize(net_.populations.size());
    outgoing_input_.resize(net_.inputs.size());
    for (uint32_t k = 0; k < net_.projections.size(); ++k) {
      const ProjectionSpec& p = net_.projections[k];
      Channel c;
      c.post = p.post;
      c.synapse = synapse_constants(p);
      c.kick = projection_kick(net_, p);
      Connectivity connectivity = generate_connectivity(net_, k, seed_);
      c.offsets = std::move(connectivity.offsets);
      if (connectivity.n_post <= 65536) {
        c.targets16.assign(connectivity.targets.begin(), connectivity.targets.end());
      } else {
        c.targets32 = std::move(connectivity.targets);
      }
      c.current.assign(net_.populations[p.post].size, 0.0);
      c.derivative.assign(net_.populations[p.post].size, 0.0);
      c.count.assign(net_.populations[p.post].size, 0);
      channels_.push_back(std::move(c));
      (p.pre.is_input ? outgoing_input_ : outgoing_population_)[p.pre.index].push_back(k);
    }
  }

  void prepare_recording() {
    const RecordingSteps steps = engine::prepare_recording(net_, seed_, rec_);
    burn_in_step_ = steps.burn_in;
    count_bin_steps_ = steps.count_bin;
    activity_bin_steps_ = steps.activity_bin;
    last_spike_step_.assign(pop_offset_.back(), -1);
  }

  // Adds the last step's spike counts to P, steps every channel and sums the currents into each
  // neuron's synaptic input, channel by channel in projection order (the config lists X, E, I per
  // post population, as the MEX sums).
  void update_synapses() {
    const double dt = net_.dt_ms;
    std::fill(input_.begin(), input_.end(), 0.0);
    for (Channel& c : channels_) {
      double* __restrict current = c.current.data();
      double* __restrict derivative = c.derivative.data();
      uint32_t* __restrict count = c.count.data();
      const double kick = c.kick;
      double* __restrict input = input_.data() + pop_offset_[c.post];
      const SynapseConstants synapse = c.synapse;
      const std::size_t n = c.current.size();
      if (synapse.kind == SynapseKind::kSecondOrder) {  // one loop per kind: the branch folds
        for (std::size_t j = 0; j < n; ++j) {
          apply_spike_count(derivative[j], count[j], kick);
          count[j] = 0;
          synapse_step(synapse, dt, current[j], derivative[j]);
          input[j] += current[j];
        }
      } else {
        for (std::size_t j = 0; j < n; ++j) {
          apply_spike_count(derivative[j], count[j], kick);
          count[j] = 0;
          synapse_step(synapse, dt, current[j], derivative[j]);
          input[j] += current[j];
        }
      }
    }
  }

  template <class Index>
  static void count_spike(const Index* __restrict targets, uint64_t begin, uint64_t end,
                          uint32_t* __restrict count) {
    for (uint64_t s = begin; s < end; ++s) ++count[targets[s]];
  }

  void deliver(const std::vector<uint32_t>& projections, uint32_t source) {
    for (uint32_t k : projections) {
      Channel& c = channels_[k];
      const uint64_t begin = c.offsets[source];
      const uint64_t end = c.offsets[source + 1];
      if (c.targets32.empty()) {
        count_spike(c.targets16.data(), begin, end, c.count.data());
      } else {
        count_spike(c.targets32.data(), begin, end, c.count.data());
      }
      rec_.synaptic_events += end - begin;
    }
  }

  // The input spikes of ((i-1) dt, i dt], delivered at step i as the MEX does
  // (poisson_input.hpp).
  void deliver_inputs(uint64_t step) {
    for (uint32_t m = 0; m < net_.inputs.size(); ++m) {
      const InputStepDraws d =
          poisson_input_step(seed_, m, step, input_mean_[m], input_exp_neg_mean_[m]);
      for (uint32_t s = 0; s < d.spikes; ++s) {
        deliver(outgoing_input_[m], poisson_input_unit(seed_, m, step, d, s, net_.inputs[m].size));
      }
    }
  }

  void update_neurons(uint64_t step) {
    spikes_.clear();
    const double dt = net_.dt_ms;
    for (uint32_t p = 0; p < net_.populations.size(); ++p) {
      const IntegrateFireConstants& c = neuron_[p];
      const uint32_t begin = pop_offset_[p];
      const uint32_t size = pop_offset_[p + 1] - begin;
      const double* input = input_.data() + begin;
      double* v = v_.data() + begin;
      int32_t* refractory = refractory_.data() + begin;
      for (uint32_t j = 0; j < size; ++j) {
        if (integrate_fire_step(c, dt, input[j], v[j], refractory[j])) spikes_.push_back(begin + j);
      }
    }
    for (uint32_t g : spikes_) record_spike(g, step);
  }

  void record_spike(uint32_t neuron, uint64_t step) {
    const uint32_t p = population_of_[neuron];
    const uint32_t local = neuron - pop_offset_[p];
    const double t = static_cast<double>(step) * net_.dt_ms;
    if (rec_.total_spikes == 0) rec_.first_spike_ms = t;
    rec_.last_spike_ms = t;
    ++rec_.total_spikes;
    if (activity_bin_steps_ > 0) {
      ++rec_.activity[uint64_t{p} * rec_.activity_bins + activity_bin(step, activity_bin_steps_)];
    }
    if (p == net_.recording.raster_population && local < net_.recording.raster_neurons) {
      rec_.raster.push_back({t, local});
    }
    if (step < burn_in_step_) return;
    add_spike_after_burn_in(step, net_.dt_ms, last_spike_step_[neuron],
                            rec_.spikes_after_burn_in[neuron], rec_.isi_count[neuron],
                            rec_.isi_sum_ms[neuron], rec_.isi_sum_sq_ms2[neuron]);
    if (p == rec_.count_population) {
      const int64_t bin = count_bin(step, burn_in_step_, count_bin_steps_, rec_.count_bins);
      if (bin >= 0) add_saturating(rec_.counts[uint64_t(bin) * rec_.count_neurons + local]);
    }
  }

  void deliver_spikes() {
    for (uint32_t g : spikes_) {
      const uint32_t p = population_of_[g];
      deliver(outgoing_population_[p], g - pop_offset_[p]);
    }
  }

  // Membrane potentials and synaptic currents must stay finite. Currents are checked too: the
  // floor's fmax drops a NaN drive silently (V goes to the floor).
  bool state_is_finite() {
    bool finite = true;
    for (double v : v_) finite &= std::isfinite(v);
    for (const Channel& c : channels_) {
      for (double i : c.current) finite &= std::isfinite(i);
    }
    if (!finite) {
      rec_.status = TrialStatus::kError;
      rec_.message = non_finite_message(rec_.simulated_ms());
    }
    return finite;
  }

  const NetworkSpec& net_;
  uint64_t seed_;
  TrialRecording& rec_;

  std::vector<uint32_t> pop_offset_;  // [populations + 1]
  std::vector<uint32_t> population_of_;
  std::vector<IntegrateFireConstants> neuron_;
  std::vector<double> v_;
  std::vector<int32_t> refractory_;
  std::vector<double> input_;  // summed synaptic current of each neuron this step
  std::vector<Channel> channels_;
  std::vector<std::vector<uint32_t>> outgoing_population_;  // per population: projections out
  std::vector<std::vector<uint32_t>> outgoing_input_;       // per input: projections out
  std::vector<uint32_t> spikes_;                            // this step's spikes (global ids)
  std::vector<int64_t> last_spike_step_;
  std::vector<double> input_mean_;          // Poisson spikes per step, per input
  std::vector<double> input_exp_neg_mean_;  // exp(-mean)

  uint64_t burn_in_step_ = 0;
  uint64_t count_bin_steps_ = 1;
  uint64_t activity_bin_steps_ = 0;
};

}  // namespace

TrialRecording simulate_trial_cpu(const NetworkSpec& net, uint64_t seed, TrialState* final_state) {
  const auto start = std::chrono::steady_clock::now();
  TrialRecording rec;
  rec.seed = seed;
  try {
    CpuTrial trial(net, seed, rec);
    rec.setup_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    trial.run();
    if (final_state != nullptr) trial.save_state(*final_state);
  } catch (const std::exception& e) {
    rec.status = TrialStatus::kError;
    rec.message = std::string("simulation failed: ") + e.what();
  }
  rec.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return rec;
}

}  // namespace spikefit::engine
