#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "spikefit/experiments/benchmark/scale_cell.hpp"

namespace spikefit::experiments {

// The output folder of `spikefit scale`, written whole after the cells:
//   cells.json       {header fields..., "cells": [scale_cell_json]}
//   cells.csv        one line per cell (scale_cells_csv)
//   summary.json     header, counts, the analyses (benchmark/scale_analysis.hpp) and the cost model
//   summary.txt      the same as text
//   cost_model.json  the cost model (benchmark/scale_cost_model.hpp), what `fit --dry-run` reads
//   scale_wall.{png,svg}, scale_memory.{png,svg}: log-log against neurons with fitted exponents;
//   scale_strong.{png,svg}, scale_weak.{png,svg}: when the grid has such groups (gnuplot; the
//   plots are left out with a warning on stderr when gnuplot is missing or fails).
// Returns the paths written. `header` holds the study's settings (config, seed, grid, ...).
std::vector<std::string> write_scale_report(const std::string& dir, const nlohmann::json& header,
                                            const std::vector<ScaleCell>& cells);

// Writes cells.json alone (after every cell, so that a killed study keeps the cells done).
void write_scale_cells(const std::string& dir, const nlohmann::json& header,
                       const std::vector<ScaleCell>& cells);

}  // namespace spikefit::experiments
