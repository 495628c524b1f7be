#include "spikefit/experiments/report/study_report.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>

#include "report_format.hpp"
#include "spikefit/base/text_files.hpp"
#include "spikefit/base/usage_error.hpp"
#include "spikefit/experiments/evaluation/model.hpp"
#include "spikefit/experiments/report/gnuplot.hpp"
#include "spikefit/experiments/report/statistics_report.hpp"
#include "spikefit/experiments/study/point_summary.hpp"
#include "spikefit/experiments/study/stored_study.hpp"
#include "spikefit/experiments/study/study_document.hpp"
#include "spikefit/stats/cost.hpp"
#include "study_view.hpp"

namespace spikefit::experiments {

using nlohmann::json;

using report_format::num;
using report_format::num_json;

namespace {

const double kNaN = std::nan("");

// Mean and unbiased sd of the finite values.
std::pair<double, double> mean_sd(const std::vector<double>& v) {
  double sum = 0, n = 0;
  for (double e : v) {
    if (std::isfinite(e)) sum += e, n += 1;
  }
  if (n == 0) return {kNaN, kNaN};
  const double mean = sum / n;
  double ss = 0;
  for (double e : v) {
    if (std::isfinite(e)) ss += (e - mean) * (e - mean);
  }
  return {mean, n > 1 ? std::sqrt(ss / (n - 1)) : 0.0};
}

double first_value(const json& statistic) {
  const json& v =
      statistic.is_array() ? (statistic.empty() ? json(nullptr) : statistic[0]) : statistic;
  return v.is_number() ? v.get<double>() : kNaN;
}

struct Trace {
  std::vector<double> incumbent;    // [evaluations] incumbent's replicate mean after each
  std::vector<double> best_single;  // [evaluations]
};

Trace best_trace(const std::vector<StoredEvaluation>& evaluations, int min_replicates) {
  Trace t;
  std::vector<StoredEvaluation> prefix;
  double best = kNaN;
  for (const StoredEvaluation& e : evaluations) {
    prefix.push_back(e);
    if (e.feasible && (!std::isfinite(best) || e.cost < best)) best = e.cost;
    const auto inc = find_incumbent(summarise_points(prefix), min_replicates);
    t.incumbent.push_back(inc ? inc->mean_cost : kNaN);
    t.best_single.push_back(best);
  }
  return t;
}

std::vector<StatisticRow> statistic_rows(const json& study, const PointSummary& incumbent,
                                         const std::vector<StoredEvaluation>& evaluations) {
  std::vector<const StoredEvaluation*> replicates;
  for (const auto& e : evaluations) {
    if (e.point == incumbent.point && e.feasible) replicates.push_back(&e);
  }
  const std::vector<std::string> error_names = study.at("error_names");
  std::vector<StatisticRow> rows;
  for (std::size_t j = 0; j < error_names.size(); ++j) {
    StatisticRow row;
    row.name = error_names[j];
    std::vector<double> fit, errors, z;
    const json* target = nullptr;
    if (study.contains("target")) {
      const json& statistics = study["target"]["statistics"];
      if (statistics.contains(row.name)) target = &statistics[row.name];
    }
    if (target) {
      row.target = first_value(target->at("mean"));
      row.var = target->at("var").get<double>();
      row.weight = target->value("weight", 1.0);
    }
    for (const StoredEvaluation* e : replicates) {
      errors.push_back(j < e->errors.size() ? e->errors[j] : kNaN);
      const double value =
          e->statistics.contains(row.name) ? first_value(e->statistics[row.name]) : kNaN;
      fit.push_back(value);
      if (target && row.name == "eigenspectrum") {
        z.push_back(std::sqrt(errors.back()));
      } else if (target) {
        z.push_back((value - row.target) / std::sqrt(row.var));
      }
    }
    std::tie(row.fit_mean, row.fit_sd) = mean_sd(fit);
    std::tie(row.error_mean, row.error_sd) = mean_sd(errors);
    std::tie(row.z_mean, row.z_sd) = mean_sd(z);
    rows.push_back(row);
  }
  return rows;
}

stats::StatisticsOptions study_statistics_options(const json& options) {
  StatisticsChoice choice;
  choice.dimension = options.value("dimension", std::string("cv_skip"));
  choice.base.selection.neurons = options.value("neurons", 50u);
  choice.base.selection.draws = options.value("draws", 10u);
  choice.base.selection.min_rate_hz = options.value("min-rate-hz", 0.5);
  return choice.options();
}

// Re-simulates the incumbent from its first stored full evaluation's seed with a raster; writes
// raster.dat and returns what it found (the re-computed cost must equal the stored one).
json resimulate_incumbent(const json& study, const PointSummary& incumbent,
                          const std::vector<StoredEvaluation>& evaluations,
                          const ReportOptions& options) {
  const StoredEvaluation* first = nullptr;
  for (const auto& e : evaluations) {
    if (e.point == incumbent.point && e.feasible && e.stage == EvaluationStage::kFull) {
      first = &e;
      break;
    }
  }
  if (!first) return nullptr;
  const ModelConfig config = study_model_config(study);
  const Model& model = config.model();
  const RasterNetwork raster =
      model.with_raster(config.space.bind(config.network, incumbent.x), options.raster_neurons);
  const NetworkOutline net = model.outline(raster.network);
  const std::unique_ptr<TrialRunner> runner = model.open(options.backend);
  TrialRunOptions run;
  run.threads = options.threads;
  run.statistics_options = study_statistics_options(study.at("options"));
  const std::vector<SimulatedTrial> trials =
      runner->run({{raster.network, first->trial_seed}}, run);
  const CostFormula formula = study_cost_formula(study);
  const stats::CostResult cost =
      stats::evaluate_cost(trials[0].statistics, formula.target, formula.metric);

  std::ostringstream dat;
  const double t0 = net.burn_in_ms;
  const double window_ms = std::min(options.raster_window_ms, net.duration_ms - t0);
  for (const engine::RasterSpike& s : trials[0].recording.raster) {
    if (s.time_ms >= t0 && s.time_ms < t0 + window_ms) {
      dat << num((s.time_ms - t0) / 1000.0, 8) << " " << s.neuron << "\n";
    }
  }
  base::write_text(options.out_dir + "/raster.dat", dat.str());
  return {{"trial_seed", std::to_string(first->trial_seed)},
          {"evaluation_id", first->id},
          {"stored_cost", num_json(first->cost)},
          {"resimulated_cost", cost.feasible ? json(cost.cost) : json(nullptr)},
          {"population", raster.population},
          {"neurons", raster.neurons},
          {"window_ms", window_ms},
          {"spikes", trials[0].recording.raster.size()},
          {"backend", runner->backend()}};
}

// evaluations.csv (every stored evaluation) and trace.dat (per evaluation: time, cost, the
// incumbent's and the best single cost, feasibility, x), for the plots.
void write_evaluation_exports(const StudyView& view, const std::vector<std::string>& error_names,
                              const Trace& trace) {
  const std::vector<StoredEvaluation>& evaluations = view.evaluations;
  const double time_scale = view.in_minutes ? 1.0 / 60.0 : 1.0;
  std::ostringstream csv, dat;
  csv << "id,round,slot,point,source,stage,feasible,reason,cost,trial_seed,elapsed_s,wall_s,"
         "screen_wall_s,backend,device";
  for (const auto& p : view.parameters) csv << "," << p.at("name").get<std::string>();
  for (const auto& n : error_names) csv << ",error_" << n;
  csv << "\n";
  for (std::size_t k = 0; k < evaluations.size(); ++k) {
    const StoredEvaluation& e = evaluations[k];
    std::string reason = e.reason;
    for (char& c : reason) c = c == ',' || c == '"' ? ';' : c;
    csv << e.id << "," << e.round << "," << e.slot << "," << e.point << ","
        << acquisition::to_string(e.source) << "," << to_string(e.stage) << "," << e.feasible << ","
        << reason << "," << num(e.cost, 10) << "," << e.trial_seed << "," << num(e.elapsed_s) << ","
        << num(e.wall_s) << "," << num(e.screen_wall_s) << "," << e.backend << "," << e.device;
    for (double x : e.x) csv << "," << num(x, 10);
    for (double v : e.errors) csv << "," << num(v, 10);
    csv << "\n";
    dat << k + 1 << " " << num(e.elapsed_s * time_scale) << " " << num(e.cost) << " "
        << num(trace.incumbent[k]) << " " << num(trace.best_single[k]) << " " << e.feasible;
    for (double x : e.x) dat << " " << num(x, 10);
    dat << "\n";
  }
  base::write_text(view.dir + "/evaluations.csv", csv.str());
  if (view.cost_model && !view.cost_model->marginals.empty()) {  // one gnuplot index per parameter
    std::ostringstream marginals;
    marginals << "# x cost lower upper: exp(posterior mean, +- 2 sd of log cost)\n";
    for (const Marginal& m : view.cost_model->marginals) {
      for (std::size_t k = 0; k < m.x.size(); ++k) {
        marginals << num(m.x[k], 10) << " " << num(std::exp(m.log_cost_mean[k])) << " "
                  << num(std::exp(m.log_cost_mean[k] - 2 * m.log_cost_sd[k])) << " "
                  << num(std::exp(m.log_cost_mean[k] + 2 * m.log_cost_sd[k])) << "\n";
      }
      marginals << "\n\n";
    }
    base::write_text(view.dir + "/marginals.dat", marginals.str());
  }
  base::write_text(view.dir + "/trace.dat", dat.str());
}

// The incumbent in report.json: its point, replicate spread, parameters, costs and seeds.
json incumbent_document(const StudyView& view) {
  const PointSummary& incumbent = *view.incumbent;
  json document = {{"point", incumbent.point},
                   {"evaluations", incumbent.evaluations},
                   {"mean_cost", incumbent.mean_cost},
                   {"sd_cost", incumbent.sd_cost},
                   {"se_cost", num_json(incumbent.se_cost)}};
  json values = json::object();
  for (std::size_t d = 0; d < view.parameters.size(); ++d)
    values[view.parameters[d]["name"].get<std::string>()] = incumbent.x[d];
  document["parameters"] = values;
  json costs = json::array(), seeds = json::array();
  for (const auto& e : view.evaluations) {
    if (e.point == incumbent.point) {
      costs.push_back(num_json(e.cost));
      seeds.push_back(std::to_string(e.trial_seed));
    }
  }
  document["replicate_costs"] = costs;
  document["replicate_seeds"] = seeds;
  return document;
}

// The posterior-mean incumbent in report.json: its point, parameters, the model's estimates (exp
// of the posterior mean of log cost, with its posterior sd; the expected cost of a fresh run)
// and its replicates.
json posterior_incumbent_document(const PosteriorIncumbent& best, const json& parameters) {
  const PointSummary& p = best.point;
  json values = json::object();
  for (std::size_t d = 0; d < parameters.size(); ++d)
    values[parameters[d]["name"].get<std::string>()] = p.x[d];
  return {{"point", p.point},
          {"parameters", values},
          {"posterior_cost", std::exp(best.log_cost_mean)},
          {"posterior_log_cost_sd", best.log_cost_sd},
          {"expected_cost", best.expected_cost},
          {"model", best.model},
          {"evaluations", p.evaluations},
          {"mean_cost", p.mean_cost},
          {"se_cost", num_json(p.se_cost)}};
}

// Parameter importance in report.json: per parameter its ARD relevance and the Sobol indices of
// the cost GP's posterior mean.
json importance_document(const CostModelView& model, const json& parameters) {
  json document = json::object();
  for (std::size_t d = 0; d < parameters.size(); ++d) {
    document[parameters[d]["name"].get<std::string>()] = {
        {"ard_relevance", model.ard_relevance[d]},
        {"sobol_first_order", model.sobol_first_order[d]},
        {"sobol_total", model.sobol_total[d]}};
  }
  return document;
}

// statistics.csv and statistics.dat (the plot's z or error per statistic); returns the
// target-vs-fit table of report.json.
json write_statistics_exports(const StudyView& view) {
  const std::vector<StatisticRow>& rows = view.rows;
  json table = json::array();
  std::ostringstream statistics_csv, statistics_dat;
  statistics_csv << "statistic,target,normaliser,weight,fit_mean,fit_sd,error_mean,error_sd,"
                    "z_mean,z_sd\n";
  for (std::size_t j = 0; j < rows.size(); ++j) {
    const StatisticRow& r = rows[j];
    table.push_back({{"statistic", r.name},
                     {"target", num_json(r.target)},
                     {"normaliser", num_json(r.var)},
                     {"weight", num_json(r.weight)},
                     {"fit_mean", num_json(r.fit_mean)},
                     {"fit_sd", num_json(r.fit_sd)},
                     {"error_mean", num_json(r.error_mean)},
                     {"error_sd", num_json(r.error_sd)},
                     {"z_mean", num_json(r.z_mean)},
                     {"z_sd", num_json(r.z_sd)}});
    statistics_csv << r.name << "," << num(r.target) << "," << num(r.var) << "," << num(r.weight)
                   << "," << num(r.fit_mean) << "," << num(r.fit_sd) << "," << num(r.error_mean)
                   << "," << num(r.error_sd) << "," << num(r.z_mean) << "," << num(r.z_sd) << "\n";
    const bool has_target = std::isfinite(r.z_mean);
    statistics_dat << j << " " << r.name << " " << num(has_target ? r.z_mean : r.error_mean) << " "
                   << num(has_target ? r.z_sd : r.error_sd) << "\n";
  }
  base::write_text(view.dir + "/statistics.csv", statistics_csv.str());
  base::write_text(view.dir + "/statistics.dat", statistics_dat.str());
  return table;
}

}  // namespace

json write_study_report(const StudyStorage& storage, const ReportOptions& options) {
  base::make_directory(options.out_dir);
  const json study = storage.study();
  StudyView view;
  view.path = storage.path();
  view.dir = options.out_dir;
  view.parameters = study.at("parameters");
  view.evaluations = storage.evaluations();
  view.rounds = storage.rounds().size();
  const std::vector<std::string> error_names = study.at("error_names");
  const int min_replicates =
      study.contains("options") ? study["options"].value("min-replicates", 2) : 2;
  const std::vector<PointSummary> points = summarise_points(view.evaluations);
  view.points = points.size();
  view.incumbent = find_incumbent(points, min_replicates);
  if (options.point >= 0) {
    const auto chosen = std::find_if(points.begin(), points.end(), [&](const PointSummary& p) {
      return p.point == options.point;
    });
    if (chosen == points.end() || !chosen->feasible) {
      throw base::UsageError("--point", "study " + storage.path() + " has no feasible point " +
                                            std::to_string(options.point));
    }
    view.incumbent = *chosen;
    view.focus = "point " + std::to_string(options.point);
  }
  std::optional<CostFormula> composite;
  if (study_uses_composite_model(study)) composite = study_cost_formula(study);
  view.cost_model =
      cost_model_view(view.parameters, view.evaluations, points, composite ? &*composite : nullptr);
  for (const auto& e : view.evaluations) {
    view.feasible += e.feasible;
    view.screened_out += e.stage == EvaluationStage::kScreen;
  }
  view.elapsed_s = view.evaluations.empty() ? 0.0 : view.evaluations.back().elapsed_s;
  view.in_minutes = view.elapsed_s >= 120.0;
  if (view.incumbent) view.rows = statistic_rows(study, *view.incumbent, view.evaluations);

  json report;
  report["study"] = storage.path();
  report["kind"] = study.value("kind", std::string("unknown"));
  report["config"] =
      study.contains("effective_config") ? study["effective_config"]["name"] : json(nullptr);
  report["target_name"] = study.value("target_name", std::string());
  report["evaluations"] = view.evaluations.size();
  report["rounds"] = view.rounds;
  report["points"] = view.points;
  report["feasible_evaluations"] = view.feasible;
  report["screen_rejections"] = view.screened_out;
  report["elapsed_s"] = view.elapsed_s;

  write_evaluation_exports(view, error_names, best_trace(view.evaluations, min_replicates));
  report["focus"] = view.focus;  // what "incumbent", "statistics" and "raster" describe
  report["incumbent"] = view.incumbent ? incumbent_document(view) : json(nullptr);
  report["posterior_incumbent"] =
      view.cost_model && view.cost_model->incumbent
          ? posterior_incumbent_document(*view.cost_model->incumbent, view.parameters)
          : json(nullptr);
  report["parameter_importance"] =
      view.cost_model ? importance_document(*view.cost_model, view.parameters) : json(nullptr);
  report["statistics"] = write_statistics_exports(view);
  json raster = nullptr;
  if (view.incumbent && options.raster && report["kind"] == "simulation") {
    raster = resimulate_incumbent(study, *view.incumbent, view.evaluations, options);
  }
  report["raster"] = raster;

  std::vector<ReportFigure> figures = draw_study_plots(view, raster);
  report["pareto"] =
      study.contains("objectives") ? write_pareto_report(view, study, figures) : json(nullptr);
  base::write_text(view.dir + "/report.html", study_report_html(view, report, figures));
  json figure_list = json::array();
  for (const auto& f : figures) figure_list.push_back(f.png);
  report["figures"] = figure_list;
  base::write_text(view.dir + "/report.json", report.dump(2) + "\n");
  return report;
}

}  // namespace spikefit::experiments
