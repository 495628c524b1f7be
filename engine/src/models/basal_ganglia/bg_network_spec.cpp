#include "spikefit/engine/models/basal_ganglia/bg_network_spec.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "spikefit/base/enum_names.hpp"
#include "spikefit/base/json_reader.hpp"

namespace spikefit::engine::bg {

using nlohmann::json;

namespace {

constexpr base::EnumNames<BgCellModel, 4> kCellModelNames{{{BgCellModel::kStn, "stn"},
                                                           {BgCellModel::kGp, "gp"},
                                                           {BgCellModel::kTc, "tc"},
                                                           {BgCellModel::kAdex, "adex"}}};

}  // namespace

const char* to_string(BgCellModel model) {
  return kCellModelNames.name(model);
}

const char* to_string(BgSynapseKind kind) {
  return kind == BgSynapseKind::kGate ? "gate" : "alpha";
}

uint32_t BgNetworkSpec::neuron_count() const {
  uint32_t n = 0;
  for (const auto& p : populations) n += p.size;
  return n;
}

uint64_t BgNetworkSpec::steps() const {
  return steps_of(duration_ms);
}

uint64_t BgNetworkSpec::steps_of(double ms) const {
  return static_cast<uint64_t>(std::llround(ms / dt_ms));
}

int BgNetworkSpec::population_index(const std::string& name) const {
  for (std::size_t i = 0; i < populations.size(); ++i) {
    if (populations[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

namespace {

template <class Params>
using Field = std::pair<const char*, double Params::*>;

const std::vector<Field<StnParams>>& stn_fields() {
  static const std::vector<Field<StnParams>> f = {{"C", &StnParams::C},
                                                  {"g_L", &StnParams::g_L},
                                                  {"E_L", &StnParams::E_L},
                                                  {"g_Na", &StnParams::g_Na},
                                                  {"E_Na", &StnParams::E_Na},
                                                  {"g_K", &StnParams::g_K},
                                                  {"E_K", &StnParams::E_K},
                                                  {"g_T", &StnParams::g_T},
                                                  {"g_Ca", &StnParams::g_Ca},
                                                  {"E_Ca", &StnParams::E_Ca},
                                                  {"g_AHP", &StnParams::g_AHP},
                                                  {"k1", &StnParams::k1},
                                                  {"phi_h", &StnParams::phi_h},
                                                  {"phi_n", &StnParams::phi_n},
                                                  {"phi_r", &StnParams::phi_r},
                                                  {"phi_c", &StnParams::phi_c},
                                                  {"epsilon", &StnParams::epsilon},
                                                  {"k_Ca", &StnParams::k_Ca},
                                                  {"Ca_initial", &StnParams::Ca_initial}};
  return f;
}

const std::vector<Field<GpParams>>& gp_fields() {
  static const std::vector<Field<GpParams>> f = {{"C", &GpParams::C},
                                                 {"g_L", &GpParams::g_L},
                                                 {"E_L", &GpParams::E_L},
                                                 {"g_Na", &GpParams::g_Na},
                                                 {"E_Na", &GpParams::E_Na},
                                                 {"g_K", &GpParams::g_K},
                                                 {"E_K", &GpParams::E_K},
                                                 {"g_T", &GpParams::g_T},
                                                 {"g_Ca", &GpParams::g_Ca},
                                                 {"E_Ca", &GpParams::E_Ca},
                                                 {"g_AHP", &GpParams::g_AHP},
                                                 {"k1", &GpParams::k1},
                                                 {"phi_h", &GpParams::phi_h},
                                                 {"phi_n", &GpParams::phi_n},
                                                 {"phi_r", &GpParams::phi_r},
                                                 {"tau_r", &GpParams::tau_r},
                                                 {"epsilon", &GpParams::epsilon},
                                                 {"k_Ca", &GpParams::k_Ca},
                                                 {"Ca_initial", &GpParams::Ca_initial}};
  return f;
}

const std::vector<Field<TcParams>>& tc_fields() {
  static const std::vector<Field<TcParams>> f = {
      {"C", &TcParams::C},       {"g_L", &TcParams::g_L},   {"E_L", &TcParams::E_L},
      {"g_Na", &TcParams::g_Na}, {"E_Na", &TcParams::E_Na}, {"g_K", &TcParams::g_K},
      {"E_K", &TcParams::E_K},   {"g_T", &TcParams::g_T},   {"E_T", &TcParams::E_T}};
  return f;
}

const std::vector<Field<AdexParams>>& adex_fields() {
  static const std::vector<Field<AdexParams>> f = {{"C", &AdexParams::C},
                                                   {"g_L", &AdexParams::g_L},
                                                   {"E_L", &AdexParams::E_L},
                                                   {"V_T", &AdexParams::V_T},
                                                   {"Delta_T", &AdexParams::Delta_T},
                                                   {"a", &AdexParams::a},
                                                   {"b", &AdexParams::b},
                                                   {"tau_w", &AdexParams::tau_w},
                                                   {"V_reset", &AdexParams::V_reset},
                                                   {"V_peak", &AdexParams::V_peak},
                                                   {"I_e", &AdexParams::I_e}};
  return f;
}

// Parameters that divide or set a time scale must stay positive.
bool must_be_positive(const std::string& name) {
  return name == "C" || name == "g_L" || name.rfind("phi_", 0) == 0 || name == "tau_r" ||
         name == "tau_w" || name == "Delta_T" || name == "k1" || name == "k_Ca" ||
         name == "epsilon";
}

template <class Params>
void read_overrides(const json& params, const std::string& path,
                    const std::vector<Field<Params>>& fields, const char* model, Params& out) {
  if (!params.is_object()) throw base::ConfigError(path, "must be an object of parameter values");
  for (auto it = params.begin(); it != params.end(); ++it) {
    const std::string field_path = base::join_path(path, it.key());
    double Params::*member = nullptr;
    for (const auto& f : fields) {
      if (it.key() == f.first) member = f.second;
    }
    if (member == nullptr) {
      std::string known;
      for (const auto& f : fields) known += (known.empty() ? "" : ", ") + std::string(f.first);
      throw base::ConfigError(field_path, std::string("no such parameter of the ") + model +
                                              " cell (one of " + known + ")");
    }
    const double v = base::json_number(it.value(), field_path);
    if (must_be_positive(it.key()) && !(v > 0)) {
      throw base::ConfigError(field_path, "must be > 0, got " + it.value().dump());
    }
    out.*member = v;
  }
}

BgCellModel parse_model(const std::string& text, const std::string& path) {
  if (const auto model = kCellModelNames.find(text)) return *model;
  throw base::ConfigError(path, "unknown cell model '" + text + "' (stn, gp, tc or adex)");
}

AdexParams adex_set(const std::string& text, const std::string& path) {
  if (text == "stn") return adex_stn();
  if (text == "gpe_ti") return adex_gpe_ti();
  if (text == "gpe_ta") return adex_gpe_ta();
  if (text == "snr") return adex_snr();
  throw base::ConfigError(path, "unknown AdEx set '" + text + "' (stn, gpe_ti, gpe_ta or snr)");
}

void parse_synapse(const json* node, const std::string& path, BgPopulation& pop) {
  // Defaults: STN and AdEx cells drive alpha synapses (g_peak 0.43), GP and TC cells gates.
  pop.synapse = (pop.model == BgCellModel::kStn || pop.model == BgCellModel::kAdex)
                    ? BgSynapseKind::kAlpha
                    : BgSynapseKind::kGate;
  if (node == nullptr) return;
  base::JsonObjectReader r(*node, path);
  const std::string default_kind = to_string(pop.synapse);
  const std::string kind = r.string("kind", default_kind);
  if (kind == "gate") {
    pop.synapse = BgSynapseKind::kGate;
    pop.gate.alpha = r.positive("alpha", pop.gate.alpha);
    pop.gate.beta = r.positive("beta", pop.gate.beta);
    pop.gate.theta = r.number("theta", pop.gate.theta);
    pop.gate.half = r.number("half", pop.gate.half);
    pop.gate.slope = r.number("slope", pop.gate.slope);
    if (pop.gate.slope == 0) throw base::ConfigError(r.path_of("slope"), "must not be 0");
  } else if (kind == "alpha") {
    pop.synapse = BgSynapseKind::kAlpha;
    pop.alpha.tau_ms = r.positive("tau_ms", pop.alpha.tau_ms);
    pop.alpha.g_peak = r.number_in("g_peak", 0.0, 1e6, pop.alpha.g_peak);
  } else {
    throw base::ConfigError(r.path_of("kind"),
                            "unknown synapse kind '" + kind + "' (gate or alpha)");
  }
  r.finish();
}

BgPopulation parse_population(const json& node, const std::string& path) {
  base::JsonObjectReader r(node, path);
  BgPopulation pop;
  pop.name = r.string("name");
  if (pop.name.empty() || pop.name.find('.') != std::string::npos) {
    throw base::ConfigError(r.path_of("name"), "must be non-empty and contain no '.'");
  }
  pop.model = parse_model(r.string("model"), r.path_of("model"));
  pop.size = r.count("size", 1);
  if (pop.model == BgCellModel::kAdex) {
    pop.adex = adex_set(r.string("adex_set", "stn"), r.path_of("adex_set"));
  }
  if (const json* params = r.optional("params")) {
    const std::string ppath = r.path_of("params");
    switch (pop.model) {
      case BgCellModel::kStn:
        read_overrides(*params, ppath, stn_fields(), "stn", pop.stn);
        break;
      case BgCellModel::kGp:
        read_overrides(*params, ppath, gp_fields(), "gp", pop.gp);
        break;
      case BgCellModel::kTc:
        read_overrides(*params, ppath, tc_fields(), "tc", pop.tc);
        break;
      case BgCellModel::kAdex:
        read_overrides(*params, ppath, adex_fields(), "adex", pop.adex);
        break;
    }
  }
  pop.i_app = r.number("I_app", 0.0);
  pop.i_app_offset_sd = r.number_in("I_app_offset_sd", 0.0, 1e6, 0.0);
  const double default_threshold = pop.model == BgCellModel::kTc ? -40.0 : -10.0;
  pop.spike_threshold_mv = r.number("spike_threshold_mv", default_threshold);
  if (pop.model == BgCellModel::kAdex && pop.spike_threshold_mv != default_threshold) {
    throw base::ConfigError(r.path_of("spike_threshold_mv"),
                            "AdEx cells spike at their reset (V_peak); no threshold applies");
  }
  pop.v_init_mean_mv = r.number("v_init_mean_mv", -62.0);
  pop.v_init_sd_mv = r.number_in("v_init_sd_mv", 0.0, 1e3, 5.0);
  parse_synapse(r.optional("synapse"), r.path_of("synapse"), pop);
  r.finish();
  return pop;
}

uint32_t population_by_name(const BgNetworkSpec& net, const std::string& name,
                            const std::string& path) {
  const int p = net.population_index(name);
  if (p < 0) throw base::ConfigError(path, "no population named '" + name + "'");
  return static_cast<uint32_t>(p);
}

BgPathway parse_pathway(const json& node, const std::string& path, const BgNetworkSpec& net) {
  base::JsonObjectReader r(node, path);
  BgPathway w;
  const std::string pre = r.string("pre");
  const std::string post = r.string("post");
  w.pre = population_by_name(net, pre, r.path_of("pre"));
  w.post = population_by_name(net, post, r.path_of("post"));
  w.name = r.string("name", pre + "->" + post);
  if (w.name.find('.') != std::string::npos) {
    throw base::ConfigError(r.path_of("name"), "must contain no '.'");
  }
  const std::string rule = r.string("rule", "fixed_in_degree");
  const uint32_t n_pre = net.populations[w.pre].size;
  const uint32_t n_post = net.populations[w.post].size;
  w.allow_self = r.boolean("allow_self", false);
  if (rule == "one_to_one") {
    w.one_to_one = true;
    w.in_degree = 1;
    if (n_pre != n_post) {
      throw base::ConfigError(r.path_of("rule"), "one_to_one needs equal sizes, got " +
                                                     std::to_string(n_pre) + " " + pre + " and " +
                                                     std::to_string(n_post) + " " + post);
    }
  } else if (rule == "fixed_in_degree") {
    w.in_degree = r.count("in_degree", 1);
    const bool self_excluded = w.pre == w.post && !w.allow_self;
    const uint32_t available = self_excluded ? n_pre - 1 : n_pre;
    if (w.in_degree > available) {
      throw base::ConfigError(r.path_of("in_degree"),
                              "must be <= " + std::to_string(available) + " (distinct " + pre +
                                  " cells" + (self_excluded ? " other than the cell itself" : "") +
                                  "), got " + std::to_string(w.in_degree));
    }
  } else {
    throw base::ConfigError(r.path_of("rule"),
                            "unknown rule '" + rule + "' (fixed_in_degree or one_to_one)");
  }
  w.weight = r.number_in("weight", 0.0, 1e6);
  w.e_rev_mv = r.number("E_rev");
  w.delay_ms = r.number_in("delay_ms", 0.0, 1000.0, 0.0);
  r.finish();
  return w;
}

uint32_t target_of(base::JsonObjectReader& r, const BgNetworkSpec& net,
                   const std::string& fallback) {
  return population_by_name(net, r.string("target", fallback), r.path_of("target"));
}

void parse_smc(const json& node, const std::string& path, BgNetworkSpec& net) {
  base::JsonObjectReader r(node, path);
  SmcDrive& d = net.smc;
  d.enabled = r.boolean("enabled", true);
  d.target = target_of(r, net, "TC");
  d.amplitude = r.number("amplitude", d.amplitude);
  d.width_ms = r.positive("width_ms", d.width_ms);
  d.frequency_hz = r.positive("frequency_hz", d.frequency_hz);
  d.cv = r.number_in("cv", 0.0, 10.0, d.cv);
  r.finish();
}

void parse_dbs(const json& node, const std::string& path, BgNetworkSpec& net) {
  base::JsonObjectReader r(node, path);
  DbsDrive& d = net.dbs;
  d.enabled = r.boolean("enabled", true);
  d.target = target_of(r, net, "STN");
  d.amplitude = r.number("amplitude", d.amplitude);
  d.width_ms = r.positive("width_ms", d.width_ms);
  d.frequency_hz = r.positive("frequency_hz", d.frequency_hz);
  d.onset_ms = r.number_in("onset_ms", 0.0, 1e9, d.onset_ms);
  if (const json* stop = r.optional("stop_ms"); stop != nullptr && !stop->is_null()) {
    d.stop_ms = base::json_number(*stop, r.path_of("stop_ms"));
    if (d.stop_ms < d.onset_ms) {
      throw base::ConfigError(r.path_of("stop_ms"), "must be >= onset_ms");
    }
  }
  if (d.width_ms * d.frequency_hz >= 1000.0) {
    throw base::ConfigError(r.path_of("width_ms"), "pulses of " + std::to_string(d.width_ms) +
                                                       " ms overlap at " +
                                                       std::to_string(d.frequency_hz) + " Hz");
  }
  r.finish();
}

void parse_cortical(const json& node, const std::string& path, BgNetworkSpec& net) {
  base::JsonObjectReader r(node, path);
  CorticalDrive& d = net.cortical;
  d.enabled = r.boolean("enabled", true);
  d.target = target_of(r, net, "STN");
  d.rate_hz = r.number_in("rate_hz", 0.0, 1e5);
  d.beta_depth = r.number_in("beta_depth", 0.0, 1.0, d.beta_depth);
  d.beta_frequency_hz = r.number_in("beta_frequency_hz", 0.0, 1e4, d.beta_frequency_hz);
  d.weight = r.number_in("weight", 0.0, 1e6);
  d.e_rev_mv = r.number("E_rev", d.e_rev_mv);
  d.tau_ms = r.positive("tau_ms", d.tau_ms);
  r.finish();
}

BgIntegrator parse_integrator(const std::string& text, const std::string& path) {
  if (text == "euler") return BgIntegrator::kEuler;
  if (text == "exponential_euler") return BgIntegrator::kExponentialEuler;
  throw base::ConfigError(path, "unknown integrator '" + text + "' (euler or exponential_euler)");
}

}  // namespace

BgNetworkSpec parse_bg_network(const json& document, const std::string& source) {
  try {
    base::JsonObjectReader r(document, "");
    BgNetworkSpec net;
    net.integrator = parse_integrator(r.string("integrator", "euler"), r.path_of("integrator"));
    net.dt_ms = r.positive("dt_ms", 0.01);
    const double max_dt =
        net.integrator == BgIntegrator::kEuler ? kMaxEulerDtMs : kMaxExponentialEulerDtMs;
    if (net.dt_ms > max_dt) {
      throw base::ConfigError(
          r.path_of("dt_ms"),
          "must be <= " + std::to_string(max_dt) + " ms with the " +
              std::string(net.integrator == BgIntegrator::kEuler ? "euler" : "exponential_euler") +
              " integrator, got " + std::to_string(net.dt_ms) +
              (net.integrator == BgIntegrator::kEuler
                   ? " (GP cells fail under forward Euler at 0.05 ms; choose \"integrator\": "
                     "\"exponential_euler\" for larger steps)"
                   : ""));
    }
    net.duration_ms = r.positive("duration_ms");
    net.burn_in_ms =
        r.number_in("burn_in_ms", 0.0, net.duration_ms, std::min(200.0, net.duration_ms));
    net.max_rate_hz = r.positive("max_rate_hz", net.max_rate_hz);
    net.record_mean_v = r.boolean("record_mean_v", false);
    const json& pops = r.required("populations");
    if (!pops.is_array() || pops.empty()) {
      throw base::ConfigError(r.path_of("populations"), "must be a non-empty array");
    }
    for (std::size_t i = 0; i < pops.size(); ++i) {
      BgPopulation pop = parse_population(pops[i], base::index_path("populations", i));
      if (net.population_index(pop.name) >= 0) {
        throw base::ConfigError(base::index_path("populations", i) + ".name",
                                "duplicate population '" + pop.name + "'");
      }
      net.populations.push_back(std::move(pop));
    }
    if (const json* paths = r.optional("pathways")) {
      if (!paths->is_array()) throw base::ConfigError(r.path_of("pathways"), "must be an array");
      for (std::size_t i = 0; i < paths->size(); ++i) {
        BgPathway w = parse_pathway((*paths)[i], base::index_path("pathways", i), net);
        for (const auto& other : net.pathways) {
          if (other.name == w.name) {
            throw base::ConfigError(base::index_path("pathways", i),
                                    "duplicate pathway name '" + w.name + "'");
          }
        }
        net.pathways.push_back(std::move(w));
      }
    }
    if (const json* smc = r.optional("smc")) parse_smc(*smc, "smc", net);
    if (const json* dbs = r.optional("dbs")) parse_dbs(*dbs, "dbs", net);
    if (const json* ctx = r.optional("cortical")) parse_cortical(*ctx, "cortical", net);
    r.finish();
    return net;
  } catch (const base::ConfigError& e) {
    if (source.empty()) throw;
    throw base::ConfigError(source, e.what());
  }
}

}  // namespace spikefit::engine::bg
