#include "spikefit/experiments/study/stored_study.hpp"

#include <algorithm>
#include <stdexcept>

namespace spikefit::experiments {

using nlohmann::json;

void check_resume(const json& stored, const json& given, const std::string& study_path) {
  std::vector<std::string> differences;
  auto field = [](const json& doc, const std::string& key) {
    return doc.contains(key) ? doc.at(key) : json(nullptr);
  };
  if (field(stored, "config_hash") != field(given, "config_hash")) {
    differences.push_back("config (effective config hash " + field(stored, "config_hash").dump() +
                          " stored, " + field(given, "config_hash").dump() +
                          " given; stored from " + field(stored, "config_file").dump() +
                          " with overrides " + field(stored, "overrides").dump() + ")");
  }
  if (field(stored, "target_hash") != field(given, "target_hash")) {
    differences.push_back("target (" + field(stored, "target_name").dump() + " from " +
                          field(stored, "target_file").dump() + " stored, " +
                          field(given, "target_name").dump() + " from " +
                          field(given, "target_file").dump() + " given)");
  }
  const json so = field(stored, "options"), go = field(given, "options");
  for (const auto& [key, value] : go.items()) {
    const json old = so.is_object() && so.contains(key) ? so.at(key) : json(nullptr);
    if (old != value) {
      differences.push_back("--" + key + " (" + old.dump() + " stored, " + value.dump() +
                            " given)");
    }
  }
  if (so.is_object()) {
    for (const auto& [key, value] : so.items()) {
      if (!go.contains(key)) {
        differences.push_back("--" + key + " (" + value.dump() + " stored, not given)");
      }
    }
  }
  if (differences.empty()) return;
  std::string message = "cannot resume study " + study_path + ": it differs in ";
  for (std::size_t k = 0; k < differences.size(); ++k) {
    message += (k ? "; " : "") + differences[k];
  }
  throw std::runtime_error(message);
}

ModelConfig study_model_config(const json& study) {
  const json kind = study.contains("kind") ? study.at("kind") : json("missing");
  if (kind != "simulation") {
    throw std::runtime_error("the study is not a simulation study (kind " + kind.dump() + ")");
  }
  const auto damaged = [](const std::string& field, const std::string& reason) {
    return std::runtime_error("the study's " + field + " " + reason + " (the study is damaged)");
  };
  if (!study.contains("config_document")) throw damaged("config_document", "is missing");
  const json source = study.value("config_file", json("study"));
  if (!source.is_string()) throw damaged("config_file", "is not a file name");
  const json overrides = study.value("overrides", json(nullptr));
  if (!overrides.is_array() || !std::all_of(overrides.begin(), overrides.end(),
                                            [](const json& o) { return o.is_string(); })) {
    throw damaged("overrides", "are not a list of NAME=VALUE texts");
  }
  ModelConfig config = parse_model_config(study.at("config_document"), source.get<std::string>());
  apply_overrides(config, overrides.get<std::vector<std::string>>());
  return config;
}

CostFormula study_cost_formula(const json& study) {
  const std::string name = study.at("target_name");
  CostFormula formula;
  formula.target = stats::parse_targets({{"targets", {{name, study.at("target")}}}}).at(name);
  const json options = study.value("options", json::object());
  formula.metric = options.value("metric", std::string("l2")) == "l1" ? stats::CostMetric::kL1
                                                                      : stats::CostMetric::kL2;
  return formula;
}

bool study_uses_composite_model(const json& study) {
  const json options = study.value("options", json::object());
  return options.value("model", std::string("cost")) == "composite";
}

}  // namespace spikefit::experiments
