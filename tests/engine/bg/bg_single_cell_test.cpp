#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <string>
#include <vector>

#include "spikefit/engine/models/basal_ganglia/so2012_cells.hpp"

namespace spikefit::engine::bg {
namespace {

using nlohmann::json;

// Single isolated cells against the Brian2 fixture of bg-stats
// (scripts/fixtures/bg_single_cell_brian2.py -> tests/fixtures/bg/so2012_single_cell.json):
// forward Euler at dt 0.01 ms on both sides, V_0 = -62 mV, gates at steady state, Ca = 0.1.
// Brian2's step k (V_{k-1} -> V_k) uses I_app at t_{k-1}; a spike is recorded at t_k when
// V_{k-1} < threshold <= V_k. Tolerances: rates within max(2 %, 0.5 Hz), the first 5 spike
// times within 0.1 ms.

json fixture() {
  std::ifstream in(std::string(SPIKEFIT_SOURCE_DIR) + "/tests/fixtures/bg/so2012_single_cell.json");
  return json::parse(in);
}

struct Protocol {
  double hold, step_current, step_start_ms, step_end_ms, duration_ms;
};

template <class State, class Params, class Step>
std::vector<double> simulate(const State& initial, const Params& p, const Protocol& protocol,
                             double threshold, double dt, Step step) {
  State s = initial;
  std::vector<double> spikes;
  const long steps = std::lround(protocol.duration_ms / dt);
  for (long k = 1; k <= steps; ++k) {
    const double t = static_cast<double>(k - 1) * dt;
    const double i_app = t >= protocol.step_start_ms && t < protocol.step_end_ms
                             ? protocol.step_current
                             : protocol.hold;
    const double v_old = s.v;
    step(p, s, SynapticInput{}, i_app, dt, BgIntegrator::kEuler);
    if (v_old < threshold && s.v >= threshold) spikes.push_back(static_cast<double>(k) * dt);
  }
  return spikes;
}

std::vector<double> run_cell(const std::string& cell, const Protocol& protocol, double threshold,
                             double dt) {
  if (cell == "STN") {
    return simulate(stn_steady_state(StnParams{}, -62.0), StnParams{}, protocol, threshold, dt,
                    stn_step);
  }
  if (cell == "GP") {
    return simulate(gp_steady_state(GpParams{}, -62.0), GpParams{}, protocol, threshold, dt,
                    gp_step);
  }
  return simulate(tc_steady_state(TcParams{}, -62.0), TcParams{}, protocol, threshold, dt, tc_step);
}

void expect_first_spikes_match(const std::vector<double>& ours, const json& theirs,
                               const std::string& what) {
  const std::size_t n = std::min<std::size_t>(5, theirs.size());
  ASSERT_GE(ours.size(), n) << what;
  for (std::size_t k = 0; k < n; ++k) {
    EXPECT_NEAR(ours[k], theirs[k].get<double>(), 0.1) << what << " spike " << k;
  }
}

TEST(So2012SingleCell, InitialStateMatchesTheFixture) {
  const json f = fixture();
  const StnState stn = stn_steady_state(StnParams{}, -62.0);
  const json& s = f["initial_state"]["STN"];
  EXPECT_NEAR(stn.h, s["h"].get<double>(), 1e-15);
  EXPECT_NEAR(stn.n, s["n"].get<double>(), 1e-15);
  EXPECT_NEAR(stn.r, s["r"].get<double>(), 1e-15);
  EXPECT_NEAR(stn.c, s["c"].get<double>(), 1e-15);
  const GpState gp = gp_steady_state(GpParams{}, -62.0);
  EXPECT_NEAR(gp.h, f["initial_state"]["GP"]["h"].get<double>(), 1e-15);
  EXPECT_NEAR(gp.r, f["initial_state"]["GP"]["r"].get<double>(), 1e-15);
  const TcState tc = tc_steady_state(TcParams{}, -62.0);
  EXPECT_NEAR(tc.h, f["initial_state"]["TC"]["h"].get<double>(), 1e-15);
  EXPECT_NEAR(tc.r, f["initial_state"]["TC"]["r"].get<double>(), 1e-15);
}

TEST(So2012SingleCell, FiCurvesMatchBrian2) {
  const json f = fixture();
  const double dt = f["dt_ms"].get<double>();
  ASSERT_EQ(f["method"], "euler");
  ASSERT_GE(f["fi"].size(), 10u);
  for (const json& e : f["fi"]) {
    const std::string cell = e["cell"];
    const double current = e["current"];
    const double duration = e["duration_ms"], discard = e["discard_ms"];
    const std::vector<double> spikes =
        run_cell(cell, Protocol{current, current, 2 * duration, 2 * duration, duration},
                 f["threshold_mv"][cell].get<double>(), dt);
    double counted = 0;
    for (double t : spikes) counted += t >= discard;
    const double rate = counted / ((duration - discard) / 1000.0);
    const double expected = e["rate_hz"];
    const std::string what = cell + " I=" + std::to_string(current);
    EXPECT_NEAR(rate, expected, std::max(0.02 * expected, 0.5)) << what;
    expect_first_spikes_match(spikes, e["spike_times_ms"], what);
  }
}

TEST(So2012SingleCell, ReboundBurstsMatchBrian2) {
  const json f = fixture();
  const double dt = f["dt_ms"].get<double>();
  ASSERT_GE(f["rebound"].size(), 1u);
  for (const json& e : f["rebound"]) {
    const std::string cell = e["cell"];
    const json& p = e["protocol"];
    const std::vector<double> spikes =
        run_cell(cell,
                 Protocol{p["hold"], p["step_current"], p["step_start_ms"], p["step_end_ms"],
                          p["duration_ms"]},
                 f["threshold_mv"][cell].get<double>(), dt);
    const json& theirs = e["spike_times_ms"];
    EXPECT_EQ(spikes.size(), theirs.size()) << cell;
    expect_first_spikes_match(spikes, theirs, cell + " rebound");
    // The burst follows the end of the hyperpolarising step.
    const double end = p["step_end_ms"];
    bool after = false;
    for (double t : spikes) after |= t >= end && t < end + 100.0;
    EXPECT_TRUE(after) << cell;
  }
}

}  // namespace
}  // namespace spikefit::engine::bg
