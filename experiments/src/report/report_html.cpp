#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "report_format.hpp"
#include "spikefit/base/text_files.hpp"
#include "study_view.hpp"

namespace spikefit::experiments {

using nlohmann::json;
using report_format::base64;
using report_format::html_escape;
using report_format::num;

std::string study_report_html(const StudyView& view, const json& report,
                              const std::vector<ReportFigure>& figures) {
  const json& parameters = view.parameters;
  const std::size_t dims = parameters.size();
  const std::optional<PointSummary>& incumbent = view.incumbent;
  const std::vector<StatisticRow>& rows = view.rows;
  const json& raster = report["raster"];
  std::ostringstream html;
  html << "<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>spikefit report: "
       << html_escape(view.path) << "</title>\n<style>body{font-family:sans-serif;"
       << "max-width:960px;margin:2em auto;color:#222}table{border-collapse:collapse;margin:1em 0}"
       << "td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f0f0f0}"
       << "td:first-child{text-align:left}img{max-width:100%}</style></head><body>\n"
       << "<h1>spikefit fit report</h1>\n<p>Study <code>" << html_escape(view.path) << "</code>: "
       << html_escape(report["config"].is_null() ? std::string("-") : report["config"].dump())
       << " against target <b>" << html_escape(report["target_name"].get<std::string>()) << "</b>. "
       << view.evaluations.size() << " evaluations (" << view.feasible << " feasible, "
       << view.screened_out << " rejected by screening) of " << view.points << " points in "
       << view.rounds << " rounds, " << num(report["elapsed_s"].get<double>() / 60.0, 3)
       << " min of wall time.</p>\n";
  if (incumbent) {
    html << "<h2>" << (view.focus == "incumbent" ? "Best parameters" : "Chosen point")
         << "</h2>\n<p>" << (view.focus == "incumbent" ? "Incumbent" : "Chosen with --point")
         << " (point " << incumbent->point << ", judged on " << incumbent->evaluations
         << " replicates): cost <b>" << num(incumbent->mean_cost, 4) << "</b>";
    if (std::isfinite(incumbent->se_cost)) {
      html << " ± " << num(incumbent->se_cost, 2) << " (SE), sd " << num(incumbent->sd_cost, 2);
    }
    html << "; replicate costs " << html_escape(report["incumbent"]["replicate_costs"].dump())
         << ".</p>\n";
    const std::optional<PosteriorIncumbent> model_best =
        view.cost_model ? view.cost_model->incumbent : std::nullopt;
    if (model_best) {
      const PointSummary& p = model_best->point;
      const char* model_name =
          model_best->model == "composite" ? "composite model (one GP per statistic)" : "cost GP";
      html << "<p>Lowest posterior mean of the " << model_name
           << " over the feasible points (SNOPS's incumbent): point " << p.point << ", cost "
           << num(std::exp(model_best->log_cost_mean), 4) << " by the model (log-cost sd "
           << num(model_best->log_cost_sd, 2) << "), expected cost of a fresh run "
           << num(model_best->expected_cost, 4) << "; replicates: " << num(p.mean_cost, 4);
      if (std::isfinite(p.se_cost)) html << " ± " << num(p.se_cost, 2) << " (SE)";
      html << " over " << p.evaluations << ".</p>\n";
    }
    html << "<table><tr><th>parameter</th><th>value</th>"
         << (model_best ? "<th>posterior-mean incumbent</th>" : "") << "<th>range</th></tr>\n";
    for (std::size_t d = 0; d < dims; ++d) {
      html << "<tr><td>" << html_escape(parameters[d]["name"].get<std::string>()) << "</td><td>"
           << num(incumbent->x[d]) << "</td>";
      if (model_best) html << "<td>" << num(model_best->point.x[d]) << "</td>";
      html << "<td>[" << num(parameters[d]["lower"].get<double>()) << ", "
           << num(parameters[d]["upper"].get<double>()) << "]</td></tr>\n";
    }
    html << "</table>\n";
    if (view.cost_model) {
      html << "<p>Parameter importance by the cost GP (log cost): ARD relevance (1 / lengthscale, "
           << "summing to 1) and the Sobol indices of its posterior mean.</p>\n<table><tr>"
           << "<th>parameter</th><th>ARD relevance</th><th>Sobol first-order</th>"
           << "<th>Sobol total</th></tr>\n";
      for (std::size_t d = 0; d < dims; ++d) {
        html << "<tr><td>" << html_escape(parameters[d]["name"].get<std::string>()) << "</td><td>"
             << num(view.cost_model->ard_relevance[d], 3) << "</td><td>"
             << num(view.cost_model->sobol_first_order[d], 3) << "</td><td>"
             << num(view.cost_model->sobol_total[d], 3) << "</td></tr>\n";
      }
      html << "</table>\n";
    }
    html << "<h2>Target vs fit</h2>\n<table><tr><th>statistic</th><th>target</th>"
         << "<th>normaliser</th><th>fit mean</th><th>fit sd</th><th>error term d (mean)</th>"
         << "<th>d sd</th></tr>\n";
    for (const StatisticRow& r : rows) {
      html << "<tr><td>" << html_escape(r.name)
           << (r.name == "eigenspectrum" ? " (first eigenvalue)" : "") << "</td><td>"
           << num(r.target, 4) << "</td><td>" << num(r.var, 3) << "</td><td>" << num(r.fit_mean, 4)
           << "</td><td>" << num(r.fit_sd, 2) << "</td><td>" << num(r.error_mean, 3) << "</td><td>"
           << num(r.error_sd, 2) << "</td></tr>\n";
    }
    html << "</table>\n";
    if (!raster.is_null()) {
      html << "<p>Re-simulated from its stored seed: cost "
           << html_escape(raster["resimulated_cost"].dump()) << " (stored "
           << html_escape(raster["stored_cost"].dump()) << ").</p>\n";
    }
  } else {
    html << "<p>No feasible evaluation.</p>\n";
  }
  if (!report["pareto"].is_null()) html << pareto_front_html(report["pareto"]);
  html << "<h2>Plots</h2>\n";
  for (const auto& [png, caption] : figures) {
    html << "<figure><img alt='" << html_escape(caption) << "' src='data:image/png;base64,"
         << base64(base::read_text(png)) << "'><figcaption>" << html_escape(caption)
         << "</figcaption></figure>\n";
  }
  html << "<p>Exports: evaluations.csv, statistics.csv, marginals.dat, report.json; plots as PNG "
          "and SVG.</p>\n"
       << "</body></html>\n";
  return html.str();
}

}  // namespace spikefit::experiments
