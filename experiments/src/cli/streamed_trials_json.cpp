#include "spikefit/experiments/cli/streamed_trials_json.hpp"

#include <cstdio>
#include <stdexcept>
#include <utility>

namespace spikefit::experiments {
namespace {

constexpr const char* kPlaceholder = "@@spikefit trials@@";

// `element` dumped with indent 2 as an element of a top-level array: every line 4 spaces in.
std::string array_element_text(const nlohmann::json& element) {
  std::string text = "    ";
  for (const char c : element.dump(2)) {
    text += c;
    if (c == '\n') text += "    ";
  }
  return text;
}

}  // namespace

StreamedTrialsJson::StreamedTrialsJson(std::string out)
    : out_(std::move(out)), rows_path_(out_ + ".trials.partial"), rows_(rows_path_) {
  if (!rows_) throw std::runtime_error("cannot write " + rows_path_);
}

StreamedTrialsJson::~StreamedTrialsJson() {
  if (finished_) return;
  rows_.close();
  std::remove(rows_path_.c_str());
}

std::size_t StreamedTrialsJson::add(const nlohmann::json& trial) {
  const std::string text = (count_ == 0 ? "\n" : ",\n") + array_element_text(trial);
  rows_ << text;
  if (!rows_) throw std::runtime_error("cannot write " + rows_path_);
  ++count_;
  return text.size();
}

void StreamedTrialsJson::finish(nlohmann::json doc) {
  rows_.close();
  if (!rows_) throw std::runtime_error("cannot write " + rows_path_);
  doc["trials"] = kPlaceholder;
  const std::string text = doc.dump(2) + "\n";
  const std::size_t at = text.find(std::string("\"") + kPlaceholder + "\"");
  const std::string partial = out_ + ".partial";
  {
    std::ofstream file(partial, std::ios::binary | std::ios::trunc);
    file << text.substr(0, at) << "[";
    std::ifstream rows(rows_path_, std::ios::binary);
    if (count_ > 0) file << rows.rdbuf() << "\n  ";
    file << "]" << text.substr(at + std::string(kPlaceholder).size() + 2);
    if (!file) throw std::runtime_error("cannot write " + partial);
  }
  if (std::rename(partial.c_str(), out_.c_str()) != 0) {
    throw std::runtime_error("cannot write " + out_);
  }
  std::remove(rows_path_.c_str());
  finished_ = true;
}

}  // namespace spikefit::experiments
