#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "spikefit/engine/models/basal_ganglia/adex_cell.hpp"
#include "spikefit/engine/models/basal_ganglia/bg_math.hpp"
#include "spikefit/engine/models/basal_ganglia/bg_synapses.hpp"
#include "spikefit/engine/models/basal_ganglia/so2012_cells.hpp"

namespace spikefit::engine::bg {

enum class BgCellModel : int32_t { kStn = 0, kGp = 1, kTc = 2, kAdex = 3 };
enum class BgSynapseKind : int32_t { kGate = 0, kAlpha = 1 };

const char* to_string(BgCellModel model);
const char* to_string(BgSynapseKind kind);

// One population of cells of one model. Only the parameter struct of `model` is used.
struct BgPopulation {
  std::string name;
  BgCellModel model = BgCellModel::kStn;
  uint32_t size = 0;
  StnParams stn;
  GpParams gp;
  TcParams tc;
  AdexParams adex;
  double i_app = 0.0;                 // uA/cm^2 (pA for AdEx), every cell
  double i_app_offset_sd = 0.0;       // per-cell offset r_j ~ N(0, sd^2), drawn once per trial
  double spike_threshold_mv = -10.0;  // recorded spikes and alpha-synapse trigger: upward crossing
  double v_init_mean_mv = -62.0;      // initial V ~ mean + sd N(0, 1), gates at steady state
  double v_init_sd_mv = 5.0;
  // The synapse this population's cells drive (one variable per presynaptic cell).
  BgSynapseKind synapse = BgSynapseKind::kGate;
  GateSynapseParams gate;
  AlphaSynapseParams alpha;
};

// I_syn(post) += weight (V_post - E_rev) sum over its in_degree presynaptic cells of the gate,
// delayed by delay_ms. one_to_one: post j <- pre j (sizes must be equal).
struct BgPathway {
  std::string name;  // "PRE->POST" unless given
  uint32_t pre = 0, post = 0;
  uint32_t in_degree = 2;
  double weight = 0.0;
  double e_rev_mv = 0.0;
  double delay_ms = 0.0;
  bool allow_self = false;
  bool one_to_one = false;
};

// Sensorimotor-cortex pulses (So createSMC.m): amplitude for width_ms; the next onset is
// round(1000 / f_inst / dt) steps after the previous one (the first after t = 0), with
// f_inst ~ Gamma(shape 1/cv^2, scale frequency cv^2); cv = 0 gives a periodic train.
struct SmcDrive {
  bool enabled = false;
  uint32_t target = 0;
  double amplitude = 3.5, width_ms = 5.0, frequency_hz = 14.0, cv = 0.2;
};

// Rectangular monophasic DBS (So creatdbs.m): onsets every round(1000 / f / dt) steps from the
// step of onset_ms, pulses of round(width_ms / dt) steps, none at or after stop_ms.
struct DbsDrive {
  bool enabled = false;
  uint32_t target = 0;
  double amplitude = 300.0, width_ms = 0.3, frequency_hz = 130.0;
  double onset_ms = 0.0;
  double stop_ms = std::numeric_limits<double>::infinity();
};

// Cortical input: each target cell receives independent inhomogeneous Poisson spikes at rate
// rate_hz (1 + beta_depth sin(2 pi beta_frequency_hz t)) (drawn by thinning), each adding
// weight to an exponentially decaying conductance g (tau_ms); I = g (V - E_rev).
struct CorticalDrive {
  bool enabled = false;
  uint32_t target = 0;
  double rate_hz = 0.0;
  double beta_depth = 0.0;  // in [0, 1]
  double beta_frequency_hz = 20.0;
  double weight = 0.0;  // mS/cm^2 per spike
  double e_rev_mv = 0.0;
  double tau_ms = 5.0;
};

struct BgNetworkSpec {
  std::vector<BgPopulation> populations;
  std::vector<BgPathway> pathways;
  SmcDrive smc;
  DbsDrive dbs;
  CorticalDrive cortical;
  double dt_ms = 0.01;
  double duration_ms = 1000.0;
  double burn_in_ms = 200.0;
  BgIntegrator integrator = BgIntegrator::kEuler;
  double max_rate_hz = 500.0;  // spike cap: a trial stops as runaway beyond this mean rate
  bool record_mean_v = false;  // per-population mean V in 1-ms bins

