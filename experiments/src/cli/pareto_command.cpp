#include "spikefit/experiments/cli/pareto_command.hpp"

#include <cstdio>
#include <memory>
#include <string>

#include "spikefit/base/text_files.hpp"
#include "spikefit/experiments/cli/command_line.hpp"
#include "spikefit/experiments/report/front_document.hpp"
#include "spikefit/experiments/study/front_pick.hpp"
#include "spikefit/experiments/study/study_storage.hpp"

namespace spikefit::experiments {

namespace {

struct ParetoCommandOptions {
  std::string study;
  std::string pick = "knee";
  std::string out;
};

void print_front(const nlohmann::json& doc, std::size_t picked) {
  const nlohmann::json& front = doc.at("front");
  std::printf("%-3s %-7s %-4s", "", "point", "n");
  for (const auto& name : doc.at("objectives")) {
    std::printf(" %14.14s", name.get<std::string>().c_str());
  }
  if (!front.empty()) {
    for (const auto& [name, value] : front[0].at("parameters").items()) {
      std::printf(" %12.12s", name.c_str());
    }
  }
  std::printf("\n");
  for (std::size_t i = 0; i < front.size(); ++i) {
    const auto& row = front[i];
    std::printf("%-3s %-7lld %-4d", i == picked ? "*" : "", row.at("point").get<long long>(),
                row.at("evaluations").get<int>());
    for (const auto& v : row.at("objectives")) std::printf(" %14.5g", v.get<double>());
    for (const auto& [name, value] : row.at("parameters").items()) {
      std::printf(" %12.6g", value.get<double>());
    }
    std::printf("\n");
  }
}

void run_pareto_command(const ParetoCommandOptions& o) {
  const StudyStorage storage = StudyStorage::open(o.study);
  const std::vector<StoredEvaluation> evaluations = storage.evaluations();
  nlohmann::json doc = front_document(storage.study(), evaluations, o.study);
  const std::size_t k = doc.at("objectives").size();
  const FrontPick pick = parse_front_pick(o.pick, k);
  const std::vector<ObjectivePoint> front = nondominated(objective_points(evaluations));
  std::printf("Pareto front of %s: %zu points (replicate means), hypervolume %.6g\n",
              o.study.c_str(), front.size(), doc.at("hypervolume").get<double>());
  if (front.empty()) {
    std::printf("no feasible evaluation yet\n");
  } else {
    // the document's rows are sorted by the first objective: find the pick among them
    const int64_t point = front[pick_front_point(front, pick)].summary.point;
    std::size_t picked = 0;
    for (std::size_t i = 0; i < doc.at("front").size(); ++i) {
      if (doc["front"][i].at("point").get<int64_t>() == point) picked = i;
    }
    print_front(doc, picked);
    doc["pick"] = {{"rule", pick.text()}, {"point", point}, {"row", picked}};
    std::printf("picked (%s): point %lld, first trial seed %s\n", pick.text().c_str(),
                static_cast<long long>(point),
                doc["front"][picked]["trial_seeds"][0].get<std::string>().c_str());
    std::printf("re-run it from its stored seed: spikefit report --study %s --point %lld\n",
                o.study.c_str(), static_cast<long long>(point));
  }
  if (!o.out.empty()) {
    base::write_text(o.out, doc.dump(2) + "\n");
    std::printf("wrote %s\n", o.out.c_str());
  }
}

}  // namespace

void add_pareto_command(CLI::App& app) {
  auto o = std::make_shared<ParetoCommandOptions>();
  CLI::App* cmd = app.add_subcommand(
      "pareto", "The Pareto front of a multi-objective study (fit --objectives) and a pick");
  cmd->add_option("--study", o->study, "Study file (SQLite)")->required()->check(CLI::ExistingFile);
  cmd->add_option("--pick", o->pick,
                  "knee (farthest from the line/plane through the normalised extremes) or "
                  "weights=w1,w2,... (lowest weighted sum of the objectives)")
      ->capture_default_str();
  cmd->add_option("--out", o->out, "Write the front and the pick as JSON to this file");
  add_example(*cmd, "spikefit pareto --study results/pareto.sqlite --pick weights=1,2,1");
  cmd->callback([o]() { run_pareto_command(*o); });
}

}  // namespace spikefit::experiments
