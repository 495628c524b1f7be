#include "spikefit/acquisition/strategy_options.hpp"

#include <stdexcept>

#include "spikefit/base/enum_names.hpp"

namespace spikefit::acquisition {

namespace {

[[noreturn]] void bad(const std::string& key, const std::string& why) {
  throw std::invalid_argument("strategy option '" + key + "': " + why);
}

double number(const nlohmann::json& value, const std::string& key, double low, double high) {
  if (!value.is_number()) bad(key, "must be a number");
  const double v = value.get<double>();
  if (!(v >= low && v <= high)) {
    bad(key, "must be in [" + std::to_string(low) + ", " + std::to_string(high) + "], got " +
                 value.dump());
  }
  return v;
}

int64_t integer(const nlohmann::json& value, const std::string& key, int64_t low) {
  if (!value.is_number_integer()) bad(key, "must be an integer");
  const int64_t v = value.get<int64_t>();
  if (v < low) bad(key, "must be >= " + std::to_string(low) + ", got " + value.dump());
  return v;
}

std::string text(const nlohmann::json& value, const std::string& key) {
  if (!value.is_string()) bad(key, "must be a string");
  return value.get<std::string>();
}

// The enum value a string option names; the error lists the names.
template <typename Enum, std::size_t N>
Enum choice(const nlohmann::json& value, const std::string& key,
            const base::EnumNames<Enum, N>& names) {
  const std::string v = text(value, key);
  if (const auto e = names.find(v)) return *e;
  std::string expected;
  for (std::size_t i = 0; i < N; ++i) {
    const char* separator = i == 0 ? "" : i + 1 == N ? " or " : ", ";
    expected += separator + ("\"" + std::string(names.entries[i].second) + "\"");
  }
  bad(key, "must be " + expected + ", got \"" + v + "\"");
}

constexpr base::EnumNames<surrogate::PosteriorSamplerKind, 3> kSamplerNames{
    {{surrogate::PosteriorSamplerKind::kAuto, "auto"},
     {surrogate::PosteriorSamplerKind::kExact, "exact"},
     {surrogate::PosteriorSamplerKind::kPathwise, "pathwise"}}};
constexpr base::EnumNames<GreedyAcquisition, 2> kGreedyNames{
    {{GreedyAcquisition::kLogEi, "logei"}, {GreedyAcquisition::kQLogNei, "qlognei"}}};
constexpr base::EnumNames<TrustRegionUse, 3> kTrustRegionNames{{{TrustRegionUse::kAuto, "auto"},
                                                                {TrustRegionUse::kAlways, "always"},
                                                                {TrustRegionUse::kNever, "never"}}};

}  // namespace

StrategyOptions StrategyOptions::from_json(const nlohmann::json& options) {
  StrategyOptions o;
  if (options.is_null()) return o;
  if (!options.is_object()) throw std::invalid_argument("strategy options must be a JSON object");
  for (const auto& [key, value] : options.items()) {
    if (key == "candidates") {
      o.candidates = integer(value, key, 0);
    } else if (key == "thompson_sampler") {
      o.thompson_sampler.kind = choice(value, key, kSamplerNames);
    } else if (key == "pathwise_min_points") {
      o.thompson_sampler.pathwise_min_points = integer(value, key, 0);
    } else if (key == "pathwise_features") {
      o.thompson_sampler.features = integer(value, key, 1);
    } else if (key == "greedy_polish_max_points") {
      o.greedy_polish_max_points = integer(value, key, 0);
    } else if (key == "min_distance") {
      o.min_distance = number(value, key, 0.0, 1.0);
    } else if (key == "raw_samples") {
      o.optimizer.raw_samples = integer(value, key, 1);
    } else if (key == "restarts") {
      o.optimizer.restarts = integer(value, key, 1);
    } else if (key == "batch_limit") {
      o.optimizer.batch_limit = integer(value, key, 1);
    } else if (key == "max_iterations") {
      o.optimizer.max_iterations = static_cast<int>(integer(value, key, 0));
    } else if (key == "local_radius") {
      o.local_radius = number(value, key, 1e-6, 1.0);
    } else if (key == "local_centres") {
      o.local_centres = integer(value, key, 1);
    } else if (key == "feasibility_sobol_share") {
      o.feasibility_sobol_share = number(value, key, 0.0, 1.0);
    } else if (key == "greedy_acquisition") {
      o.greedy_acquisition = choice(value, key, kGreedyNames);
    } else if (key == "mc_samples") {
      o.mc_samples = integer(value, key, 1);
    } else if (key == "baseline") {
      o.baseline = integer(value, key, 1);
    } else if (key == "length_init") {
      o.trust_region.length_init = number(value, key, 1e-9, 2.0);
    } else if (key == "length_min") {
      o.trust_region.length_min = number(value, key, 1e-12, 2.0);
    } else if (key == "length_max") {
      o.trust_region.length_max = number(value, key, 1e-9, 2.0);
    } else if (key == "success_tolerance") {
      o.trust_region.success_tolerance = static_cast<int>(integer(value, key, 1));
    } else if (key == "failure_tolerance") {
      o.trust_region.failure_tolerance = static_cast<int>(integer(value, key, 0));
    } else if (key == "regions") {
      o.regions = integer(value, key, 1);
    } else if (key == "greedy_share") {
      o.greedy_share = number(value, key, 0.0, 1.0);
    } else if (key == "sobol_share") {
      o.sobol_share = number(value, key, 0.0, 1.0);
    } else if (key == "trust_region") {
      o.thompson_in_trust_region = choice(value, key, kTrustRegionNames);
    } else {
      bad(key, "unknown option");
    }
  }
  const TrustRegionOptions& t = o.trust_region;
  if (!(t.length_min < t.length_init && t.length_init <= t.length_max)) {
    throw std::invalid_argument("strategy options: need length_min < length_init <= length_max");
  }
  const double shares = o.greedy_share + o.sobol_share;
  if (shares > 1.0 + 1e-9) {
    throw std::invalid_argument("strategy options: greedy_share + sobol_share must be <= 1, got " +
                                std::to_string(shares));
  }
  if (o.optimizer.raw_samples < o.optimizer.restarts) {
    throw std::invalid_argument("strategy options: raw_samples must be >= restarts");
  }
  return o;
}

}  // namespace spikefit::acquisition
