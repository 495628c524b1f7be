#include <ATen/CPUGeneratorImpl.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "batch_parts.hpp"
#include "model_based_strategy.hpp"
#include "spikefit/acquisition/candidates.hpp"
#include "spikefit/acquisition/strategies.hpp"
#include "spikefit/surrogate/posterior_model.hpp"

namespace spikefit::acquisition {

namespace {

// One region of TuRBO-m: its length and counters, and the row of its centre (the best row it
// has produced since its last restart; -1 while it waits for a space-filling design).
struct Region {
  TrustRegionLength length;
  int64_t centre = -1;
};

// A run of consecutive rows of the previous batch that belonged to one region.
struct Segment {
  int64_t region;
  int64_t rows;
};

double max_abs_difference(const at::Tensor& a, const at::Tensor& b) {
  return (a - b).abs().max().item<double>();
}

class TurboMStrategy final : public ModelBasedStrategy {
 public:
  TurboMStrategy(int64_t dims, StrategyOptions options, int64_t regions)
      : ModelBasedStrategy(dims, std::move(options)) {
    if (regions < 1) throw std::invalid_argument("turbo-m: need at least one region");
    regions_.assign(static_cast<std::size_t>(regions),
                    Region{TrustRegionLength(options_.trust_region)});
  }
  std::string name() const override { return "turbo-m"; }

  void prepare(const ModelSet& models, const ProposeRequest& request) override {
    judge_previous_batch(models);
    previous_count_ = models.observed_x.size(0);
    previous_q_ = request.q;
    allocation_.clear();
  }

  void fill(BatchBuilder& batch, const ModelSet& models, const ProposeRequest& request) override {
    if (!started_) start(models);
    add_designs(batch, derive_seed(request.seed, 0));
    add_thompson_across_regions(batch, models, derive_seed(request.seed, 1));
    batch.fill(request.q, ProposalSource::kSobol, derive_seed(request.seed, 2));
  }

  nlohmann::json state() const override {
    nlohmann::json regions = nlohmann::json::array();
    for (const Region& r : regions_) {
      nlohmann::json s = {{"centre", r.centre}};
      r.length.save(s);
      regions.push_back(s);
    }
    nlohmann::json allocation = nlohmann::json::array();
    for (const Segment& s : allocation_) allocation.push_back({s.region, s.rows});
    return {{"regions", regions},
            {"started", started_},
            {"previous_count", previous_count_},
            {"previous_q", previous_q_},
            {"allocation", allocation}};
  }

  void restore(const nlohmann::json& state) override {
    const auto fail = [](const std::string& why) {
      throw std::invalid_argument("turbo-m state: " + why);
    };
    if (!state.is_object()) fail("not an object");
    for (const char* key : {"previous_count", "previous_q"}) {
      if (!state.contains(key) || !state[key].is_number_integer()) {
        fail(std::string("missing or non-integer '") + key + "'");
      }
    }
    if (!state.contains("started") || !state["started"].is_boolean()) {
      fail("missing or non-boolean 'started'");
    }
    if (!state.contains("regions") || !state["regions"].is_array() ||
        state["regions"].size() != regions_.size()) {
      fail("'regions' must be an array of " + std::to_string(regions_.size()) + " regions");
    }
    if (!state.contains("allocation") || !state["allocation"].is_array()) {
      fail("missing or non-array 'allocation'");
    }
    std::vector<Region> regions = regions_;
    for (std::size_t i = 0; i < regions.size(); ++i) {
      const nlohmann::json& r = state["regions"][i];
      if (!r.is_object() || !r.contains("centre") || !r["centre"].is_number_integer()) {
        fail("region " + std::to_string(i) + " has no integer 'centre'");
      }
      regions[i].length.load(r, "turbo-m state, region " + std::to_string(i));
      regions[i].centre = r["centre"].get<int64_t>();
    }
    std::vector<Segment> allocation;
    for (const nlohmann::json& s : state["allocation"]) {
      if (!s.is_array() || s.size() != 2 || !s[0].is_number_integer() ||
          !s[1].is_number_integer() || s[0].get<int64_t>() < 0 ||
          s[0].get<int64_t>() >= static_cast<int64_t>(regions_.size()) || s[1].get<int64_t>() < 0) {
        fail("'allocation' entries must be [region, rows]");
      }
      allocation.push_back({s[0].get<int64_t>(), s[1].get<int64_t>()});
    }
    regions_ = std::move(regions);
    allocation_ = std::move(allocation);
    started_ = state["started"].get<bool>();
    previous_count_ = state["previous_count"].get<int64_t>();
    previous_q_ = state["previous_q"].get<int64_t>();
  }

