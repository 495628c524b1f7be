// `spikefit fit --objectives`, `spikefit pareto` and the Pareto part of `spikefit report` on the
// tiny CBN fit (issue 16).
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "cli_runner.hpp"
#include "spikefit/base/text_files.hpp"
#include "spikefit/experiments/study/study_storage.hpp"
#include "tiny_fit.hpp"

namespace spikefit::experiments {
namespace {

using namespace spikefit::cli_test;
using tiny_fit::fresh;
using tiny_fit::non_empty_file;

// The tiny fit's fixture under its own suite name (a suite has one fixture class).
class ParetoTinyFit : public tiny_fit::TinyFit {};

TEST_F(ParetoTinyFit, AParetoFitStoresEveryObjectiveAndShowsTheFront) {
  const std::string study = fresh("pareto.sqlite");
  const std::string args = fit_args(study) +
                           "--batch 4 --initial 6 --max-evals 10 --threads 1 "
                           "--objectives 'rate,fano;rsc_fisher_z'";
  const CommandResult r = run_spikefit(args);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("  front "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("  HV "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("Pareto front: "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("incumbent"), std::string::npos) << r.output;  // the scalar view
  const StudyStorage storage = StudyStorage::open(study);
  const nlohmann::json doc = storage.study();
  ASSERT_EQ(doc.at("objectives").size(), 2u);
  EXPECT_EQ(doc.at("reference_point"), nlohmann::json({100.0, 100.0}));  // l2 normaliser rule
  const auto names = doc.at("error_names").get<std::vector<std::string>>();
  ASSERT_EQ(names, (std::vector<std::string>{"rate", "fano", "rsc_fisher_z"}));
  const auto weights = doc.at("target").at("weights").get<std::vector<double>>();
  int feasible = 0;
  for (const auto& e : storage.evaluations()) {
    ASSERT_EQ(e.objectives.size(), 2u);
    if (!e.feasible) continue;
    ++feasible;
    EXPECT_NEAR(e.objectives[0],
                (weights[0] * e.errors[0] + weights[1] * e.errors[1]) / (weights[0] + weights[1]),
                1e-12 * (1 + e.objectives[0]));
    EXPECT_DOUBLE_EQ(e.objectives[1], e.errors[2]);
  }
  EXPECT_GT(feasible, 1);
  EXPECT_EQ(storage.rounds().at(1).strategy, "ehvi");

  // `pareto` lists the non-dominated replicate means and picks one of them
  const std::string listed = fresh("pareto_front.json");
  const CommandResult pareto = run_spikefit("pareto --study " + study + " --out " + listed);
  ASSERT_EQ(pareto.exit_code, 0) << pareto.output;
  EXPECT_NE(pareto.output.find("picked (knee): point "), std::string::npos) << pareto.output;
  const nlohmann::json front = read_json_file(listed);
  std::map<int64_t, std::vector<double>> sums;
  std::map<int64_t, int> counts;
  std::set<int64_t> ruled_out;
  for (const auto& e : storage.evaluations()) {
    if (!e.feasible) ruled_out.insert(e.point);
    if (!e.feasible) continue;
    auto& s = sums[e.point];
    s.resize(2, 0.0);
    s[0] += e.objectives[0];
    s[1] += e.objectives[1];
    ++counts[e.point];
  }
  std::set<int64_t> expected;  // brute force: feasible points no other point dominates
  for (const auto& [p, a] : sums) {
    if (ruled_out.count(p)) continue;
    bool dominated = false;
    for (const auto& [q, b] : sums) {
      if (ruled_out.count(q) || q == p) continue;
      dominated |= b[0] <= a[0] && b[1] <= a[1] && (b[0] < a[0] || b[1] < a[1]);
    }
    if (!dominated) expected.insert(p);
  }
  std::set<int64_t> listed_points;
  for (const auto& row : front.at("front")) {
    const int64_t p = row.at("point").get<int64_t>();
    listed_points.insert(p);
    EXPECT_NEAR(row.at("objectives")[0].get<double>(), sums[p][0] / counts[p], 1e-9);
  }
  EXPECT_EQ(listed_points, expected);
  EXPECT_TRUE(expected.count(front.at("pick").at("point").get<int64_t>()));

  // the report draws the front and the hypervolume trace and tabulates the front
  const std::string out = fresh("pareto_report");
  const CommandResult report =
      run_spikefit("report --no-raster --study " + study + " --out " + out);
  ASSERT_EQ(report.exit_code, 0) << report.output;
  const nlohmann::json doc_report = read_json_file(out + "/report.json");
  EXPECT_EQ(doc_report.at("pareto").at("front").size(), expected.size());
  EXPECT_TRUE(non_empty_file(out + "/pareto_front.png"));
  EXPECT_TRUE(non_empty_file(out + "/hypervolume_vs_evaluations.png"));
  EXPECT_TRUE(non_empty_file(out + "/hypervolume_vs_time.png"));
  EXPECT_NE(base::read_text(out + "/report.html").find("<h2>Pareto front</h2>"), std::string::npos);

  // the picked point re-runs from its stored seed: `report --point` re-simulates it with a raster
  // and reproduces its stored cost
  const int64_t picked = front.at("pick").at("point").get<int64_t>();
  EXPECT_NE(
      pareto.output.find("spikefit report --study " + study + " --point " + std::to_string(picked)),
      std::string::npos)
      << pareto.output;
  const std::string focus_out = fresh("pareto_point_report");
  const CommandResult focus = run_spikefit("report --study " + study + " --out " + focus_out +
                                           " --point " + std::to_string(picked));
  ASSERT_EQ(focus.exit_code, 0) << focus.output;
  const nlohmann::json focus_doc = read_json_file(focus_out + "/report.json");
  EXPECT_EQ(focus_doc.at("focus"), "point " + std::to_string(picked));
  EXPECT_EQ(focus_doc.at("incumbent").at("point"), picked);
  const nlohmann::json& raster = focus_doc.at("raster");
  ASSERT_FALSE(raster.is_null());
  bool seed_of_the_point = false;
  for (const auto& e : storage.evaluations()) {
    seed_of_the_point |=
        e.point == picked && std::to_string(e.trial_seed) == raster.at("trial_seed");
  }
  EXPECT_TRUE(seed_of_the_point);
  EXPECT_DOUBLE_EQ(raster.at("resimulated_cost").get<double>(),
                   raster.at("stored_cost").get<double>());
  const CommandResult no_point =
      run_spikefit("report --no-raster --study " + study + " --out " + focus_out + " --point 999");
  EXPECT_EQ(no_point.exit_code, 2);
  EXPECT_NE(no_point.output.find("--point"), std::string::npos) << no_point.output;

  // a resume must name the same objectives
  const CommandResult other =
      run_spikefit(fit_args(study) +
                   "--batch 4 --initial 6 --max-evals 12 --threads 1 --resume "
                   "--objectives 'rate;fano,rsc_fisher_z'");
  EXPECT_NE(other.exit_code, 0);
  EXPECT_NE(other.output.find("--objectives"), std::string::npos) << other.output;
  const CommandResult scalar =
      run_spikefit(fit_args(study) + "--batch 4 --initial 6 --max-evals 12 --threads 1 --resume");
  EXPECT_NE(scalar.exit_code, 0);
  EXPECT_NE(scalar.output.find("--objectives"), std::string::npos) << scalar.output;
}

TEST_F(ParetoTinyFit, TheSobolBaselineProposesPointsOfTheConfigsDimension) {
  const std::string sobol = fresh("pareto_sobol.sqlite");
  const CommandResult baseline = run_spikefit(
      fit_args(sobol) + "--objectives each --strategy sobol --batch 2 --initial 2 --max-evals 4");
  ASSERT_EQ(baseline.exit_code, 0) << baseline.output;
  const StudyStorage sobol_study = StudyStorage::open(sobol);
  EXPECT_EQ(sobol_study.rounds().at(1).strategy, "sobol");
  ASSERT_EQ(sobol_study.evaluations().size(), 4u);
  // unit-cube coordinates of round 1 (a one-dimensional design would repeat one coordinate)
  const nlohmann::json parameters = sobol_study.study().at("parameters");
  auto unit = [&](const StoredEvaluation& e, std::size_t d) {
    const double lo = parameters[d].at("lower"), hi = parameters[d].at("upper");
    return parameters[d].at("log_scale").get<bool>() ? std::log(e.x[d] / lo) / std::log(hi / lo)
                                                     : (e.x[d] - lo) / (hi - lo);
  };
  for (const auto& e : sobol_study.evaluations()) {
    ASSERT_EQ(e.x.size(), 2u);
    if (e.round == 1) {
      EXPECT_GT(std::abs(unit(e, 0) - unit(e, 1)), 1e-6);
    }
  }
}

TEST_F(ParetoTinyFit, ParetoUsageErrorsAreNamed) {
  EXPECT_TRUE(refused_with(fit_args(fresh("pe1.sqlite")) + "--objectives 'rate;beta_power'",
                           "the target has no statistic 'beta_power'"));
  EXPECT_TRUE(refused_with(fit_args(fresh("pe2.sqlite")) + "--objectives each --strategy turbo",
                           "ehvi, parego or sobol"));
  EXPECT_TRUE(refused_with(fit_args(fresh("pe3.sqlite")) + "--objectives each --ref-point 5,5",
                           "one value per objective (3)"));
  const std::string single = fresh("pe4.sqlite");
  EXPECT_TRUE(refused_with(fit_args(single) + "--ref-point 5,5", "--ref-point"));
  const CommandResult fitted = run_spikefit(fit_args(single) + "--batch 2 --max-evals 2");
  ASSERT_EQ(fitted.exit_code, 0) << fitted.output;
  const CommandResult not_pareto = run_spikefit("pareto --study " + single);
  EXPECT_NE(not_pareto.exit_code, 0);
  EXPECT_NE(not_pareto.output.find("not a Pareto fit"), std::string::npos) << not_pareto.output;
}

}  // namespace
}  // namespace spikefit::experiments
