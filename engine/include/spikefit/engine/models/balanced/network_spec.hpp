#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "spikefit/engine/models/balanced/model_kinds.hpp"

namespace spikefit::engine {

// A network is data: this is the validated, typed form of a config's network part (see
// experiments/configs/snops_sbn.json for a complete example). Units: ms, mV, Hz, mV/ms.

// A square or rectangular lattice on the periodic unit square. Neuron id (0-based) j sits at
// row x = j / cols + 1, column y = j % cols + 1 (1-based, as gen_weights.m).
struct Lattice {
  uint32_t rows = 0;
  uint32_t cols = 0;
  bool defined() const { return rows > 0; }
};

enum class NeuronModel { kEif, kLif };

struct PopulationSpec {
  std::string name;
  uint32_t size = 0;
  Lattice lattice;
  NeuronModel model = NeuronModel::kEif;
  double C = 1.0;
  double tau_m_ms = 15.0;
  double E_L_mV = -60.0;
  double V_T_mV = -50.0;    // EIF only
  double Delta_T_mV = 2.0;  // EIF only
  double V_cut_mV = -10.0;  // EIF spike cutoff; LIF threshold
  double V_reset_mV = -65.0;
  double t_ref_ms = 1.5;
  double V_floor_mV = -100.0;
  double I_ext = 0.0;
  double v_init_low_mV = -65.0;  // initial V uniform on [low, high]
  double v_init_high_mV = -50.0;
};

enum class InputKind { kPoisson };

// An external population whose spikes drive projections (pre only).
struct InputSpec {
  std::string name;
  InputKind kind = InputKind::kPoisson;
  uint32_t size = 0;
  Lattice lattice;
  double rate_hz = 10.0;  // per unit, independent Poisson
};

// A presynaptic source: a population or an input.
struct SourceRef {
  bool is_input = false;
  uint32_t index = 0;
};

enum class ConnectivityRule { kFixedOutDegree, kFixedInDegree, kBernoulli };
enum class TargetPlacement { kUniform, kWrappedGaussian };

// Stored: each trial builds its projections' rows once (CSR, memory O(synapses)). Procedural: a
// presynaptic spike regenerates its row from the same Philox stream (GeNN's procedural
// connectivity, Knight & Nowotny 2021), memory O(neurons); the simulation is bit-identical to
// stored mode. Fixed in-degree has no row-wise generator and is always stored. The CUDA backend
// stores rows in both modes (same results).
enum class ConnectivityStorage { kStored, kProcedural };

struct ProjectionSpec {
  std::string name;
  SourceRef pre;
  uint32_t post = 0;  // population index
  ConnectivityRule rule = ConnectivityRule::kFixedOutDegree;
  uint32_t degree = 0;     // out-degree (fixed_out_degree) or in-degree (fixed_in_degree)
  double probability = 0;  // bernoulli
  TargetPlacement placement = TargetPlacement::kUniform;  // fixed_out_degree only
  ConnectivityStorage storage = ConnectivityStorage::kStored;
  double sigma = 0.0;  // wrapped Gaussian width in units of the side length
  SynapseKind synapse = SynapseKind::kSecondOrder;
  double tau_rise_ms = 1.0;
  double tau_decay_ms = 5.0;
  double weight = 0.0;  // J before the network's weight scale (charge per spike, mV)
};

struct RecordingSpec {
  double burn_in_ms = 500.0;
  double count_bin_ms = 200.0;
  uint32_t count_population = 0;  // spike counts [bins x neurons] of this population
  double activity_bin_ms = 1.0;   // population activity bins; 0 disables
  uint32_t raster_population = 0;
  uint32_t raster_neurons = 0;  // record spike times of the first K neurons (0: none)
};

struct NetworkSpec {
  std::string name;
  double dt_ms = 0.05;
  double duration_ms = 10000.0;
  SpikeExp exp_kind = SpikeExp::kExact;
  StatePrecision precision = StatePrecision::kFloat64;  // simulation.precision (CPU backend)
  double max_rate_hz = 60.0;  // spike cap: a trial stops as runaway beyond this mean rate
  double weight_scale = 1.0;  // multiplies every projection weight (1/sqrt(N) for SNOPS)
  // The config's network scaled by s (network.size_factor): every population and input has s^2
  // times its neurons (lattices s times the rows and columns), in-degrees are kept (fixed degrees
  // unchanged, Bernoulli probabilities divided by s^2) and so are the weights, the weight scale
  // included ("1/sqrt(N)" is evaluated at s = 1): with K fixed the balanced-state scaling
  // J ~ 1/sqrt(K) leaves J unchanged. Wrapped-Gaussian widths stay fractions of the side.
  double size_factor = 1.0;
  std::vector<PopulationSpec> populations;
  std::vector<InputSpec> inputs;
  std::vector<ProjectionSpec> projections;
  RecordingSpec recording;

  uint32_t neuron_count() const;
  // Synapses of one trial, inputs' included: exact for fixed degrees, expected for Bernoulli.
  uint64_t expected_synapse_count() const;
  uint32_t source_size(const SourceRef& s) const;
  const Lattice& source_lattice(const SourceRef& s) const;
  const std::string& source_name(const SourceRef& s) const;
  // Number of time steps: (int)(duration / dt); steps 1 .. steps-1 are simulated (as the MEX).
  uint64_t steps() const;
  uint64_t steps_of(double ms) const;  // round(ms / dt)
};

// Parses and validates the "network" object of a config (path prefix `path` for messages).
// Throws base::ConfigError naming the field on any problem.
NetworkSpec parse_network_spec(const nlohmann::json& network, const std::string& path = "network");

}  // namespace spikefit::engine
