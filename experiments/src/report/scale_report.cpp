#include "spikefit/experiments/report/scale_report.hpp"

#include <cmath>
#include <cstdio>
#include <sstream>
#include <stdexcept>

#include "spikefit/base/text_files.hpp"
#include "spikefit/experiments/benchmark/scale_analysis.hpp"
#include "spikefit/experiments/benchmark/scale_cost_model.hpp"
#include "spikefit/experiments/report/gnuplot.hpp"

namespace spikefit::experiments {

namespace {

std::string num(double v, int digits = 10) {
  return base::number_text(v, digits);
}

std::string quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

// Log-log plot of one quantity of the size series against neurons, with fitted power laws.
// Returns "" when no series has a positive point (nothing to draw on log axes).
std::string size_plot_body(const std::vector<SizeSeries>& series, bool memory,
                           const std::string& dir, const std::string& stem) {
  std::ostringstream dat, plot, functions;
  int index = 0;
  for (std::size_t k = 0; k < series.size(); ++k) {
    const SizeSeries& s = series[k];
    const std::vector<double>& y = memory ? s.memory_bytes : s.wall_per_simulated_s;
    std::ostringstream block;
    int points = 0;
    for (std::size_t i = 0; i < s.neurons.size(); ++i) {
      if (!(y[i] > 0.0) || !std::isfinite(y[i])) continue;
      block << num(s.neurons[i]) << " " << num(y[i]) << "\n";
      ++points;
    }
    if (points == 0) continue;
    dat << block.str() << "\n\n";
    const PowerLawFit& f = memory ? s.memory_fit : s.wall_fit;
    const std::string label = "batch " + std::to_string(s.batch) + ", " +
                              std::to_string(s.threads) +
                              (s.threads == 1 ? " thread" : " threads") +
                              (f.defined ? ": exponent " + num(f.exponent, 3) : "");
    plot << (index ? ", \\\n     " : "plot ") << quoted(stem + ".dat") << " index " << index
         << " using 1:2 with points pointtype 7 linecolor " << index + 1 << " title "
         << quoted(label);
    if (f.defined) {
      functions << "f" << index << "(x) = " << num(f.prefactor, 17) << " * x**"
                << num(f.exponent, 17) << "\n";
      plot << ", \\\n     f" << index << "(x) with lines linecolor " << index + 1 << " notitle";
    }
    ++index;
  }
  if (index == 0) return "";
  base::write_text(dir + "/" + stem + ".dat", dat.str());
  std::ostringstream body;
  body << "set logscale xy\nset grid\nset key top left\nset xlabel 'neurons per trial'\n"
       << "set ylabel "
       << quoted(memory ? "peak host memory above baseline (bytes)"
                        : "wall seconds per simulated second")
       << "\nset title "
       << quoted(memory ? "Memory against network size" : "Wall time against network size") << "\n"
       << functions.str() << plot.str() << "\n";
  return body.str();
}

std::string strong_plot_body(const std::vector<StrongScaling>& strong, const std::string& dir) {
  std::ostringstream dat, plot;
  int max_threads = 1;
  for (std::size_t k = 0; k < strong.size(); ++k) {
    const StrongScaling& s = strong[k];
    for (std::size_t i = 0; i < s.threads.size(); ++i) {
      dat << s.threads[i] << " " << num(s.speedup[i]) << " " << num(s.efficiency[i]) << "\n";
      max_threads = std::max(max_threads, s.threads[i]);
    }
    dat << "\n\n";
    plot << (k ? ", \\\n     " : "plot ") << "'scale_strong.dat' index " << k
         << " using 1:2 with linespoints pointtype 7 title "
         << quoted("size " + num(s.size_factor, 4) + " (" + std::to_string(s.neurons) +
                   " neurons), batch " + std::to_string(s.batch));
  }
  base::write_text(dir + "/scale_strong.dat", dat.str());
  std::ostringstream body;
  body << "set grid\nset key top left\nset xlabel 'threads'\nset ylabel 'speed-up'\n"
       << "set title 'Strong scaling (fixed size)'\nset xrange [0.5:" << max_threads + 0.5 << "]\n"
       << plot.str() << ", \\\n     x with lines dashtype 2 linecolor 'gray' title 'ideal'\n";
  return body.str();
}

std::string weak_plot_body(const std::vector<WeakScaling>& weak, const std::string& dir) {
  std::ostringstream dat, plot;
  int max_threads = 1;
  for (std::size_t k = 0; k < weak.size(); ++k) {
    const WeakScaling& w = weak[k];
    for (std::size_t i = 0; i < w.threads.size(); ++i) {
      dat << w.threads[i] << " " << num(w.efficiency[i]) << "\n";
      max_threads = std::max(max_threads, w.threads[i]);
    }
    dat << "\n\n";
    plot << (k ? ", \\\n     " : "plot ") << "'scale_weak.dat' index " << k
         << " using 1:2 with linespoints pointtype 7 title "
         << quoted(num(w.neuron_trials_per_thread, 4) + " neuron-trials per thread");
  }
  base::write_text(dir + "/scale_weak.dat", dat.str());
  std::ostringstream body;
  body << "set grid\nset key bottom left\nset xlabel 'threads'\nset ylabel 'efficiency'\n"
       << "set title 'Weak scaling (work per thread fixed)'\nset yrange [0:*]\n"
       << "set xrange [0.5:" << max_threads + 0.5 << "]\n"
       << plot.str() << ", \\\n     1 with lines dashtype 2 linecolor 'gray' title 'ideal'\n";
  return body.str();
}

void add_plot(const std::string& dir, const std::string& stem, const std::string& body,
              std::vector<std::string>& written) {
  if (body.empty()) return;
  try {
    for (const std::string& path : render_plot(dir, stem, body)) written.push_back(path);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "spikefit: warning: plot %s left out: %s\n", stem.c_str(), e.what());
  }
}

std::size_t count_ok(const std::vector<ScaleCell>& cells) {
  std::size_t n = 0;
  for (const ScaleCell& c : cells) n += c.ok() ? 1 : 0;
  return n;
}

}  // namespace