 private:
  // The rows observed since the previous proposal are that batch, in its order (the batch is
  // appended as proposed): each region's segment is judged against the region's centre.
  void judge_previous_batch(const ModelSet& models) {
    const int64_t n = models.observed_x.size(0);
    if (previous_count_ > n) {
      throw std::invalid_argument("turbo-m: " + std::to_string(n) +
                                  " observations, fewer than the " +
                                  std::to_string(previous_count_) + " of the previous proposal");
    }
    if (previous_count_ < 0 || n == previous_count_) return;
    const at::Tensor y = judged_objective(models).contiguous();  // noise-aware: posterior means
    const double* v = y.data_ptr<double>();
    int64_t offset = previous_count_;
    for (const Segment& s : allocation_) {
      const int64_t from = std::min(offset, n), to = std::min(offset + s.rows, n);
      offset += s.rows;
      if (from == to) continue;  // not observed yet: not judged
      const int64_t best = lowest_index(y, from, to);
      Region& region = regions_[static_cast<std::size_t>(s.region)];
      if (region.centre < 0) {  // a design after a restart: not judged, its best is the centre
        region.centre = best;
        continue;
      }
      const double centre_value = v[region.centre];
      const bool success = best >= 0 && improves(v[best], centre_value);
      if (best >= 0 && v[best] < centre_value) region.centre = best;
      const int tolerance = failure_tolerance(options_.trust_region, dims_, previous_q_);
      if (region.length.record(success, tolerance)) region.centre = -1;
    }
  }

  // Centres of the first proposal: the best observed rows, each more than length_init / 4 (in
  // every-coordinate distance) from the centres chosen before it; then the best remaining rows.
  void start(const ModelSet& models) {
    started_ = true;
    const at::Tensor y = judged_objective(models);
    const at::Tensor finite = at::nonzero(y.isfinite()).squeeze(1);
    const at::Tensor order = finite.index_select(0, y.index_select(0, finite).argsort());
    const double separation = options_.trust_region.length_init / 4.0;
    std::vector<int64_t> chosen;
    std::vector<bool> used(static_cast<std::size_t>(order.size(0)), false);
    for (const bool spread : {true, false}) {
      for (int64_t k = 0; k < order.size(0) && chosen.size() < regions_.size(); ++k) {
        if (used[static_cast<std::size_t>(k)]) continue;
        const int64_t row = order[k].item<int64_t>();
        bool far = true;
        for (const int64_t c : chosen) {
          far =
              far && max_abs_difference(models.observed_x[row], models.observed_x[c]) > separation;
        }
        if (spread && !far) continue;
        chosen.push_back(row);
        used[static_cast<std::size_t>(k)] = true;
      }
    }
    for (std::size_t i = 0; i < regions_.size(); ++i) {
      regions_[i].centre = i < chosen.size() ? chosen[i] : -1;
    }
  }

  // Regions waiting for a design get ceil(q / m) space-filling rows of the whole cube each.
  void add_designs(BatchBuilder& batch, uint64_t seed) {
    const int64_t m = static_cast<int64_t>(regions_.size());
    const int64_t share = (batch.wanted() + m - 1) / m;
    for (int64_t r = 0; r < m && batch.remaining() > 0; ++r) {
      if (regions_[static_cast<std::size_t>(r)].centre >= 0) continue;
      const int64_t first = batch.size();
      batch.fill(first + std::min(share, batch.remaining()), ProposalSource::kSobol,
                 derive_seed(seed, static_cast<uint64_t>(r)));
      allocation_.push_back({r, batch.size() - first});
    }
  }

