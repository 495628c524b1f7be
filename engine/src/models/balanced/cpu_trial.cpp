#include "models/balanced/cpu_trial.hpp"

#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>

#include "models/balanced/initial_state.hpp"
#include "models/balanced/model_constants.hpp"
#include "models/balanced/poisson_input.hpp"
#include "models/balanced/recording_layout.hpp"
#include "models/balanced/synapse_rows.hpp"
#include "models/balanced/vector_steps.hpp"
#include "recording_bins.hpp"

namespace spikefit::engine {

namespace {

// One synaptic current channel: the current of one projection into every neuron of its post
// population. Spikes are counted per target (spike_accumulation.hpp); the next step adds
// count * kick to derivative (P) and integrates P into current (I).
template <class Real>
struct Channel {
  uint32_t post = 0;
  SynapseConstants synapse;
  double kick = 0.0;
  SynapseRows rows;
  std::vector<Real> current;     // I [post size]
  std::vector<Real> derivative;  // P [post size]
  // Spikes delivered per target, in two generations by the parity of the step that delivered
  // them: step i reads and clears generation (i - 1) % 2 while it delivers into i % 2, so a team
  // needs one barrier per step. Thread 0 counts into count[g] [post size]; threads 1.. of a team
  // into their own arrays team_count[g] [team - 1][post size], summed by the thread that owns
  // the target: no atomics and no cache line written by two cores.
  std::vector<uint32_t> count[2];
  std::vector<std::vector<uint32_t>> team_count[2];
};

int generation(uint64_t step) {
  return static_cast<int>(step % 2);
}

// The neurons [begin, end) of one population that one thread of a trial's team updates:
// contiguous, in multiples of 64 (global indices). Every population is split, so each thread has
// the same mix of cell types.
struct NeuronRange {
  uint32_t begin = 0;
  uint32_t end = 0;
};
using NeuronRanges = std::vector<NeuronRange>;  // [populations]

NeuronRange thread_range(uint32_t neurons, int thread, int team) {
  const uint64_t chunk = (uint64_t{neurons} + 64 * team - 1) / (64 * uint64_t(team)) * 64;
  const auto clamp = [neurons](uint64_t x) {
    return static_cast<uint32_t>(std::min<uint64_t>(x, neurons));
  };
  return {clamp(chunk * thread), clamp(chunk * (thread + 1))};
}

// What one thread of the team produces in a step, padded so threads do not share a cache line.
template <class Real>
struct alignas(64) ThreadShare {
  // The thread's neurons' spikes of the steps of each parity, global ids, sorted: thread 0 records
  // a step's while the others step on.
  std::vector<uint32_t> spikes[2];
  std::vector<Real> exp_term;   // step_neurons' working space [largest population range]
  std::vector<uint8_t> spiked;  // step_neurons' spike flags [largest population range]
  uint64_t events = 0;          // synaptic events it delivered, whole run
  bool finite = true;
};

// One trial on a team of `threads` CPU threads (1: the calling thread alone). The neurons are
// split into contiguous ranges; each step every thread updates its synapses and neurons, delivers
// its share of the input spikes and its own neurons' spikes into its own count arrays (integer
// counts, summed per target: the order of delivery does not matter), and thread 0 records the
// step's spikes in neuron order while the others go on to the next step. One barrier per step
// (counts and spike lists alternate between two generations). The result is bit-identical for
// every team size. Real: the state's floating-point type (simulation.precision).
template <class Real>
class CpuTrial {
 public:
  CpuTrial(const NetworkSpec& net, uint64_t seed, TrialRecording& rec, int threads)
      : net_(net), seed_(seed), rec_(rec), threads_(std::max(1, threads)) {
    build_populations();
    build_channels();
    prepare_recording();
  }

  void save_state(TrialState& state) const {
    state.v.assign(v_.begin(), v_.end());
    state.refractory = refractory_;
    state.current.clear();
    state.derivative.clear();
    state.pending_count.clear();
    const int last = generation(rec_.steps_simulated);
    for (const Channel<Real>& c : channels_) {
      state.current.insert(state.current.end(), c.current.begin(), c.current.end());  // to double
      state.derivative.insert(state.derivative.end(), c.derivative.begin(), c.derivative.end());
      state.pending_count.insert(state.pending_count.end(), c.count[last].begin(),
                                 c.count[last].end());
    }
  }

