#pragma once

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

// Runs the spikefit binary under test (SPIKEFIT_BINARY) from the CLI tests.
namespace spikefit::cli_test {

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

// Runs a shell command line, its stderr with its stdout.
inline CommandResult run_command(const std::string& command_line) {
  const std::string command = command_line + " 2>&1";
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

inline CommandResult run_spikefit(const std::string& arguments) {
  return run_command(std::string(SPIKEFIT_BINARY) + " " + arguments);
}

// The exit code of `spikefit arguments`; its output goes to *output when given.
inline int spikefit_exit_code(const std::string& arguments, std::string* output = nullptr) {
  CommandResult result = run_spikefit(arguments);
  if (output) *output = std::move(result.output);
  return result.exit_code;
}

// `spikefit arguments` is refused as a usage error (exit code 2) with `message` in its output.
inline ::testing::AssertionResult refused_with(const std::string& arguments,
                                               const std::string& message) {
  const CommandResult r = run_spikefit(arguments);
  if (r.exit_code == 2 && r.output.find(message) != std::string::npos) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure()
         << "exit code " << r.exit_code << ", expected 2 and '" << message << "' in:\n"
         << r.output;
}

// Starts `spikefit ARGUMENTS` (split at spaces, no shell) as a child process writing its output
// to `log`; returns its pid.
inline pid_t spawn_spikefit(const std::string& arguments, const std::string& log = "/dev/null") {
  std::vector<std::string> words = {SPIKEFIT_BINARY};
  std::istringstream in(arguments);
  for (std::string w; in >> w;) words.push_back(w);
  const pid_t pid = fork();
  if (pid == 0) {
    const int out = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(out, 1);
    dup2(out, 2);
    std::vector<char*> argv;
    for (auto& w : words) argv.push_back(w.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

inline nlohmann::json read_json_file(const std::string& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

}  // namespace spikefit::cli_test
