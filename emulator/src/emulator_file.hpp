#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace spikefit::emulator {

// The container of emulator and feasibility-classifier files: the line "<format> <version>", the
// line "fnv1a64 <16 hex digits>" (the checksum of the payload), then the JSON document as CBOR
// (doubles kept exactly). Written to a temporary file beside `path` and renamed over it.
// Every error throws std::runtime_error starting with the path: a file that cannot be opened or
// written, one that is not a `format` file (another format, or none), one whose checksum fails
// (truncated, altered) or whose payload is no CBOR.
void write_document_file(const nlohmann::json& document, const std::string& format, int version,
                         const std::string& path);
nlohmann::json read_document_file(const std::string& format, int version, const std::string& path);

}  // namespace spikefit::emulator
