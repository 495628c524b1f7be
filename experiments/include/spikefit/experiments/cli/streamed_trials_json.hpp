#pragma once

#include <cstdint>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

// `simulate --out`'s JSON document, written without holding every trial: the rows go to
// "<out>.trials.partial" as they come; finish() writes the document with its "trials" array
// spliced in from that file (the same bytes as dumping the whole document with indent 2) through
// "<out>.partial" and a rename, so a killed run never leaves half a file at `out`.
namespace spikefit::experiments {

class StreamedTrialsJson {
 public:
  explicit StreamedTrialsJson(std::string out);
  StreamedTrialsJson(const StreamedTrialsJson&) = delete;
  StreamedTrialsJson& operator=(const StreamedTrialsJson&) = delete;
  ~StreamedTrialsJson();  // removes the partial files of an unfinished document

  // Appends one element of "trials"; returns the bytes it takes in the document.
  std::size_t add(const nlohmann::json& trial);
  // Writes the document: `doc` (without "trials") and the rows added.
  void finish(nlohmann::json doc);

 private:
  std::string out_, rows_path_;
  std::ofstream rows_;
  uint64_t count_ = 0;
  bool finished_ = false;
};

}  // namespace spikefit::experiments