  void run() {
    shares_.assign(threads_, ThreadShare<Real>{});
    if (threads_ == 1) {
      run_team(0, 1);
    } else {
      for (Channel<Real>& c : channels_) {
        for (auto& counts : c.team_count) {
          counts.assign(threads_ - 1, std::vector<uint32_t>(c.current.size(), 0));
        }
      }
#pragma omp parallel num_threads(threads_)
      run_team(omp_get_thread_num(), omp_get_num_threads());
      const int last = generation(rec_.steps_simulated);
      for (Channel<Real>& c : channels_) {  // the last step's deliveries, for save_state
        for (const std::vector<uint32_t>& extra : c.team_count[last]) {
          for (std::size_t j = 0; j < extra.size(); ++j) c.count[last][j] += extra[j];
        }
      }
    }
    for (const ThreadShare<Real>& share : shares_) rec_.synaptic_events += share.events;
    if (!stopped_) state_is_finite();
  }

 private:
  void build_populations() {
    uint32_t offset = 0;
    for (uint32_t p = 0; p < net_.populations.size(); ++p) {
      const PopulationSpec& pop = net_.populations[p];
      pop_offset_.push_back(offset);
      neuron_.push_back(neuron_constants(net_, pop));
      for (uint32_t j = 0; j < pop.size; ++j) {
        v_.push_back(static_cast<Real>(
            initial_potential(seed_, p, j, pop.v_init_low_mV, pop.v_init_high_mV)));
        population_of_.push_back(p);
      }
      offset += pop.size;
    }
    pop_offset_.push_back(offset);
    refractory_.assign(offset, 0);
    input_.assign(offset, 0);
    for (const InputSpec& in : net_.inputs) {
      input_mean_.push_back(poisson_input_mean(net_, in));
      input_exp_neg_mean_.push_back(std::exp(-input_mean_.back()));
    }
  }

