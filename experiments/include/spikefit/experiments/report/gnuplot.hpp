#pragma once

#include <string>
#include <vector>

namespace spikefit::experiments {

// Plots are drawn by gnuplot (Debian gnuplot-nox), run as a process on a generated script.

// True when `gnuplot` runs.
bool gnuplot_available();

// Writes <dir>/<stem>.gp with `body` (plot commands; data files named relative to dir) drawn once
// under a pngcairo and once under an svg terminal (so multiplots work), runs gnuplot in dir, and
// returns the two image paths. Throws with gnuplot's messages when it fails.
std::vector<std::string> render_plot(const std::string& dir, const std::string& stem,
                                     const std::string& body, int width = 900, int height = 560);

}  // namespace spikefit::experiments
