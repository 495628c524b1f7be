#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "report_format.hpp"
#include "spikefit/base/text_files.hpp"
#include "spikefit/experiments/report/front_document.hpp"
#include "spikefit/experiments/report/gnuplot.hpp"
#include "spikefit/experiments/study/study_front.hpp"
#include "study_view.hpp"

namespace spikefit::experiments {

using nlohmann::json;
using report_format::html_escape;
using report_format::num;

namespace {

// pareto.dat: one row per feasible point, "round on_front objective_1 .. objective_k" (the
// replicate means; round of its first evaluation).
void write_points(const StudyView& view, const json& front, const std::string& path) {
  std::map<int64_t, int64_t> first_round;
  for (const StoredEvaluation& e : view.evaluations) first_round.emplace(e.point, e.round);
  std::map<int64_t, bool> on_front;
  for (const auto& row : front) on_front[row.at("point").get<int64_t>()] = true;
  std::ostringstream dat;
  for (const ObjectivePoint& p : objective_points(view.evaluations)) {
    dat << first_round.at(p.summary.point) << " " << (on_front.count(p.summary.point) ? 1 : 0);
    for (double v : p.objectives) dat << " " << num(v, 10);
    dat << "\n";
  }
  base::write_text(path, dat.str());
}

// hypervolume.dat: "evaluations wall_time hypervolume" at the end of each round.
void write_trace(const StudyView& view, const std::vector<double>& reference,
                 const std::string& path) {
  std::ostringstream dat;
  for (const HypervolumeStep& step : hypervolume_trace(view.evaluations, reference)) {
    dat << step.evaluations << " " << num(step.elapsed_s / (view.in_minutes ? 60.0 : 1.0), 8) << " "
        << num(step.hypervolume, 10) << "\n";
  }
  base::write_text(path, dat.str());
}

std::string front_plot(const std::vector<std::string>& names) {
  const std::size_t k = names.size();
  std::ostringstream body;
  body << "set grid\nset logscale xy\nset palette rgb 33,13,10\nset cblabel 'round'\n";
  auto panel = [&](std::size_t a, std::size_t b, bool key) {
    const std::string x = std::to_string(3 + a), y = std::to_string(3 + b);
    body << "set xlabel '" << names[a] << "'\nset ylabel '" << names[b] << "'\n"
         << (key ? "set key top right box opaque\n" : "unset key\n") << "plot 'pareto.dat' u " << x
         << ":" << y << ":1 w p pt 7 ps 0.6 lc palette t 'points (colour: round)', '' u (($2==1)?$"
         << x << ":1/0):" << y << " w p pt 6 ps 1.4 lw 2 lc rgb '#d62728' t 'Pareto front'\n";
  };
  if (k == 2) {
    body << "set title 'Objectives of every feasible point (replicate means) and the front'\n";
    panel(0, 1, true);
    return body.str();
  }
  const std::size_t pairs = k * (k - 1) / 2, columns = pairs < 3 ? pairs : 3;
  body << "set multiplot layout " << (pairs + columns - 1) / columns << "," << columns
       << " title 'Pairs of objectives (replicate means); red: the Pareto front'\n";
  for (std::size_t a = 0; a < k; ++a) {
    for (std::size_t b = a + 1; b < k; ++b) panel(a, b, false);
  }
  body << "unset multiplot\n";
  return body.str();
}

}  // namespace

json write_pareto_report(const StudyView& view, const json& study,
                         std::vector<ReportFigure>& figures) {
  json doc = front_document(study, view.evaluations, view.path);
  std::vector<std::string> names;
  for (const auto& n : doc.at("objectives")) names.push_back(n.get<std::string>());
  write_points(view, doc.at("front"), view.dir + "/pareto.dat");
  write_trace(view, doc.at("reference_point").get<std::vector<double>>(),
              view.dir + "/hypervolume.dat");
  if (doc.at("front").empty()) return doc;
  const std::size_t pairs = names.size() * (names.size() - 1) / 2;
  const int height = names.size() == 2 ? 560 : 320 * static_cast<int>((pairs + 2) / 3);
  auto plot = [&](const std::string& stem, const std::string& caption, const std::string& body,
                  int h) {
    figures.push_back({render_plot(view.dir, stem, body, 900, h)[0], caption});
  };
  plot("pareto_front", names.size() == 2 ? "Pareto front" : "Pareto front, pairs of objectives",
       front_plot(names), height);
  const std::string hv = "set grid\nset key off\nset ylabel 'hypervolume'\n";
  plot("hypervolume_vs_evaluations", "Hypervolume of the front against evaluations",
       hv + "set xlabel 'evaluations'\nplot 'hypervolume.dat' u 1:3 w steps lw 2\n", 420);
  plot("hypervolume_vs_time", "Hypervolume of the front against wall time",
       hv + "set xlabel 'wall time (" + (view.in_minutes ? "min" : "s") +
           ")'\nplot 'hypervolume.dat' u 2:3 w steps lw 2\n",
       420);
  return doc;
}

std::string pareto_front_html(const json& pareto) {
  std::ostringstream html;
  const json& front = pareto.at("front");
  html << "<h2>Pareto front</h2>\n<p>" << front.size()
       << " non-dominated points by replicate means; hypervolume "
       << num(pareto.at("hypervolume").get<double>(), 6) << " against the reference point "
       << html_escape(pareto.at("reference_point").dump()) << ".</p>\n<table><tr><th>point</th>"
       << "<th>n</th>";
  for (const auto& n : pareto.at("objectives"))
    html << "<th>" << html_escape(n.get<std::string>()) << "</th>";
  if (!front.empty()) {
    for (const auto& [name, v] : front[0].at("parameters").items())
      html << "<th>" << html_escape(name) << "</th>";
    for (const auto& [name, v] : front[0].at("statistics").items())
      html << "<th>" << html_escape(name) << "</th>";
  }
  html << "</tr>\n";
  for (const auto& row : front) {
    html << "<tr><td>" << row.at("point") << "</td><td>" << row.at("evaluations") << "</td>";
    for (const auto& v : row.at("objectives")) html << "<td>" << num(v.get<double>(), 4) << "</td>";
    for (const auto& [name, v] : row.at("parameters").items())
      html << "<td>" << num(v.get<double>(), 5) << "</td>";
    for (const auto& [name, v] : row.at("statistics").items())
      html << "<td>" << num(v.get<double>(), 4) << "</td>";
    html << "</tr>\n";
  }
  html << "</table>\n";
  return html.str();
}

}  // namespace spikefit::experiments
