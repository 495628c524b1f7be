#include "spikefit/experiments/report/front_document.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>
#include <string>

#include "spikefit/experiments/study/study_front.hpp"

namespace spikefit::experiments {

using nlohmann::json;

namespace {

// Means of the scalar statistics over the point's evaluations.
json statistic_means(const std::vector<const StoredEvaluation*>& rows) {
  std::map<std::string, std::pair<double, int>> sums;
  for (const StoredEvaluation* e : rows) {
    for (const auto& [name, value] : e->statistics.items()) {
      if (!value.is_number()) continue;
      auto& [sum, count] = sums[name];
      sum += value.get<double>();
      ++count;
    }
  }
  json out = json::object();
  for (const auto& [name, sum_count] : sums) out[name] = sum_count.first / sum_count.second;
  return out;
}

}  // namespace

json front_document(const json& study, const std::vector<StoredEvaluation>& evaluations,
                    const std::string& study_path) {
  if (!study.contains("objectives") || !study.contains("reference_point")) {
    throw std::runtime_error("study " + study_path +
                             " has no objectives: it is not a Pareto fit (fit --objectives)");
  }
  json names = json::array();
  for (const auto& o : study.at("objectives")) names.push_back(o.at("name"));
  const auto reference = study.at("reference_point").get<std::vector<double>>();
  std::vector<ObjectivePoint> front = nondominated(objective_points(evaluations));
  std::sort(front.begin(), front.end(), [](const ObjectivePoint& a, const ObjectivePoint& b) {
    return a.objectives[0] < b.objectives[0];
  });
  std::map<int64_t, std::vector<const StoredEvaluation*>> by_point;
  for (const StoredEvaluation& e : evaluations) by_point[e.point].push_back(&e);
  json rows = json::array();
  for (const ObjectivePoint& p : front) {
    json parameters = json::object();
    const json& declared = study.at("parameters");
    for (std::size_t d = 0; d < declared.size(); ++d) {
      parameters[declared[d].at("name").get<std::string>()] = p.summary.x[d];
    }
    json seeds = json::array();
    for (const StoredEvaluation* e : by_point.at(p.summary.point)) {
      seeds.push_back(std::to_string(e->trial_seed));
    }
    rows.push_back({{"point", p.summary.point},
                    {"evaluations", p.summary.evaluations},
                    {"objectives", p.objectives},
                    {"parameters", parameters},
                    {"statistics", statistic_means(by_point.at(p.summary.point))},
                    {"trial_seeds", seeds}});
  }
  const FrontStatus status = front_status(evaluations, reference);
  return {{"objectives", names},
          {"reference_point", reference},
          {"hypervolume", status.hypervolume.value},
          {"hypervolume_se", status.hypervolume.standard_error},
          {"front", rows}};
}

}  // namespace spikefit::experiments
