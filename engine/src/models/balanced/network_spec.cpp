#include "spikefit/engine/models/balanced/network_spec.hpp"

#include <cmath>
#include <initializer_list>
#include <map>

#include "spikefit/base/json_reader.hpp"

namespace spikefit::engine {

using nlohmann::json;

uint32_t NetworkSpec::neuron_count() const {
  uint32_t n = 0;
  for (const auto& p : populations) n += p.size;
  return n;
}

uint64_t NetworkSpec::expected_synapse_count() const {
  double synapses = 0;
  for (const ProjectionSpec& p : projections) {
    const double n_pre = source_size(p.pre);
    const double n_post = populations[p.post].size;
    switch (p.rule) {
      case ConnectivityRule::kFixedOutDegree:
        synapses += n_pre * p.degree;
        break;
      case ConnectivityRule::kFixedInDegree:
        synapses += n_post * p.degree;
        break;
      case ConnectivityRule::kBernoulli:
        synapses += std::round(p.probability * n_pre * n_post);
        break;
    }
  }
  return static_cast<uint64_t>(synapses);
}

uint32_t NetworkSpec::source_size(const SourceRef& s) const {
  return s.is_input ? inputs[s.index].size : populations[s.index].size;
}

const Lattice& NetworkSpec::source_lattice(const SourceRef& s) const {
  return s.is_input ? inputs[s.index].lattice : populations[s.index].lattice;
}

const std::string& NetworkSpec::source_name(const SourceRef& s) const {
  return s.is_input ? inputs[s.index].name : populations[s.index].name;
}

uint64_t NetworkSpec::steps() const {
  return static_cast<uint64_t>(duration_ms / dt_ms);
}

uint64_t NetworkSpec::steps_of(double ms) const {
  return static_cast<uint64_t>(std::llround(ms / dt_ms));
}

namespace {

// Size and optional lattice of a population or input: "size" and/or "lattice": [rows, cols].
void read_size_and_lattice(base::JsonObjectReader& r, uint32_t& size, Lattice& lattice) {
  if (const json* l = r.optional("lattice")) {
    const std::string path = r.path_of("lattice");
    if (!l->is_array() || l->size() != 2 || !(*l)[0].is_number_integer() ||
        !(*l)[1].is_number_integer() || (*l)[0].get<int64_t>() < 1 || (*l)[1].get<int64_t>() < 1) {
      throw base::ConfigError(path,
                              "must be [rows, cols] with positive integers, got " + l->dump());
    }
    lattice.rows = (*l)[0].get<uint32_t>();
    lattice.cols = (*l)[1].get<uint32_t>();
  }
  if (r.has("size")) {
    size = r.count("size", 1);
    if (lattice.defined() && size != lattice.rows * lattice.cols) {
      throw base::ConfigError(r.path_of("size"), "must equal rows*cols of the lattice (" +
                                                     std::to_string(lattice.rows * lattice.cols) +
                                                     ")");
    }
  } else if (lattice.defined()) {
    size = lattice.rows * lattice.cols;
  } else {
    throw base::ConfigError(r.path_of("size"), "is required (or give a lattice)");
  }
}

PopulationSpec parse_population(const json& j, const std::string& path) {
  base::JsonObjectReader r(j, path);
  PopulationSpec p;
  p.name = r.string("name");
  read_size_and_lattice(r, p.size, p.lattice);
  const std::string model = r.string("model");
  if (model == "eif") {
    p.model = NeuronModel::kEif;
  } else if (model == "lif") {
    p.model = NeuronModel::kLif;
  } else {
    throw base::ConfigError(r.path_of("model"), "unknown neuron model '" + model + "' (eif, lif)");
  }
  base::JsonObjectReader params(r.required("params"), r.path_of("params"));
  p.C = params.positive("C", 1.0);
  p.tau_m_ms = params.positive("tau_m_ms");
  p.E_L_mV = params.number("E_L_mV");
  if (p.model == NeuronModel::kEif) {
    p.V_T_mV = params.number("V_T_mV");
    p.Delta_T_mV = params.positive("Delta_T_mV");
    p.V_cut_mV = params.number("V_cut_mV");
    if (p.V_cut_mV <= p.V_T_mV) {
      throw base::ConfigError(params.path_of("V_cut_mV"), "must be above V_T_mV");
    }
  } else {
    p.V_cut_mV = params.number("V_th_mV");
  }
  p.V_reset_mV = params.number("V_reset_mV");
  if (p.V_reset_mV >= p.V_cut_mV) {
    throw base::ConfigError(params.path_of("V_reset_mV"),
                            "must be below the spike cutoff/threshold");
  }
  p.t_ref_ms = params.number_in("t_ref_ms", 0.0, 1e4);
  p.V_floor_mV = params.number("V_floor_mV", -1e300);
  if (p.V_floor_mV > p.V_reset_mV) {
    throw base::ConfigError(params.path_of("V_floor_mV"), "must not be above V_reset_mV");
  }
  p.I_ext = params.number("I_ext", 0.0);
  params.finish();
  if (const json* v = r.optional("v_init_mV")) {
    const std::string vpath = r.path_of("v_init_mV");
    if (!v->is_array() || v->size() != 2) {
      throw base::ConfigError(vpath, "must be [low, high] (uniform initial membrane potential)");
    }
    p.v_init_low_mV = base::json_number((*v)[0], base::index_path(vpath, 0));
    p.v_init_high_mV = base::json_number((*v)[1], base::index_path(vpath, 1));
    if (p.v_init_low_mV > p.v_init_high_mV)
      throw base::ConfigError(vpath, "low must not exceed high");
  } else {
    p.v_init_low_mV = p.V_reset_mV;
    p.v_init_high_mV = p.model == NeuronModel::kEif ? p.V_T_mV : p.V_cut_mV;
  }
  r.finish();
  return p;
}

InputSpec parse_input(const json& j, const std::string& path) {
  base::JsonObjectReader r(j, path);
  InputSpec in;
  in.name = r.string("name");
  const std::string kind = r.string("kind");
  if (kind != "poisson")
    throw base::ConfigError(r.path_of("kind"), "unknown input kind '" + kind + "' (poisson)");
  read_size_and_lattice(r, in.size, in.lattice);
  in.rate_hz = r.number_in("rate_hz", 0.0, 1e4);
  r.finish();
  return in;
}

uint32_t degree_from(base::JsonObjectReader& c, const std::string& degree_key,
                     uint32_t population) {
  if (c.has(degree_key) == c.has("probability")) {
    throw base::ConfigError(c.path_of(degree_key),
                            "give exactly one of '" + degree_key + "' and 'probability'");
  }
  if (c.has(degree_key)) return c.count(degree_key, 0);
  const double p = c.number_in("probability", 0.0, 1.0);
  return static_cast<uint32_t>(std::ceil(p * population));  // K = ceil(p N), gen_weights.m
}

// The enumerator that the string at `key` names (`fallback` when the key is absent); a config
// error naming the key and the choices for any other string.
template <class Enum>
Enum parse_choice(base::JsonObjectReader& r, const std::string& key, Enum fallback,
                  std::initializer_list<std::pair<const char*, Enum>> choices) {
  if (!r.has(key)) return fallback;
  const std::string text = r.string(key);
  std::string names;
  for (const auto& [name, value] : choices) {
    if (text == name) return value;
    names += (names.empty() ? "'" : ", '") + std::string(name) + "'";
  }
  throw base::ConfigError(r.path_of(key), "must be one of " + names + ", got '" + text + "'");
}

ConnectivityStorage parse_storage(base::JsonObjectReader& r, const std::string& key,
                                  ConnectivityStorage fallback) {
  return parse_choice(
      r, key, fallback,
      {{"stored", ConnectivityStorage::kStored}, {"procedural", ConnectivityStorage::kProcedural}});
}

ProjectionSpec parse_projection(const json& j, const std::string& path, const NetworkSpec& net,
                                ConnectivityStorage default_storage) {
  base::JsonObjectReader r(j, path);
  ProjectionSpec p;
  p.name = r.string("name");
  const std::string pre = r.string("pre");
  const std::string post = r.string("post");
  bool found_pre = false;
  for (uint32_t i = 0; i < net.populations.size(); ++i) {
    if (net.populations[i].name == pre) p.pre = {false, i}, found_pre = true;
    if (net.populations[i].name == post) p.post = i;
  }
  for (uint32_t i = 0; i < net.inputs.size(); ++i) {
    if (net.inputs[i].name == pre) p.pre = {true, i}, found_pre = true;
  }
  if (!found_pre)
    throw base::ConfigError(r.path_of("pre"), "no population or input named '" + pre + "'");
  if (p.post >= net.populations.size() || net.populations[p.post].name != post) {
    throw base::ConfigError(r.path_of("post"), "no population named '" + post + "'");
  }
  const uint32_t n_pre = net.source_size(p.pre);
  const uint32_t n_post = net.populations[p.post].size;

  base::JsonObjectReader c(r.required("connectivity"), r.path_of("connectivity"));
  const std::string rule = c.string("rule");
  if (rule == "fixed_out_degree") {
    p.rule = ConnectivityRule::kFixedOutDegree;
    p.degree = degree_from(c, "out_degree", n_post);
    const std::string targets = c.string("targets", "uniform");
    if (targets == "uniform") {
      p.placement = TargetPlacement::kUniform;
    } else if (targets == "wrapped_gaussian") {
      p.placement = TargetPlacement::kWrappedGaussian;
      p.sigma = c.number_in("sigma", 0.0, 1e9);
      if (!net.source_lattice(p.pre).defined() || !net.populations[p.post].lattice.defined()) {
        throw base::ConfigError(c.path_of("targets"), "wrapped_gaussian needs a lattice on both '" +
                                                          pre + "' and '" + post + "'");
      }
    } else {
      throw base::ConfigError(c.path_of("targets"), "unknown target placement '" + targets +
                                                        "' (uniform, wrapped_gaussian)");
    }
  } else if (rule == "fixed_in_degree") {
    p.rule = ConnectivityRule::kFixedInDegree;
    p.degree = degree_from(c, "in_degree", n_pre);
  } else if (rule == "bernoulli") {
    p.rule = ConnectivityRule::kBernoulli;
    p.probability = c.number_in("probability", 0.0, 1.0);
  } else {
    throw base::ConfigError(
        c.path_of("rule"),
        "unknown rule '" + rule + "' (fixed_out_degree, fixed_in_degree, bernoulli)");
  }
  if (p.rule == ConnectivityRule::kFixedInDegree) {
    if (parse_storage(c, "storage", ConnectivityStorage::kStored) ==
        ConnectivityStorage::kProcedural) {
      throw base::ConfigError(c.path_of("storage"),
                              "fixed_in_degree rows cannot be generated procedurally (a row is "
                              "the postsynaptic neurons that drew this source); use stored");
    }
  } else {
    p.storage = parse_storage(c, "storage", default_storage);
  }
  c.finish();

  base::JsonObjectReader s(r.required("synapse"), r.path_of("synapse"));
  const std::string kind = s.string("kind");
  if (kind == "second_order") {
    p.synapse = SynapseKind::kSecondOrder;
    p.tau_rise_ms = s.positive("tau_rise_ms");
  } else if (kind == "exponential") {
    p.synapse = SynapseKind::kExponential;
  } else {
    throw base::ConfigError(s.path_of("kind"),
                            "unknown synapse kind '" + kind + "' (second_order, exponential)");
  }
  p.tau_decay_ms = s.positive("tau_decay_ms");
  s.finish();
  p.weight = r.number("weight");
  r.finish();
  return p;
}

template <class T, class Parse>
std::vector<T> parse_named_array(base::JsonObjectReader& r, const std::string& key, bool required,
                                 Parse parse) {
  std::vector<T> out;
  const json* array = required ? &r.required(key) : r.optional(key);
  if (!array) return out;
  const std::string path = r.path_of(key);
  if (!array->is_array()) throw base::ConfigError(path, "must be an array");
  for (std::size_t i = 0; i < array->size(); ++i)
    out.push_back(parse((*array)[i], base::index_path(path, i)));
  return out;
}

uint32_t population_index(const NetworkSpec& net, const std::string& name,
                          const std::string& path) {
  for (uint32_t i = 0; i < net.populations.size(); ++i) {
    if (net.populations[i].name == name) return i;
  }
  throw base::ConfigError(path, "no population named '" + name + "'");
}

double multiple_of_dt(base::JsonObjectReader& r, const std::string& key, double fallback,
                      double dt) {
  const double v = r.number_in(key, 0.0, 1e12, fallback);
  const double steps = v / dt;
  if (std::fabs(steps - std::round(steps)) > 1e-6 * std::max(1.0, steps)) {
    throw base::ConfigError(r.path_of(key), "must be a whole number of time steps (dt)");
  }
  return v;
}

RecordingSpec parse_recording(const json* j, const std::string& path, const NetworkSpec& net) {
  RecordingSpec rec;
  const json empty = json::object();
  base::JsonObjectReader r(j ? *j : empty, path);
  rec.burn_in_ms = multiple_of_dt(r, "burn_in_ms", 500.0, net.dt_ms);
  rec.count_bin_ms = multiple_of_dt(r, "count_bin_ms", 200.0, net.dt_ms);
  if (rec.count_bin_ms <= 0) throw base::ConfigError(r.path_of("count_bin_ms"), "must be > 0");
  rec.count_population = population_index(
      net, r.string("count_population", net.populations[0].name), r.path_of("count_population"));
  rec.activity_bin_ms = multiple_of_dt(r, "activity_bin_ms", 1.0, net.dt_ms);
  if (const json* raster = r.optional("raster")) {
    base::JsonObjectReader rr(*raster, r.path_of("raster"));
    rec.raster_population =
        population_index(net, rr.string("population"), rr.path_of("population"));
    rec.raster_neurons = rr.count("neurons", 0);
    if (rec.raster_neurons > net.populations[rec.raster_population].size) {
      throw base::ConfigError(rr.path_of("neurons"), "exceeds the population size");
    }
    rr.finish();
  }
  r.finish();
  return rec;
}

// s * n as a whole number, or a ConfigError naming the size factor and what does not scale.
uint32_t scaled_count(double n, double s, const std::string& what, const std::string& path) {
  const double scaled = n * s;
  if (std::fabs(scaled - std::round(scaled)) > 1e-9 * scaled || std::round(scaled) < 1 ||
      scaled > 2e9) {
    throw base::ConfigError(path, "gives " + what + " " + std::to_string(scaled) +
                                      ", not a whole number of neurons (1 .. 2e9)");
  }
  return static_cast<uint32_t>(std::round(scaled));
}

void scale_size(uint32_t& size, Lattice& lattice, double s, const std::string& name,
                const std::string& path) {
  if (lattice.defined()) {
    lattice.rows = scaled_count(lattice.rows, s, "'" + name + "' lattice rows", path);
    lattice.cols = scaled_count(lattice.cols, s, "'" + name + "' lattice columns", path);
    size =
        scaled_count(static_cast<double>(lattice.rows) * lattice.cols, 1.0, "'" + name + "'", path);
  } else {
    size = scaled_count(size, s * s, "'" + name + "' size", path);
  }
}

// Applies network.size_factor (NetworkSpec::size_factor) to a network parsed at s = 1.
void apply_size_factor(NetworkSpec& net, double s, const std::string& path) {
  net.size_factor = s;
  if (s == 1.0) return;
  for (PopulationSpec& p : net.populations) scale_size(p.size, p.lattice, s, p.name, path);
  for (InputSpec& in : net.inputs) scale_size(in.size, in.lattice, s, in.name, path);
  for (ProjectionSpec& p : net.projections) {
    if (p.rule == ConnectivityRule::kBernoulli)
      p.probability = std::min(1.0, p.probability / (s * s));
  }
  double total = 0;
  for (const PopulationSpec& p : net.populations) total += p.size;
  for (const InputSpec& in : net.inputs) total += in.size;
  if (total > 2e9) {
    throw base::ConfigError(
        path, "gives " + std::to_string(total) + " neurons and input units in all (at most 2e9)");
  }
}

void check_unique_names(const NetworkSpec& net, const std::string& path) {
  std::map<std::string, int> seen;
  for (const auto& p : net.populations) ++seen[p.name];
  for (const auto& i : net.inputs) ++seen[i.name];
  for (const auto& [name, n] : seen) {
    if (n > 1)
      throw base::ConfigError(path,
                              "the name '" + name + "' is used by more than one population/input");
  }
  std::map<std::string, int> projections;
  for (const auto& p : net.projections) {
    if (++projections[p.name] > 1)
      throw base::ConfigError(path + ".projections", "duplicate projection name '" + p.name + "'");
  }
}

}  // namespace

NetworkSpec parse_network_spec(const json& network, const std::string& path) {
  base::JsonObjectReader r(network, path);
  NetworkSpec net;
  net.name = r.string("name", "network");

  base::JsonObjectReader sim(r.required("simulation"), r.path_of("simulation"));
  net.dt_ms = sim.number_in("dt_ms", 1e-6, 10.0);
  net.duration_ms = sim.number_in("duration_ms", 0.0, 1e9);
  net.exp_kind =
      parse_choice(sim, "exp", SpikeExp::kExact,
                   {{"exact", SpikeExp::kExact}, {"schraudolph", SpikeExp::kSchraudolph}});
  net.precision =
      parse_choice(sim, "precision", StatePrecision::kFloat64,
                   {{"float64", StatePrecision::kFloat64}, {"float32", StatePrecision::kFloat32}});
  net.max_rate_hz = sim.positive("max_rate_hz", 60.0);
  sim.finish();

  net.populations = parse_named_array<PopulationSpec>(r, "populations", true, parse_population);
  if (net.populations.empty())
    throw base::ConfigError(r.path_of("populations"), "needs at least one population");
  net.inputs = parse_named_array<InputSpec>(r, "inputs", false, parse_input);
  check_unique_names(net, path);
  const ConnectivityStorage storage =
      parse_storage(r, "connectivity_storage", ConnectivityStorage::kStored);
  net.projections = parse_named_array<ProjectionSpec>(
      r, "projections", false, [&net, storage](const json& j, const std::string& p) {
        return parse_projection(j, p, net, storage);
      });
  check_unique_names(net, path);

  if (const json* scale = r.optional("weight_scale")) {
    if (scale->is_string() && scale->get<std::string>() == "1/sqrt(N)") {
      net.weight_scale = 1.0 / std::sqrt(static_cast<double>(net.neuron_count()));
    } else if (scale->is_number()) {
      net.weight_scale = base::json_number(*scale, r.path_of("weight_scale"));
    } else {
      throw base::ConfigError(r.path_of("weight_scale"),
                              "must be a number or \"1/sqrt(N)\" (N = all population neurons)");
    }
  }
  apply_size_factor(net, r.positive("size_factor", 1.0), r.path_of("size_factor"));
  net.recording = parse_recording(r.optional("recording"), r.path_of("recording"), net);
  r.finish();
  return net;
}

}  // namespace spikefit::engine
