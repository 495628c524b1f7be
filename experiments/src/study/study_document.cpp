#include "spikefit/experiments/study/study_document.hpp"

#include "spikefit/version.hpp"

namespace spikefit::experiments {

using nlohmann::json;

json study_document(const StudyIdentity& id, const FitProblem& problem,
                    const std::vector<std::string>& error_names) {
  const json effective = id.config.effective_document();
  const json target = stats::target_to_json(id.target);
  json parameters = json::array();
  for (std::size_t d = 0; d < problem.names.size(); ++d) {
    parameters.push_back({{"name", problem.names[d]},
                          {"lower", problem.lower[d]},
                          {"upper", problem.upper[d]},
                          {"log_scale", static_cast<bool>(problem.log_scale[d])}});
  }
  return {{"kind", "simulation"},
          {"spikefit_version", kVersion},
          {"config_file", id.config.source},
          {"config_document", id.config_document},
          {"overrides", id.overrides},
          {"effective_config", effective},
          {"config_hash", document_hash(effective)},
          {"target_file", id.target_file},
          {"target_name", id.target.name},
          {"target", target},
          {"target_hash", document_hash(target)},
          {"parameters", parameters},
          {"error_names", error_names},
          {"options", id.search_options}};
}

FitProblem fit_problem(const ParameterSpace& space) {
  FitProblem p;
  for (const auto& parameter : space.parameters()) {
    p.names.push_back(parameter.name);
    p.lower.push_back(parameter.lower);
    p.upper.push_back(parameter.upper);
    p.log_scale.push_back(parameter.log_scale);
  }
  return p;
}

}  // namespace spikefit::experiments
