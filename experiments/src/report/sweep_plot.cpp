#include "spikefit/experiments/report/sweep_plot.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "spikefit/base/config_error.hpp"
#include "spikefit/base/text_files.hpp"
#include "spikefit/base/usage_error.hpp"
#include "spikefit/experiments/report/gnuplot.hpp"

namespace spikefit::experiments {

namespace {

std::string num(double v, int digits = 4) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.*g", digits, v);
  return buffer;
}

std::string file_stem(const std::string& statistic) {
  std::string stem = "sweep_" + statistic;
  for (char& c : stem) {
    const bool keep =
        std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
    if (!keep) c = '_';
  }
  return stem;
}

// gnuplot single-quoted string (a quote is doubled).
std::string quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

std::string tics(const GridAxis& axis) {
  std::string out = "(";
  for (std::size_t i = 0; i < axis.values.size(); ++i) {
    out += (i ? ", " : "") + quoted(num(axis.values[i], 6)) + " " + std::to_string(i);
  }
  return out + ")";
}

}  // namespace

std::vector<std::string> plot_sweep(const SweepResult& result, const std::string& statistic,
                                    const std::string& dir) {
  const std::vector<std::string> names = result.statistic_names();
  if (std::find(names.begin(), names.end(), statistic) == names.end()) {
    std::string known;
    for (const auto& n : names) known += (known.empty() ? "" : ", ") + n;
    throw base::UsageError("--plot " + statistic,
                           "is not a statistic of the sweep (it has: " + known + ")");
  }
  const std::string stem = file_stem(statistic);
  const std::string replicates = std::to_string(result.seeds.size());
  std::ostringstream dat;
  for (const SweepCell& c : result.cells) {
    const auto it = c.statistics.find(statistic);
    const StatisticSummary s =
        it == c.statistics.end() ? StatisticSummary{NAN, NAN, 0} : it->second;
    std::string label = "no feasible run";
    if (s.n > 0) label = num(s.mean, 3) + (std::isfinite(s.se) ? " ± " + num(s.se, 2) : "");
    if (result.axes.size() == 2) {
      dat << c.index[0] << " " << c.index[1] << " " << (s.n > 0 ? num(s.mean, 10) : "NaN") << " \""
          << label << "\"\n";
    } else {
      dat << result.axes[0].values[c.index[0]] << " " << (s.n > 0 ? num(s.mean, 10) : "NaN") << " "
          << (std::isfinite(s.se) ? num(s.se, 10) : "0") << "\n";
    }
  }
  base::write_text(dir + "/" + stem + ".dat", dat.str());

  std::ostringstream body;
  body << "set datafile missing 'NaN'\n"
       << "set title " << quoted(statistic + ": mean ± SE of " + replicates + " replicates") << "\n"
       << "set xlabel " << quoted(result.axes[0].name) << "\n";
  if (result.axes.size() == 2) {
    const GridAxis& x = result.axes[0];
    const GridAxis& y = result.axes[1];
    body << "set ylabel " << quoted(y.name) << "\n"
         << "set xrange [-0.5:" << static_cast<double>(x.values.size()) - 0.5 << "]\n"
         << "set yrange [-0.5:" << static_cast<double>(y.values.size()) - 0.5 << "]\n"
         << "set xtics " << tics(x) << "\nset ytics " << tics(y) << "\n"
         << "set cblabel " << quoted(statistic) << "\n"
         << "set palette defined (0 '#440154', 0.25 '#3b528b', 0.5 '#21918c', 0.75 '#5ec962', "
            "1 '#fde725')\n"
         << "set style fill solid 1.0 noborder\n"
         << "plot " << quoted(stem + ".dat")
         << " using 1:2:(0.5):(0.5):3 with boxxyerror fillcolor palette notitle, \\\n"
         << "     '' using 1:2:4 with labels font 'Sans,9' textcolor rgb 'black' notitle\n";
  } else {
    body << "set ylabel " << quoted(statistic) << "\nset grid\n"
         << "plot " << quoted(stem + ".dat") << " using 1:2:3 with yerrorlines pointtype 7 title "
         << quoted(statistic) << "\n";
  }
  const int height = result.axes.size() == 2 ? 620 : 480;
  return render_plot(dir, stem, body.str(), 900, height);
}

}  // namespace spikefit::experiments