  uint32_t neuron_count() const;
  // Time steps: round(duration / dt); steps 1 .. steps - 1 are simulated, step i at t = i dt.
  uint64_t steps() const;
  uint64_t steps_of(double ms) const;                   // round(ms / dt)
  int population_index(const std::string& name) const;  // -1 if none
};

// The largest forward-Euler step accepted (GP cells fail at 0.05 ms, specs/basal_ganglia.md §0).
constexpr double kMaxEulerDtMs = 0.025;
// The largest exponential-Euler step accepted (bench/results/bg_dt_*.md).
constexpr double kMaxExponentialEulerDtMs = 0.1;

// Parses and validates a BG network object. Throws base::ConfigError naming the JSON path (prefixed
// by `source`) and the reason; unknown keys are errors. Format (defaults after '='):
//   {"dt_ms" = 0.01, "duration_ms", "burn_in_ms" = min(200, duration), "integrator" = "euler" |
//    "exponential_euler", "max_rate_hz" = 500, "record_mean_v" = false,
//    "populations": [{"name", "model": "stn"|"gp"|"tc"|"adex", "size",
//        "adex_set" = "stn"|"gpe_ti"|"gpe_ta"|"snr" (adex only), "params": {field: value},
//        "I_app" = 0, "I_app_offset_sd" = 0, "spike_threshold_mv" = -10 (tc: -40),
//        "v_init_mean_mv" = -62, "v_init_sd_mv" = 5,
//        "synapse": {"kind": "gate" (gp, tc default) | "alpha" (stn, adex default),
//                    gate: "alpha" = 2, "beta" = 0.04, "theta" = 20, "half" = -57, "slope" = 2;
//                    alpha: "tau_ms" = 5, "g_peak" = 0.43}}],
//    "pathways": [{"name" = "PRE->POST", "pre", "post", "rule" = "fixed_in_degree" |
//        "one_to_one", "in_degree" (fixed_in_degree), "weight", "E_rev", "delay_ms" = 0,
//        "allow_self" = false}],
//    "smc": {"enabled" = true, "target" = "TC", "amplitude" = 3.5, "width_ms" = 5,
//            "frequency_hz" = 14, "cv" = 0.2},
//    "dbs": {"enabled" = true, "target" = "STN", "amplitude" = 300, "width_ms" = 0.3,
//            "frequency_hz" = 130, "onset_ms" = 0, "stop_ms" = null (never)},
//    "cortical": {"enabled" = true, "target" = "STN", "rate_hz", "beta_depth" = 0,
//                 "beta_frequency_hz" = 20, "weight", "E_rev" = 0, "tau_ms" = 5}}
// Drives are off unless their object is present. dt_ms is limited to kMaxEulerDtMs (euler) or
// kMaxExponentialEulerDtMs (exponential_euler).
BgNetworkSpec parse_bg_network(const nlohmann::json& document, const std::string& source = "");

// The dotted JSON path (ParameterSpace::bind / resolve_path form) of a free-parameter name:
//   I_app.POP -> populations.POP.I_app          offset_sd.POP -> populations.POP.I_app_offset_sd
//   param.POP.NAME -> populations.POP.params.NAME   threshold.POP -> ...spike_threshold_mv
//   w.PATHWAY -> pathways.PATHWAY.weight        delay.PATHWAY -> pathways.PATHWAY.delay_ms
//   ctx.FIELD -> cortical.FIELD   dbs.FIELD -> dbs.FIELD   smc.FIELD -> smc.FIELD
// Any other name is returned unchanged (a full dotted path).
std::string bg_field_path(const std::string& name);

// A copy of `network` with the field named `name` (bg_field_path) set to `value`. Throws
// base::ConfigError when the field does not exist. A missing drive field (e.g. dbs.amplitude when
// the document has a "dbs" object without it) is created.
nlohmann::json set_bg_field(const nlohmann::json& network, const std::string& name, double value);

// The So 2012 network of bg_model.md at 50 STN / 100 GPe / 75 GPi / 75 TC (sizes configurable)
// as a JSON document: healthy or parkinsonian currents, optional 130 Hz DBS into STN.
nlohmann::json so2012_network_json(bool parkinsonian, bool dbs, uint32_t n_stn = 50,
                                   uint32_t n_gpe = 100, uint32_t n_gpi = 75, uint32_t n_tc = 75);

}  // namespace spikefit::engine::bg