  void build_channels() {
    outgoing_population_.resize(net_.populations.size());
    outgoing_input_.resize(net_.inputs.size());
    channels_.reserve(net_.projections.size());
    for (uint32_t k = 0; k < net_.projections.size(); ++k) {
      const ProjectionSpec& p = net_.projections[k];
      const uint32_t post_size = net_.populations[p.post].size;
      channels_.push_back(
          Channel<Real>{p.post,
                        synapse_constants(p),
                        projection_kick(net_, p),
                        SynapseRows(net_, k, seed_, threads_),
                        std::vector<Real>(post_size, 0),
                        std::vector<Real>(post_size, 0),
                        {std::vector<uint32_t>(post_size, 0), std::vector<uint32_t>(post_size, 0)},
                        {}});
      rec_.synapse_count += channels_.back().rows.synapse_count();
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

  void run_team(int thread, int team) {
    if (thread == 0) rec_.threads = static_cast<uint32_t>(team);
    const NeuronRanges mine = ranges_of(thread, team);
    ThreadShare<Real>& share = shares_[thread];
    std::size_t widest = 0;
    for (const NeuronRange& r : mine) widest = std::max<std::size_t>(widest, r.end - r.begin);
    share.exp_term.resize(widest);
    share.spiked.resize(widest);
    const uint64_t steps = net_.steps();
    const uint64_t cap = spike_cap(net_);
    uint64_t spikes = 0;  // every thread keeps the same total, so all stop at the same step
    for (uint64_t i = 1; i < steps; ++i) {
      const int g = generation(i);
      update_synapses(mine, 1 - g);
      deliver_inputs(i, thread, team, share.events);
      update_neurons(mine, share.spikes[g], share);
      deliver_spikes(thread, g, share);
      if (team > 1) barrier();
      for (int t = 0; t < team; ++t) spikes += shares_[t].spikes[g].size();
      if (thread == 0) record_step(i, team);
      if (spikes >= cap) {
        if (thread == 0) {
          rec_.status = TrialStatus::kRunaway;
          rec_.message = runaway_message(net_, rec_.simulated_ms());
          stopped_ = true;
        }
        return;
      }
      if (i % 4096 == 0 && !all_finite(mine, thread, team)) return;
    }
  }

  static void barrier() {
#pragma omp barrier
  }

  // Adds the last step's spike counts to P, steps every channel and sums the currents into each
  // neuron's synaptic input, channel by channel in projection order (the config lists X, E, I per
  // post population, as the MEX sums). Only the neurons of `mine`.
  void update_synapses(const NeuronRanges& mine, int g) {
    const double dt = net_.dt_ms;
    for (const NeuronRange& r : mine)
      std::fill(input_.begin() + r.begin, input_.begin() + r.end, Real{0});
    for (Channel<Real>& c : channels_) {
      const uint32_t first = pop_offset_[c.post];
      const uint32_t lo = mine[c.post].begin;
      const uint32_t hi = mine[c.post].end;
      if (lo >= hi) continue;
      const std::size_t begin = lo - first;
      const std::size_t end = hi - first;
      uint32_t* count = c.count[g].data();
      for (std::vector<uint32_t>& extra : c.team_count[g]) {
        merge_counts(count, extra.data(), begin, end);
      }
      step_channel(
          c.synapse, dt, c.kick,
          ChannelArrays<Real>{c.current.data(), c.derivative.data(), count, input_.data() + first},
          begin, end);
    }
  }

  // Thread `thread`'s deliveries of one spike of `source` through `projections`, into count
  // generation g.
  void deliver(const std::vector<uint32_t>& projections, uint32_t source, int thread, int g,
               uint64_t& events) {
    for (uint32_t k : projections) {
      Channel<Real>& c = channels_[k];
      uint32_t* __restrict count =
          thread == 0 ? c.count[g].data() : c.team_count[g][thread - 1].data();
      events += c.rows.for_each_target(source, [count](uint32_t target) { ++count[target]; });
    }
  }

  // The input spikes of ((i-1) dt, i dt], delivered at step i as the MEX does
  // (poisson_input.hpp); thread `thread` of the team delivers its share of them.
  void deliver_inputs(uint64_t step, int thread, int team, uint64_t& events) {
    for (uint32_t m = 0; m < net_.inputs.size(); ++m) {
      const InputStepDraws d =
          poisson_input_step(seed_, m, step, input_mean_[m], input_exp_neg_mean_[m]);
      const uint32_t first = static_cast<uint32_t>(uint64_t{d.spikes} * thread / team);
      const uint32_t last = static_cast<uint32_t>(uint64_t{d.spikes} * (thread + 1) / team);
      for (uint32_t s = first; s < last; ++s) {
        deliver(outgoing_input_[m], poisson_input_unit(seed_, m, step, d, s, net_.inputs[m].size),
                thread, generation(step), events);
      }
    }
  }

  // Steps the neurons of `mine` and lists the ones that spiked (global ids, ascending).
  void update_neurons(const NeuronRanges& mine, std::vector<uint32_t>& spikes,
                      ThreadShare<Real>& share) {
    spikes.clear();
    for (uint32_t p = 0; p < net_.populations.size(); ++p) {
      const uint32_t begin = mine[p].begin;
      const std::size_t n = mine[p].end - begin;
      step_neurons(neuron_[p], net_.dt_ms, input_.data() + begin, v_.data() + begin,
                   refractory_.data() + begin, n, share.exp_term.data(), share.spiked.data());
      append_spikes(share.spiked.data(), n, begin, spikes);
    }
  }

  void deliver_spikes(int thread, int g, ThreadShare<Real>& share) {
    for (uint32_t neuron : share.spikes[g]) {
      const uint32_t p = population_of_[neuron];
      deliver(outgoing_population_[p], neuron - pop_offset_[p], thread, g, share.events);
    }
  }

  // The step's spikes of every thread, thread by thread: each population's spikes in neuron order
  // (its ranges are ascending in thread order), which is all the recording depends on (the raster
  // is one population's; the other streams are sums or per neuron).
  void record_step(uint64_t step, int team) {
    for (int t = 0; t < team; ++t) {
      for (uint32_t neuron : shares_[t].spikes[generation(step)]) record_spike(neuron, step);
    }
    rec_.steps_simulated = step;
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

  // Whether every thread's neurons and currents are finite (one more barrier; every 4096 steps).
  bool all_finite(const NeuronRanges& mine, int thread, int team) {
    shares_[thread].finite = range_is_finite(mine);
    if (team > 1) barrier();
    bool finite = true;
    for (int t = 0; t < team; ++t) finite &= shares_[t].finite;
    if (!finite && thread == 0) set_non_finite();
    return finite;
  }

  // Membrane potentials and synaptic currents must stay finite. Currents are checked too: the
  // floor's fmax drops a NaN drive silently (V goes to the floor).
  bool range_is_finite(const NeuronRanges& mine) const {
    bool finite = true;
    for (const NeuronRange& r : mine) {
      for (uint32_t j = r.begin; j < r.end; ++j) finite &= std::isfinite(v_[j]);
    }
    for (const Channel<Real>& c : channels_) {
      const uint32_t first = pop_offset_[c.post];
      for (uint32_t j = mine[c.post].begin; j < mine[c.post].end; ++j) {
        finite &= std::isfinite(c.current[j - first]);
      }
    }
    return finite;
  }

  void state_is_finite() {
    if (!range_is_finite(ranges_of(0, 1))) set_non_finite();
  }

  // Thread `thread`'s part of every population.
  NeuronRanges ranges_of(int thread, int team) const {
    NeuronRanges mine;
    for (uint32_t p = 0; p + 1 < pop_offset_.size(); ++p) {
      const NeuronRange local = thread_range(pop_offset_[p + 1] - pop_offset_[p], thread, team);
      mine.push_back({pop_offset_[p] + local.begin, pop_offset_[p] + local.end});
    }
    return mine;
  }

  void set_non_finite() {
    rec_.status = TrialStatus::kError;
    rec_.message = non_finite_message(rec_.simulated_ms());
    stopped_ = true;
  }

  const NetworkSpec& net_;
  uint64_t seed_;
  TrialRecording& rec_;
  int threads_;

  std::vector<uint32_t> pop_offset_;  // [populations + 1]
  std::vector<uint32_t> population_of_;
  std::vector<IntegrateFireConstants> neuron_;
  std::vector<Real> v_;
  std::vector<int32_t> refractory_;
  std::vector<Real> input_;  // summed synaptic current of each neuron this step
  std::vector<Channel<Real>> channels_;
  std::vector<std::vector<uint32_t>> outgoing_population_;  // per population: projections out
  std::vector<std::vector<uint32_t>> outgoing_input_;       // per input: projections out
  std::vector<ThreadShare<Real>> shares_;                   // [threads]
  std::vector<int64_t> last_spike_step_;
  std::vector<double> input_mean_;          // Poisson spikes per step, per input
  std::vector<double> input_exp_neg_mean_;  // exp(-mean)
  bool stopped_ = false;                    // runaway or non-finite: no final check

  uint64_t burn_in_step_ = 0;
  uint64_t count_bin_steps_ = 1;
  uint64_t activity_bin_steps_ = 0;
};

template <class Real>
void run_trial(const NetworkSpec& net, uint64_t seed, TrialRecording& rec, int threads,
               std::chrono::steady_clock::time_point start, TrialState* final_state) {
  CpuTrial<Real> trial(net, seed, rec, threads);
  rec.setup_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  trial.run();
  if (final_state != nullptr) trial.save_state(*final_state);
}

}  // namespace

TrialRecording simulate_trial_cpu(const NetworkSpec& net, uint64_t seed, TrialState* final_state,
                                  int threads) {
  const auto start = std::chrono::steady_clock::now();
  TrialRecording rec;
  rec.seed = seed;
  try {
    if (net.precision == StatePrecision::kFloat32) {
      run_trial<float>(net, seed, rec, threads, start, final_state);
    } else {
      run_trial<double>(net, seed, rec, threads, start, final_state);
    }
  } catch (const std::exception& e) {
    rec.status = TrialStatus::kError;
    rec.message = std::string("simulation failed: ") + e.what();
  }
  rec.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return rec;
}

}  // namespace spikefit::engine
