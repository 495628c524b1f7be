#pragma once

#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

// Runs the spikefit binary under test (SPIKEFIT_BINARY) from the CLI tests.
namespace spikefit::cli_test {

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

inline CommandResult run_spikefit(const std::string& arguments) {
  const std::string command = std::string(SPIKEFIT_BINARY) + " " + arguments + " 2>&1";
  CommandResult result;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return result;
  char buffer[4096];
  std::size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) result.output.append(buffer, n);
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

// The exit code of `spikefit arguments`; its output goes to *output when given.
inline int spikefit_exit_code(const std::string& arguments, std::string* output = nullptr) {
  CommandResult result = run_spikefit(arguments);
  if (output) *output = std::move(result.output);
  return result.exit_code;
}

inline nlohmann::json read_json_file(const std::string& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

}  // namespace spikefit::cli_test
