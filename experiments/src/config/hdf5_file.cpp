#include "hdf5_file.hpp"

#include "spikefit/experiments/config/spike_data.hpp"

namespace spikefit::experiments {

namespace {

// Closes an HDF5 identifier with its kind's close function when it goes out of scope.
class Handle {
 public:
  Handle(hid_t id, herr_t (*close)(hid_t)) : id_(id), close_(close) {}
  ~Handle() {
    if (id_ >= 0) close_(id_);
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  hid_t get() const { return id_; }

 private:
  hid_t id_;
  herr_t (*close_)(hid_t);
};

}  // namespace

Hdf5File::Hdf5File(const std::string& path) : path_(path) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  if (H5Fis_hdf5(path.c_str()) <= 0) throw base::ConfigError(path, "is not an HDF5 file");
  file_ = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (file_ < 0) throw base::ConfigError(path, "cannot open the HDF5 file");
}

Hdf5File::~Hdf5File() {
  H5Fclose(file_);
}

base::ConfigError Hdf5File::error(const std::string& object, const std::string& reason) const {
  return base::ConfigError(path_ + ":" + object, reason);
}

bool Hdf5File::has(const std::string& object) const {
  // H5Lexists needs every link before the last to exist: check the path one link at a time.
  for (std::size_t slash = object.find('/', 1);; slash = object.find('/', slash + 1)) {
    const std::string prefix = object.substr(0, slash);
    if (H5Lexists(file_, prefix.c_str(), H5P_DEFAULT) <= 0) return false;
    if (slash == std::string::npos) return true;
  }
}

hid_t Hdf5File::open_dataset(const std::string& dataset) const {
  if (!has(dataset)) throw error(dataset, "missing");
  H5O_info_t info;
  if (H5Oget_info_by_name(file_, dataset.c_str(), &info, H5P_DEFAULT) < 0 ||
      info.type != H5O_TYPE_DATASET) {
    throw error(dataset, "is not a dataset");
  }
  const hid_t id = H5Dopen2(file_, dataset.c_str(), H5P_DEFAULT);
  if (id < 0) throw error(dataset, "cannot open the dataset");
  return id;
}

std::vector<uint64_t> Hdf5File::shape(const std::string& dataset) const {
  const Handle set(open_dataset(dataset), H5Dclose);
  const Handle space(H5Dget_space(set.get()), H5Sclose);
  const int rank = H5Sget_simple_extent_ndims(space.get());
  if (rank < 1 || rank > 2) {
    throw error(dataset, "has " + std::to_string(rank) + " dimensions, expected 1 or 2");
  }
  hsize_t dims[2] = {0, 0};
  H5Sget_simple_extent_dims(space.get(), dims, nullptr);
  return std::vector<uint64_t>(dims, dims + rank);
}

std::size_t Hdf5File::value_count(const std::string& dataset,
                                  const std::vector<uint64_t>& dims) const {
  uint64_t n = 1;
  for (const uint64_t d : dims) {
    if (d != 0 && n > max_recorded_values() / d) {
      throw error(dataset, "holds more than " + std::to_string(max_recorded_values()) +
                               " values, more than spikefit reads from one dataset");
    }
    n *= d;
  }
  return static_cast<std::size_t>(n);
}

void Hdf5File::check_stored(hid_t set, const std::string& dataset, std::size_t values) const {
  const Handle type(H5Dget_type(set), H5Tclose);
  const Handle plist(H5Dget_create_plist(set), H5Pclose);
  const double needed = static_cast<double>(values) * static_cast<double>(H5Tget_size(type.get()));
  const double stored = static_cast<double>(H5Dget_storage_size(set));
  // Compressed (filtered) chunks may hold up to deflate's most, about 1032 : 1.
  const double most = H5Pget_nfilters(plist.get()) > 0 ? 1032.0 * stored : stored;
  if (values > 0 && needed > most) {
    throw error(dataset, "holds " + std::to_string(values) + " values in " +
                             std::to_string(static_cast<uint64_t>(stored)) +
                             " bytes of the file: it is damaged or was never written");
  }
}

template <typename T>
std::vector<T> Hdf5File::read_numeric(const std::string& dataset, hid_t memory_type) const {
  std::vector<uint64_t> dims = shape(dataset);
  const Handle set(open_dataset(dataset), H5Dclose);
  const Handle type(H5Dget_type(set.get()), H5Tclose);
  const H5T_class_t kind = H5Tget_class(type.get());
  if (kind != H5T_INTEGER && kind != H5T_FLOAT) throw error(dataset, "is not numeric");
  const std::size_t n = value_count(dataset, dims);
  check_stored(set.get(), dataset, n);
  std::vector<T> values(n);
  if (!values.empty() &&
      H5Dread(set.get(), memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) < 0) {
    throw error(dataset, "cannot be read as numbers");
  }
  return values;
}

std::vector<double> Hdf5File::read_doubles(const std::string& dataset) const {
  return read_numeric<double>(dataset, H5T_NATIVE_DOUBLE);
}

std::vector<int64_t> Hdf5File::read_integers(const std::string& dataset) const {
  return read_numeric<int64_t>(dataset, H5T_NATIVE_INT64);
}

std::vector<std::string> Hdf5File::read_reference_paths(const std::string& dataset) const {
  const std::vector<uint64_t> dims = shape(dataset);
  const Handle set(open_dataset(dataset), H5Dclose);
  const Handle type(H5Dget_type(set.get()), H5Tclose);
  if (H5Tget_class(type.get()) != H5T_REFERENCE) throw error(dataset, "holds no object references");
  const std::size_t n = value_count(dataset, {dims[0]});
  check_stored(set.get(), dataset, n);
  std::vector<hobj_ref_t> refs(n);
  if (!refs.empty() &&
      H5Dread(set.get(), H5T_STD_REF_OBJ, H5S_ALL, H5S_ALL, H5P_DEFAULT, refs.data()) < 0) {
    throw error(dataset, "cannot read its object references");
  }
  std::vector<std::string> paths;
  for (hobj_ref_t& ref : refs) {
    const Handle object(H5Rdereference2(set.get(), H5P_DEFAULT, H5R_OBJECT, &ref), H5Oclose);
    if (object.get() < 0) throw error(dataset, "holds a reference to no object");
    // HDF5 1.10 writes past a buffer of one byte for an object it finds no name for.
    const ssize_t length = H5Iget_name(object.get(), nullptr, 0);
    if (length <= 0) throw error(dataset, "holds a reference to an object without a path");
    std::string name(static_cast<std::size_t>(length), '\0');
    H5Iget_name(object.get(), name.data(), name.size() + 1);
    paths.push_back(name);
  }
  return paths;
}

}  // namespace spikefit::experiments
