#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

#include "spikefit/experiments/benchmark/scale_cell.hpp"
#include "spikefit/experiments/config/model_config.hpp"

namespace spikefit::experiments {

// What every cell of a scaling study shares.
struct ScaleSetup {
  ModelConfig config;           // loaded, with --set and --duration-ms applied
  std::string backend = "cpu";  // auto | cpu | cuda
  std::string storage;          // network.connectivity_storage of every cell; "": the config's
  uint64_t seed = 1;            // trial k of every cell uses base::trial_seed(seed, k)
};

// The bound network document of a cell: network.size_factor set unless it is 1 and
// network.connectivity_storage set when `storage` is given (the balanced model's keys).
nlohmann::json scale_cell_network(const ModelConfig& config, double size_factor,
                                  const std::string& storage);

// Runs one cell in a forked child process, so that its peak memory is its own (wait4's
// ru_maxrss), and returns what it measured; the child sends it back through a pipe as JSON.
// Never throws for the cell: a trial that ran away or failed, an error, or a child killed (e.g. by
// the out-of-memory killer) gives a cell with that status and reason. The parent must not have
// started CUDA or OpenMP threads (a forked child cannot use them).
ScaleCell run_scale_cell(const ScaleSetup& setup, const ScaleCellSpec& spec);

// The same measurements in this process (what the child runs): throws on an error.
ScaleCell measure_scale_cell(const ScaleSetup& setup, const ScaleCellSpec& spec);

}  // namespace spikefit::experiments
