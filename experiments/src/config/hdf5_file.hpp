#pragma once

#include <hdf5.h>

#include <cstdint>
#include <string>
#include <vector>

#include "spikefit/base/config_error.hpp"

namespace spikefit::experiments {

// A read-only HDF5 file through the C API, for the recorded-data readers. Objects are named by
// their absolute path inside the file ("/units/spike_times"); every failure is a ConfigError
// naming "<file>:<object>" and the reason. Library error printing is switched off.
class Hdf5File {
 public:
  explicit Hdf5File(const std::string& path);
  ~Hdf5File();
  Hdf5File(const Hdf5File&) = delete;
  Hdf5File& operator=(const Hdf5File&) = delete;

  // Whether the object exists (every link on the way included).
  bool has(const std::string& object) const;
  // The extents of a dataset: {n} for 1-D, {rows, columns} for 2-D.
  std::vector<uint64_t> shape(const std::string& dataset) const;
  // A whole numeric dataset converted to double / int64, in storage (row-major) order; at most
  // max_recorded_values() values (config/spike_data.hpp).
  std::vector<double> read_doubles(const std::string& dataset) const;
  std::vector<int64_t> read_integers(const std::string& dataset) const;
  // A 1-D dataset of object references: the path of each referenced object.
  std::vector<std::string> read_reference_paths(const std::string& dataset) const;

  base::ConfigError error(const std::string& object, const std::string& reason) const;

 private:
  hid_t open_dataset(const std::string& dataset) const;  // closed by the caller
  // The number of values of a dataset of these extents; refuses more than max_recorded_values().
  std::size_t value_count(const std::string& dataset, const std::vector<uint64_t>& dims) const;
  // Refuses a dataset whose stored bytes cannot hold its values (fill values of a dataset never
  // written, or a damaged file): reading those makes HDF5 take memory for every missing chunk.
  void check_stored(hid_t set, const std::string& dataset, std::size_t values) const;
  template <typename T>
  std::vector<T> read_numeric(const std::string& dataset, hid_t memory_type) const;

  std::string path_;
  hid_t file_ = H5I_INVALID_HID;
};

}  // namespace spikefit::experiments
