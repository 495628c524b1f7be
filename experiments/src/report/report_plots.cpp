#include <cctype>
#include <sstream>
#include <string>
#include <vector>

#include "report_format.hpp"
#include "spikefit/experiments/report/gnuplot.hpp"
#include "study_view.hpp"

namespace spikefit::experiments {

using nlohmann::json;
using report_format::num;

namespace {

std::string capitalised(std::string text) {
  if (!text.empty()) text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  return text;
}

}  // namespace

std::vector<ReportFigure> draw_study_plots(const StudyView& view, const json& raster) {
  const std::string& dir = view.dir;
  const std::vector<StoredEvaluation>& evaluations = view.evaluations;
  const json& parameters = view.parameters;
  const std::size_t dims = parameters.size();
  const std::optional<PointSummary>& incumbent = view.incumbent;
  const std::vector<StatisticRow>& rows = view.rows;
  const bool in_minutes = view.in_minutes;
  std::vector<ReportFigure> figures;
  auto plot = [&](const std::string& stem, const std::string& caption, const std::string& body,
                  int height) {
    const auto files = render_plot(dir, stem, body, 900, height);
    figures.push_back({files[0], caption});
  };
  if (view.feasible > 0) {
    const std::string common =
        "set logscale y\nset grid\nset key top right box opaque\nset ylabel 'cost (log scale)'\n";
    const std::string series =
        " 'trace.dat' u {X}:3 w p pt 7 ps 0.7 lc rgb '#9a9a9a' t 'evaluation',"
        " '' u {X}:5 w steps lw 1.5 lc rgb '#1f77b4' t 'best single evaluation',"
        " '' u {X}:4 w steps lw 2.5 lc rgb '#d62728' t 'incumbent (replicate mean)',"
        " 1 w l dt 2 lc rgb 'black' t 'cost 1 (noise floor with measured normalisers)'";
    auto with_x = [&](const std::string& x) {
      std::string s = series;
      for (std::size_t p = s.find("{X}"); p != std::string::npos; p = s.find("{X}")) {
        s.replace(p, 3, x);
      }
      return s;
    };
    plot("cost_vs_evaluations", "Best cost against evaluations",
         common + "set xlabel 'evaluations'\nset title 'Cost against evaluations'\nplot" +
             with_x("1"),
         520);
    plot("cost_vs_time", "Best cost against wall time",
         common + "set xlabel 'wall time (" + (in_minutes ? "min" : "s") +
             ")'\nset title 'Cost against wall time'\nplot" + with_x("2"),
         520);
  }
  if (!evaluations.empty()) {
    std::ostringstream body;
    body << "set multiplot layout " << dims << ",1 title 'Parameter traces'\nset grid\n"
         << "set key outside right\n";
    for (std::size_t d = 0; d < dims; ++d) {
      const int column = 7 + static_cast<int>(d);
      body << "set ylabel '" << parameters[d]["name"].get<std::string>() << "'\n"
           << "set yrange [" << num(parameters[d]["lower"].get<double>()) << ":"
           << num(parameters[d]["upper"].get<double>()) << "]\n"
           << (d + 1 == dims ? "set xlabel 'evaluation'\n" : "unset xlabel\n")
           << "plot 'trace.dat' u 1:($6 == 1 ? $" << column
           << " : NaN) w p pt 7 ps 0.5 lc rgb '#1f77b4' t 'feasible', '' u 1:($6 == 0 ? $" << column
           << " : NaN) w p pt 2 ps 0.6 lc rgb '#d62728' t 'infeasible'";
      if (incumbent) {
        body << ", " << num(incumbent->x[d], 10) << " w l lw 2 lc rgb '#2ca02c' t '" << view.focus
             << "'";
      }
      body << "\nunset key\n";
    }
    body << "unset multiplot\n";
    plot("parameter_traces", "Parameter values proposed, in order of evaluation", body.str(),
         static_cast<int>(80 + 230 * dims));
  }
  if (view.cost_model && !view.cost_model->marginals.empty()) {
    const PointSummary& centre = view.cost_model->incumbent->point;
    std::ostringstream body;
    body << "set multiplot layout " << dims << ",1 title 'Cost GP along each parameter through "
         << "the posterior-mean incumbent (point " << centre.point << ")'\nset grid\n"
         << "set logscale y\nset ylabel 'cost (log scale)'\nset key top right opaque box\n";
    for (std::size_t d = 0; d < dims; ++d) {
      const std::string at = num(centre.x[d], 10);
      body << "set xlabel '" << parameters[d]["name"].get<std::string>() << "'\n"
           << "set xrange [" << num(parameters[d]["lower"].get<double>()) << ":"
           << num(parameters[d]["upper"].get<double>()) << "]\n"
           << "set arrow 1 from " << at << ", graph 0 to " << at
           << ", graph 1 nohead lc rgb '#2ca02c' lw 2\n"
           << "plot 'marginals.dat' index " << d
           << " u 1:3:4 w filledcurves lc rgb '#c6dbef' t 'posterior ±2 sd', '' index " << d
           << " u 1:2 w l lw 2 lc rgb '#1f77b4' t 'posterior mean'\nunset arrow 1\nunset key\n";
    }
    body << "unset multiplot\n";
    plot("marginals", "Cost GP along each parameter through the posterior-mean incumbent",
         body.str(), static_cast<int>(80 + 230 * dims));
  }
  if (!rows.empty()) {
    const bool has_target = std::isfinite(rows[0].z_mean);
    std::ostringstream body;
    body << "set grid ytics\nset style fill solid 0.55 border -1\nset boxwidth 0.6\n"
         << "set xrange [-0.6:" << static_cast<double>(rows.size()) - 0.4 << "]\nset key top left\n"
         << "set title '" << capitalised(view.focus)
         << " vs target, statistic by statistic (mean ± sd over " << incumbent->evaluations
         << " replicates)'\n";
    if (has_target) {
      body << "set ylabel '(fit - target) / sqrt(normaliser)'\n"
           << "plot 'statistics.dat' u 1:3:xtic(2) w boxes lc rgb '#1f77b4' t '" << view.focus
           << "', '' u 1:3:4 w yerrorbars pt 7 lc rgb 'black' t 'replicate sd',"
           << " 1 w l dt 2 lc rgb '#d62728' t '±1 (one normaliser sd)',"
           << " -1 w l dt 2 lc rgb '#d62728' notitle\n";
    } else {
      body << "set ylabel 'error term'\n"
           << "plot 'statistics.dat' u 1:3:xtic(2) w boxes lc rgb '#1f77b4' t '" << view.focus
           << "', '' u 1:3:4 w yerrorbars pt 7 lc rgb 'black' t 'replicate sd'\n";
    }
    plot("statistics",
         "Statistic-by-statistic comparison of the " + view.focus + " with the target", body.str(),
         520);
  }
  if (!raster.is_null()) {
    std::ostringstream body;
    body << "set xlabel 'time after burn-in (s)'\nset ylabel '"
         << raster["population"].get<std::string>() << " neuron'\nset title '"
         << capitalised(view.focus) << " network, re-simulated from trial seed "
         << raster["trial_seed"].get<std::string>()
         << "'\nset yrange [-1:" << raster["neurons"].get<uint32_t>()
         << "]\nset xrange [0:" << num(raster["window_ms"].get<double>() / 1000.0)
         << "]\nunset key\n"
         << "plot 'raster.dat' u 1:2 w dots lc rgb '#202020'\n";
    plot("raster",
         "Raster of the best network (first " + num(raster["window_ms"].get<double>()) +
             " ms after burn-in)",
         body.str(), 560);
  }

  return figures;
}

}  // namespace spikefit::experiments
