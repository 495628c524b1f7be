#include "spikefit/experiments/report/gnuplot.hpp"
#include "spikefit/base/text_files.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace spikefit::experiments {

namespace {

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

bool gnuplot_available() {
  return std::system("gnuplot -e 'exit' >/dev/null 2>&1") == 0;
}

std::vector<std::string> render_plot(const std::string& dir, const std::string& stem,
                                     const std::string& body, int width, int height) {
  const std::string script = stem + ".gp";
  {
    std::ofstream out(dir + "/" + script);
    if (!out) throw std::runtime_error("cannot write " + dir + "/" + script);
    out << "set encoding utf8\n"
        << "set terminal pngcairo size " << width << "," << height
        << " noenhanced font 'Sans,11' linewidth 1.5\n"
        << "set output '" << stem << ".png'\n"
        << body << "\n"
        << "set output\n"
        << "set terminal svg size " << width << "," << height
        << " noenhanced font 'Sans,11' linewidth 1.5 background rgb 'white'\n"
        << "set output '" << stem << ".svg'\n"
        << body << "\n"
        << "set output\n";
  }
  const std::string log = stem + ".log";
  const std::string command =
      "cd " + shell_quote(dir) + " && gnuplot " + shell_quote(script) + " > " + log + " 2>&1";
  if (std::system(command.c_str()) != 0) {
    throw std::runtime_error("gnuplot failed on " + dir + "/" + script + ": " +
                             base::read_text(dir + "/" + log));
  }
  std::remove((dir + "/" + log).c_str());
  return {dir + "/" + stem + ".png", dir + "/" + stem + ".svg"};
}

}  // namespace spikefit::experiments
