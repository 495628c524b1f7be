#include "spikefit/experiments/config/mat_spike_data.hpp"

#include <matio.h>

#include <cstdint>
#include <memory>
#include <vector>

#include "spikefit/base/config_error.hpp"
#include "spikefit/base/text_files.hpp"
#include "spikefit/base/usage_error.hpp"
#include "spikefit/experiments/config/spike_data.hpp"

namespace spikefit::experiments {

namespace {

struct MatCloser {
  void operator()(mat_t* mat) const { Mat_Close(mat); }
};
struct VarFreer {
  void operator()(matvar_t* var) const { Mat_VarFree(var); }
};

// The number of elements of a variable (values or cells); refuses more than max_recorded_values().
std::size_t value_count(const matvar_t& var, const std::string& where) {
  std::size_t n = 1;
  for (int d = 0; d < var.rank; ++d) {
    if (var.dims[d] != 0 && n > max_recorded_values() / var.dims[d]) {
      throw base::ConfigError(where, "holds more than " + std::to_string(max_recorded_values()) +
                                         " values, more than spikefit reads from one variable");
    }
    n *= var.dims[d];
  }
  return n;
}

// The n values of var.data; a damaged file's dimensions may promise more than matio read.
template <typename T>
std::vector<double> widen(const matvar_t& var, std::size_t n, const std::string& where) {
  if (n > var.nbytes / sizeof(T)) {
    throw base::ConfigError(where, "holds " + std::to_string(var.nbytes / sizeof(T)) +
                                       " values, its dimensions " + std::to_string(n));
  }
  const T* data = static_cast<const T*>(var.data);
  return std::vector<double>(data, data + n);
}

// A real numeric variable's values in MATLAB's column-major order; throws naming `where`.
std::vector<double> numeric_values(const matvar_t& var, const std::string& where) {
  if (var.isComplex) throw base::ConfigError(where, "is complex");
  if (var.class_type == MAT_C_SPARSE) throw base::ConfigError(where, "is sparse");
  const std::size_t n = value_count(var, where);
  if (n > 0 && var.data == nullptr) throw base::ConfigError(where, "holds no data");
  switch (var.class_type) {
    case MAT_C_DOUBLE:
      return widen<double>(var, n, where);
    case MAT_C_SINGLE:
      return widen<float>(var, n, where);
    case MAT_C_INT8:
      return widen<int8_t>(var, n, where);
    case MAT_C_UINT8:
      return widen<uint8_t>(var, n, where);
    case MAT_C_INT16:
      return widen<int16_t>(var, n, where);
    case MAT_C_UINT16:
      return widen<uint16_t>(var, n, where);
    case MAT_C_INT32:
      return widen<int32_t>(var, n, where);
    case MAT_C_UINT32:
      return widen<uint32_t>(var, n, where);
    case MAT_C_INT64:
      return widen<int64_t>(var, n, where);
    case MAT_C_UINT64:
      return widen<uint64_t>(var, n, where);
    default:
      throw base::ConfigError(where, "is neither a numeric matrix nor a cell array");
  }
}

// A 2-D count matrix [neurons x bins].
engine::TrialRecording count_matrix(const matvar_t& var, const std::string& where, double bin_ms) {
  if (var.rank != 2) {
    throw base::ConfigError(where, "has " + std::to_string(var.rank) +
                                       " dimensions, expected a [neurons x bins] matrix");
  }
  const std::vector<double> values = numeric_values(var, where);
  const std::size_t neurons = var.dims[0], bins = var.dims[1];
  if (neurons == 0 || bins == 0) throw base::ConfigError(where, "is empty");
  std::vector<std::vector<double>> rows(neurons, std::vector<double>(bins));
  for (std::size_t j = 0; j < neurons; ++j) {
    for (std::size_t b = 0; b < bins; ++b) {
      const double v = values[b * neurons + j];
      if (!is_spike_count(v)) {
        throw base::ConfigError(
            where + "(" + std::to_string(j + 1) + "," + std::to_string(b + 1) + ")",
            base::number_text(v) + " is not a spike count (integer 0..65535)");
      }
      rows[j][b] = v;
    }
  }
  return recording_from_counts(rows, bin_ms);
}

// A cell array of spike-time vectors (ms), one cell per neuron.
engine::TrialRecording spike_time_cells(matvar_t& var, const std::string& where, double bin_ms,
                                        const std::optional<std::pair<double, double>>& window) {
  if (!window) {
    throw base::UsageError("--t-stop-ms", "is required with a cell array of spike times");
  }
  const std::size_t cells = value_count(var, where);
  if (cells == 0) throw base::ConfigError(where, "is an empty cell array");
  std::vector<std::vector<double>> trains_ms;
  for (std::size_t k = 0; k < cells; ++k) {
    const std::string cell_where = where + "{" + std::to_string(k + 1) + "}";
    const matvar_t* cell = Mat_VarGetCell(&var, static_cast<int>(k));
    if (cell == nullptr) throw base::ConfigError(cell_where, "cannot be read");
    if (cell->rank > 2 || (cell->rank == 2 && cell->dims[0] > 1 && cell->dims[1] > 1)) {
      throw base::ConfigError(cell_where, "is not a vector of spike times");
    }
    trains_ms.push_back(cell->class_type == MAT_C_EMPTY ? std::vector<double>{}
                                                        : numeric_values(*cell, cell_where));
  }
  try {
    return recording_from_spike_trains(std::move(trains_ms), bin_ms, window->first, window->second);
  } catch (const base::ConfigError& e) {
    throw base::ConfigError(where, e.what());
  }
}

}  // namespace

engine::TrialRecording read_mat_recording(
    const std::string& path, const std::string& variable, double bin_ms,
    const std::optional<std::pair<double, double>>& window_ms) {
  const std::unique_ptr<mat_t, MatCloser> mat(Mat_Open(path.c_str(), MAT_ACC_RDONLY));
  if (!mat) throw base::ConfigError(path, "is not a MATLAB file matio can read");
  const std::unique_ptr<matvar_t, VarFreer> var(Mat_VarRead(mat.get(), variable.c_str()));
  const std::string where = path + ":" + variable;
  if (!var) throw base::ConfigError(where, "no such variable in the file");
  if (var->class_type == MAT_C_CELL) return spike_time_cells(*var, where, bin_ms, window_ms);
  return count_matrix(*var, where, bin_ms);
}

}  // namespace spikefit::experiments