  // Thompson sampling over the union of the regions' perturbation candidates: each of the
  // remaining rows is one joint posterior sample's best candidate, so a region receives as many
  // rows as samples prefer it (TuRBO-m's allocation). Rows are added region by region.
  void add_thompson_across_regions(BatchBuilder& batch, const ModelSet& models, uint64_t seed) {
    const int64_t count = batch.remaining();
    std::vector<int64_t> active;
    for (int64_t r = 0; r < static_cast<int64_t>(regions_.size()); ++r) {
      if (regions_[static_cast<std::size_t>(r)].centre >= 0) active.push_back(r);
    }
    if (count <= 0 || active.empty()) return;
    at::NoGradGuard no_grad;
    const int64_t a = static_cast<int64_t>(active.size());
    const int64_t total =
        options_.candidates > 0 ? options_.candidates : 2 * default_candidate_count(dims_);
    const int64_t per_region = std::max<int64_t>(1, (total + a - 1) / a);
    std::vector<at::Tensor> lower(a), upper(a), parts(a);
    for (int64_t k = 0; k < a; ++k) {
      const at::Tensor centre =
          models.observed_x[regions_[static_cast<std::size_t>(active[k])].centre].to(at::kDouble);
      trust_region_box(*models.objective, centre,
                       regions_[static_cast<std::size_t>(active[k])].length.length(), lower[k],
                       upper[k]);
      parts[k] = perturbation_candidates(centre, lower[k], upper[k], per_region,
                                         derive_seed(seed, 10 + static_cast<uint64_t>(k)));
    }
    const at::Tensor candidates = at::cat(parts);  // [c x d], region k at rows k * per_region
    const int64_t c = candidates.size(0);
    at::Tensor samples = models.objective->sample(candidates, count, derive_seed(seed, 0),
                                                  surrogate::PosteriorSamplerOptions{});
    if (models.feasibility != nullptr) {  // a Thompson draw of feasibility, as add_thompson
      const at::Tensor log_pf = models.feasibility->log_probability(candidates).detach();  // [c]
      const auto generator = at::make_generator<at::CPUGeneratorImpl>(derive_seed(seed, 1));
      const at::Tensor u = at::rand({count, c}, generator, at::kDouble);  // [count x c]
      samples.masked_fill_(u.log() > log_pf.unsqueeze(0), std::numeric_limits<double>::infinity());
    }
    const at::Tensor order = samples.argsort(/*dim=*/int64_t{1}).contiguous();  // [count x c]
    const auto rank = order.accessor<int64_t, 2>();
    const auto value = samples.accessor<double, 2>();
    std::vector<bool> taken(static_cast<std::size_t>(c), false);
    std::vector<std::vector<int64_t>> picks(static_cast<std::size_t>(a));
    for (int64_t s = 0; s < count; ++s) {
      int64_t pick = -1;
      for (int64_t j = 0; j < c && pick < 0; ++j) {
        const int64_t i = rank[s][j];
        if (!std::isfinite(value[s][i])) break;
        if (!taken[static_cast<std::size_t>(i)]) pick = i;
      }
      if (pick < 0) {  // every candidate drawn infeasible: a box point of the regions in turn
        const int64_t k = s % a;
        picks[static_cast<std::size_t>(k)].push_back(-1);
        continue;
      }
      taken[static_cast<std::size_t>(pick)] = true;
      picks[static_cast<std::size_t>(pick / per_region)].push_back(pick);
    }
    for (int64_t k = 0; k < a; ++k) {
      const auto& chosen = picks[static_cast<std::size_t>(k)];
      if (chosen.empty()) continue;
      const int64_t first = batch.size();
      for (const int64_t i : chosen) {
        if (i >= 0) batch.try_add(candidates[i], ProposalSource::kTrustRegion);
      }
      // rows the candidates could not supply: space-filling points of the region's box
      batch.fill(first + static_cast<int64_t>(chosen.size()), ProposalSource::kTrustRegion,
                 derive_seed(seed, 100 + static_cast<uint64_t>(k)), lower[k], upper[k]);
      allocation_.push_back({active[k], batch.size() - first});
    }
  }

  std::vector<Region> regions_;
  bool started_ = false;             // centres chosen
  int64_t previous_count_ = -1;      // rows observed at the previous proposal (-1: none yet)
  int64_t previous_q_ = 0;           // size of that batch
  std::vector<Segment> allocation_;  // the previous batch, region by region, in row order
};

}  // namespace

std::unique_ptr<BatchStrategy> make_turbo_m_strategy(int64_t dims, const StrategyOptions& options) {
  return std::make_unique<TurboMStrategy>(dims, options, options.regions > 0 ? options.regions : 5);
}

}  // namespace spikefit::acquisition
