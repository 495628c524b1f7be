#include "spikefit/acquisition/strategy_options.hpp"

#include <stdexcept>

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

}  // namespace

StrategyOptions StrategyOptions::from_json(const nlohmann::json& options) {
  StrategyOptions o;
  if (options.is_null()) return o;
  if (!options.is_object()) throw std::invalid_argument("strategy options must be a JSON object");
  for (const auto& [key, value] : options.items()) {
    if (key == "candidates") {
      o.candidates = integer(value, key, 0);
    } else if (key == "thompson_sampler") {
      const std::string v = text(value, key);
      if (v == "auto") {
        o.thompson_sampler.kind = surrogate::PosteriorSamplerKind::kAuto;
      } else if (v == "exact") {
        o.thompson_sampler.kind = surrogate::PosteriorSamplerKind::kExact;
      } else if (v == "pathwise") {
        o.thompson_sampler.kind = surrogate::PosteriorSamplerKind::kPathwise;
      } else {
        bad(key, "must be \"auto\", \"exact\" or \"pathwise\", got \"" + v + "\"");
      }
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
      const std::string v = text(value, key);
      if (v == "logei") {
        o.greedy_acquisition = GreedyAcquisition::kLogEi;
      } else if (v == "qlognei") {
        o.greedy_acquisition = GreedyAcquisition::kQLogNei;
      } else {
        bad(key, "must be \"logei\" or \"qlognei\", got \"" + v + "\"");
      }
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
      const std::string v = text(value, key);
      if (v == "auto") {
        o.thompson_in_trust_region = TrustRegionUse::kAuto;
      } else if (v == "always") {
        o.thompson_in_trust_region = TrustRegionUse::kAlways;
      } else if (v == "never") {
        o.thompson_in_trust_region = TrustRegionUse::kNever;
      } else {
        bad(key, "must be \"auto\", \"always\" or \"never\", got \"" + v + "\"");
      }
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
