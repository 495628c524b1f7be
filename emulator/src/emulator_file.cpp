#include "emulator_file.hpp"

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace spikefit::emulator {

namespace {

uint64_t fnv1a64(const std::vector<uint8_t>& bytes) {
  uint64_t hash = 0xcbf29ce484222325ull;
  for (const uint8_t b : bytes) hash = (hash ^ b) * 0x100000001b3ull;
  return hash;
}

std::string hex(uint64_t value) {
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(value));
  return text;
}

[[noreturn]] void fail(const std::string& path, const std::string& why) {
  throw std::runtime_error(path + ": " + why);
}

}  // namespace

void write_document_file(const nlohmann::json& document, const std::string& format, int version,
                         const std::string& path) {
  const std::vector<uint8_t> payload = nlohmann::json::to_cbor(document);
  const std::string partial = path + ".partial";
  {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    if (!out) fail(path, std::string("cannot write (") + std::strerror(errno) + ")");
    out << format << ' ' << version << '\n' << "fnv1a64 " << hex(fnv1a64(payload)) << '\n';
    out.write(reinterpret_cast<const char*>(payload.data()),
              static_cast<std::streamsize>(payload.size()));
    if (!out.flush()) fail(path, "cannot write (disk full?)");
  }
  if (std::rename(partial.c_str(), path.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    std::remove(partial.c_str());
    fail(path, "cannot write (" + why + ")");
  }
}

nlohmann::json read_document_file(const std::string& format, int version, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    fail(path, std::string("cannot open ") + format + " file (" + std::strerror(errno) + ")");
  std::string header, checksum_line;
  std::getline(in, header);
  std::istringstream header_fields(header);
  std::string found_format;
  int found_version = 0;
  header_fields >> found_format >> found_version;
  if (found_format.rfind("spikefit-", 0) != 0 || !header_fields) {
    fail(path, "not a " + format + " file");
  }
  if (found_format != format) fail(path, "a " + found_format + " file, not a " + format + " file");
  if (found_version != version) {
    fail(path, format + " file version " + std::to_string(found_version) + " (this build reads " +
                   std::to_string(version) + ")");
  }
  std::getline(in, checksum_line);
  const std::vector<uint8_t> payload{std::istreambuf_iterator<char>(in),
                                     std::istreambuf_iterator<char>()};
  if (checksum_line != "fnv1a64 " + hex(fnv1a64(payload))) {
    fail(path, "damaged " + format + " file (checksum mismatch: truncated or altered)");
  }
  try {
    return nlohmann::json::from_cbor(payload);
  } catch (const nlohmann::json::exception& e) {
    fail(path, "damaged " + format + " file (" + e.what() + ")");
  }
}

}  // namespace spikefit::emulator
