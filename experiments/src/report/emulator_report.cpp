#include "spikefit/experiments/report/emulator_report.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "report_format.hpp"
#include "spikefit/base/text_files.hpp"
#include "spikefit/experiments/report/gnuplot.hpp"

namespace spikefit::experiments {

using report_format::html_escape;
using report_format::num;

namespace {

constexpr std::size_t kMaxPlotted = 16;

std::string quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

std::string scatter_body(const std::string& dir, const HeldOutPredictions& h) {
  const std::size_t shown = std::min(kMaxPlotted, h.columns.size());
  const auto cols = static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(shown))));
  const std::size_t rows = (shown + cols - 1) / cols;
  std::ostringstream body;
  body << "set multiplot layout " << rows << "," << cols << "\nset grid\nunset key\n"
       << "set xlabel 'simulated'\nset ylabel 'predicted'\n";
  for (std::size_t c = 0; c < shown; ++c) {
    std::ostringstream dat;
    const auto column = static_cast<int64_t>(c);
    double low = INFINITY, high = -INFINITY;
    for (int64_t i = 0; i < h.y.size(0); ++i) {
      const double y = h.y[i][column].item<double>();
      const double m = h.mean[i][column].item<double>();
      const double half = 1.6448536269514722 * std::sqrt(h.variance[i][column].item<double>());
      dat << num(y, 10) << " " << num(m, 10) << " " << num(half, 10) << "\n";
      low = std::min({low, y, m});
      high = std::max({high, y, m});
    }
    const std::string file = "scatter_" + std::to_string(c) + ".dat";
    base::write_text(dir + "/" + file, dat.str());
    body << "set title " << quoted(h.columns[c]) << "\n"
         << "plot " << quoted(file)
         << " using 1:2:3 with yerrorbars pointtype 7 pointsize 0.3 linecolor rgb '#3b528b', "
         << "[" << num(low, 10) << ":" << num(high, 10) << "] x with lines linecolor rgb "
         << "'#d62728'\n";
  }
  body << "unset multiplot\n";
  return body.str();
}

std::string learning_curve_body(const std::string& dir, const std::vector<TrainingRun>& runs) {
  std::ostringstream dat;
  const std::size_t shown = std::min(kMaxPlotted, runs.front().outputs.size());
  for (const TrainingRun& r : runs) {
    dat << r.size;
    for (std::size_t c = 0; c < shown; ++c) {
      dat << " " << num(r.outputs[c].metrics.r2, 10) << " " << num(r.outputs[c].metrics.nlpd, 10);
    }
    dat << "\n";
  }
  base::write_text(dir + "/learning_curve.dat", dat.str());
  std::ostringstream body;
  body << "set datafile missing 'NaN'\nset multiplot layout 1,2\nset grid\nset logscale x\n"
       << "set key outside bottom center horizontal font ',8'\nset xlabel 'training rows'\n";
  for (const auto& [metric, offset] : {std::pair<const char*, int>{"held-out R^2", 2},
                                       std::pair<const char*, int>{"held-out NLPD", 3}}) {
    body << "set title '" << metric << "'\nplot ";
    for (std::size_t c = 0; c < shown; ++c) {
      body << (c ? ", " : "") << "'learning_curve.dat' using 1:" << offset + 2 * c
           << " with linespoints pointtype 7 title " << quoted(runs.front().outputs[c].column);
    }
    body << "\n";
  }
  body << "unset multiplot\n";
  return body.str();
}

}  // namespace

std::string write_emulator_report(const std::string& dir, const nlohmann::json& evaluation,
                                  const HeldOutPredictions& held_out,
                                  const std::vector<TrainingRun>& learning_curve) {
  base::make_directory(dir);
  base::write_text(dir + "/evaluation.json", evaluation.dump(2) + "\n");
  std::vector<std::string> images;
  if (gnuplot_available()) {
    const std::size_t shown = std::min(kMaxPlotted, held_out.columns.size());
    const int side = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(shown))));
    images.push_back(render_plot(dir, "predicted_vs_simulated", scatter_body(dir, held_out),
                                 320 * side, 280 * side)[1]);
    if (learning_curve.size() > 1) {
      images.push_back(render_plot(dir, "learning_curve", learning_curve_body(dir, learning_curve),
                                   1200, 520)[1]);
    }
  }
  std::ostringstream html;
  html << "<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>spikefit emulator: "
       << html_escape(evaluation.value("model_file", "")) << "</title>\n<style>body{font-family:"
       << "sans-serif;max-width:1300px}table{border-collapse:collapse}td,th{border:1px solid #ccc;"
       << "padding:2px 8px;text-align:right}</style></head><body>\n"
       << "<h1>spikefit emulator</h1>\n<p>Model <b>" << html_escape(evaluation.value("model", ""))
       << "</b> trained on <code>" << html_escape(evaluation.value("dataset", ""))
       << "</code> (hash " << html_escape(evaluation.value("dataset_hash", "")) << "), "
       << evaluation.value("rows", 0) << " usable trials.</p>\n";
  const nlohmann::json& held = evaluation.at("evaluation");
  html << "<h2>Held-out evaluation</h2>\n<p>" << held.value("test_rows", 0) << " test trials ("
       << html_escape(evaluation.value("split", "")) << "), trained on "
       << held.value("training_rows", 0) << " rows per split in "
       << num(held.value("train_s", 0.0), 3)
       << " s.</p>\n<table><tr><th>output</th><th>R²</th><th>RMSE</th><th>NLPD</th><th>50% "
       << "coverage</th><th>90% coverage</th></tr>\n";
  for (const auto& [name, m] : held.at("outputs").items()) {
    const auto cell = [&](const char* key) {
      return m[key].is_null() ? std::string("-") : num(m[key].get<double>(), 4);
    };
    html << "<tr><td style='text-align:left'>" << html_escape(name) << "</td><td>" << cell("r2")
         << "</td><td>" << cell("rmse") << "</td><td>" << cell("nlpd") << "</td><td>"
         << cell("coverage50") << "</td><td>" << cell("coverage90") << "</td></tr>\n";
  }
  html << "</table>\n";
  for (const std::string& image : images) {
    const std::string name = image.substr(image.find_last_of('/') + 1);
    html << "<p><img src='" << html_escape(name) << "' style='max-width:100%'></p>\n";
  }
  html << "<h2>Everything measured</h2>\n<pre>" << html_escape(evaluation.dump(2))
       << "</pre>\n</body></html>\n";
  base::write_text(dir + "/index.html", html.str());
  return dir + "/index.html";
}

}  // namespace spikefit::experiments
