#pragma once

// What the study report's parts share (private to report/): the study as read for the report and
// its target-vs-fit rows.

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "spikefit/experiments/study/cost_formula.hpp"
#include "spikefit/experiments/study/point_summary.hpp"
#include "spikefit/experiments/study/posterior_incumbent.hpp"
#include "spikefit/experiments/study/study_storage.hpp"

namespace spikefit::experiments {

// One row of the target-vs-fit table.
struct StatisticRow {
  std::string name;
  double target = std::nan("");  // scalar, or the first eigenvalue
  double var = std::nan("");
  double weight = std::nan("");
  double fit_mean = std::nan(""), fit_sd = std::nan("");      // over the incumbent's replicates
  double error_mean = std::nan(""), error_sd = std::nan("");  // per-statistic cost term d_j
  double z_mean = std::nan(""),
         z_sd = std::nan("");  // (fit - target) / sqrt(var); eigenspectrum: norm
};

// The study's model's posterior of log cost along one parameter, the others at the incumbent.
struct Marginal {
  std::vector<double> x;  // [kMarginalSteps] physical values over the parameter's range
  std::vector<double> log_cost_mean, log_cost_sd;
};

// What the study's model (fitted on every stored evaluation as a round fits it: the cost GP, or the
// composite model of a --model composite study) says about the study; the parameter importance
// is the cost GP's.
struct CostModelView {
  static constexpr int64_t kMarginalSteps = 61;
  std::optional<PosteriorIncumbent> incumbent;  // none without a feasible point
  std::vector<Marginal> marginals;              // [dims] through the incumbent; empty without
  // [dims] parameter importance (surrogate::parameter_importance): ARD relevance (1 / lengthscale,
  // summing to 1) and the Sobol indices of the posterior mean of the log cost
  std::vector<double> ard_relevance, sobol_first_order, sobol_total;
};

struct StudyView {
  std::string path;                           // the study file
  std::string dir;                            // the report folder
  nlohmann::json parameters;                  // [dims] {name, lower, upper}
  std::vector<StoredEvaluation> evaluations;  // in order of storing
  std::size_t rounds = 0, points = 0;
  int64_t feasible = 0, screened_out = 0;
  double elapsed_s = 0.0;
  bool in_minutes = false;  // time axes in minutes (long studies) or seconds
  // The point the report details (best parameters, statistics, raster): the incumbent, or the
  // point chosen with `report --point` (e.g. one picked from a Pareto front).
  std::optional<PointSummary> incumbent;
  std::string focus = "incumbent";          // "incumbent" or "point N"
  std::optional<CostModelView> cost_model;  // none with < 2 feasible rows
  std::vector<StatisticRow> rows;           // [statistics] of the incumbent, empty without one
};

// cost_model_view.cpp; `parameters` as in the study document; `composite` for a --model
// composite study. nullopt with < 2 feasible rows.
std::optional<CostModelView> cost_model_view(const nlohmann::json& parameters,
                                             const std::vector<StoredEvaluation>& rows,
                                             const std::vector<PointSummary>& points,
                                             const CostFormula* composite = nullptr);

struct ReportFigure {
  std::string png;  // path
  std::string caption;
};

// The report's plots (gnuplot PNG + SVG in view.dir): cost against evaluations and time,
// parameter traces, the statistic-by-statistic comparison, and the raster when `raster` is not
// null (report_plots.cpp).
std::vector<ReportFigure> draw_study_plots(const StudyView& view, const nlohmann::json& raster);

// pareto_report.cpp, for a multi-objective study (`fit --objectives`): pareto.dat (every feasible
// point's replicate-mean objectives, its first round, on the front or not), hypervolume.dat (after
// each round), and the plots: the front (2-D scatter coloured by round, or a scatter of each
// pair of objectives) and the hypervolume against evaluations and wall time, appended to
// `figures`. Returns report.json's "pareto" entry (front_document).
nlohmann::json write_pareto_report(const StudyView& view, const nlohmann::json& study,
                                   std::vector<ReportFigure>& figures);
// The report's table of front points (objectives, parameters, statistics) from that entry.
std::string pareto_front_html(const nlohmann::json& pareto);

// report.html, self-contained (report_html.cpp); `report` is report.json's content so far.
std::string study_report_html(const StudyView& view, const nlohmann::json& report,
                              const std::vector<ReportFigure>& figures);

}  // namespace spikefit::experiments