void write_scale_cells(const std::string& dir, const nlohmann::json& header,
                       const std::vector<ScaleCell>& cells) {
  nlohmann::json doc = header;
  doc["cells"] = nlohmann::json::array();
  for (const ScaleCell& c : cells) doc["cells"].push_back(scale_cell_json(c));
  base::write_text(dir + "/cells.json", doc.dump(2) + "\n");
}

std::vector<std::string> write_scale_report(const std::string& dir, const nlohmann::json& header,
                                            const std::vector<ScaleCell>& cells) {
  std::vector<std::string> written;
  write_scale_cells(dir, header, cells);
  written.push_back(dir + "/cells.json");
  base::write_text(dir + "/cells.csv", scale_cells_csv(cells));
  written.push_back(dir + "/cells.csv");

  const ScaleAnalysis analysis = analyse_scale_cells(cells);
  const ScaleCostModel cost = fit_scale_cost_model(cells);
  nlohmann::json cost_json = cost_model_json(cost);
  base::write_text(dir + "/cost_model.json", cost_json.dump(2) + "\n");
  written.push_back(dir + "/cost_model.json");

  nlohmann::json summary = header;
  summary["cells"] = cells.size();
  summary["cells_ok"] = count_ok(cells);
  summary.update(scale_analysis_json(analysis));
  summary["cost_model"] = cost_json;
  base::write_text(dir + "/summary.json", summary.dump(2) + "\n");
  written.push_back(dir + "/summary.json");

  std::ostringstream text;
  text << count_ok(cells) << " of " << cells.size() << " cells finished\n"
       << scale_analysis_text(analysis);
  if (cost.defined) {
    text << "cost model (" << cost.fitted_on << "): t = " << num(cost.a_s, 4) << " s + "
         << num(cost.b_s_per_neuron_step, 4) << " s * N*steps + " << num(cost.c_s_per_event, 4)
         << " s * events; R² " << num(cost.r_squared, 4) << ", max relative error "
         << num(100 * cost.max_relative_error, 3) << "% over " << cost.cells << " cells"
         << (cost.rank < 3 ? " (rank " + std::to_string(cost.rank) +
                                 ": the cells do not separate the three terms)"
                           : "")
         << "\n";
  } else {
    text << "cost model: no finished cell to fit\n";
  }
  base::write_text(dir + "/summary.txt", text.str());
  written.push_back(dir + "/summary.txt");

  if (!gnuplot_available()) {
    std::fprintf(stderr,
                 "spikefit: warning: gnuplot not found: no plots (apt install gnuplot-nox)\n");
    return written;
  }
  add_plot(dir, "scale_wall", size_plot_body(analysis.sizes, false, dir, "scale_wall"), written);
  add_plot(dir, "scale_memory", size_plot_body(analysis.sizes, true, dir, "scale_memory"), written);
  if (!analysis.strong.empty()) {
    add_plot(dir, "scale_strong", strong_plot_body(analysis.strong, dir), written);
  }
  if (!analysis.weak.empty()) {
    add_plot(dir, "scale_weak", weak_plot_body(analysis.weak, dir), written);
  }
  return written;
}

}  // namespace spikefit::experiments
