#include "spikefit/experiments/evaluation/model_registry.hpp"

#include <functional>
#include <memory>
#include <utility>

#include "spikefit/base/config_error.hpp"

namespace spikefit::experiments {

// models/<model>_model.cpp
std::unique_ptr<Model> make_balanced_model();
std::unique_ptr<Model> make_basal_ganglia_model();

namespace {

// One line per model; the first is the default of a config without "model".
const std::vector<std::unique_ptr<Model>>& registry() {
  static const std::vector<std::unique_ptr<Model>> models = [] {
    std::vector<std::unique_ptr<Model>> m;
    m.push_back(make_balanced_model());
    m.push_back(make_basal_ganglia_model());
    return m;
  }();
  return models;
}

}  // namespace

bool has_model(const std::string& name) {
  for (const auto& m : registry()) {
    if (m->name() == name) return true;
  }
  return false;
}

const Model& find_model(const std::string& name) {
  for (const auto& m : registry()) {
    if (m->name() == name) return *m;
  }
  const std::vector<std::string> names = model_names();
  std::string known;
  for (std::size_t k = 0; k < names.size(); ++k) {
    known += (k == 0 ? "" : k + 1 == names.size() ? " or " : ", ") + names[k];
  }
  throw base::ConfigError("model", "must be " + known + ", got '" + name + "'");
}

std::vector<std::string> model_names() {
  std::vector<std::string> names;
  for (const auto& m : registry()) names.push_back(m->name());
  return names;
}

const std::string& default_model_name() {
  static const std::string name = registry().front()->name();
  return name;
}

}  // namespace spikefit::experiments
