#include "pareto_candidates.hpp"

#include <algorithm>
#include <random>
#include <stdexcept>

#include "spikefit/acquisition/pareto.hpp"
#include "spikefit/acquisition/sobol.hpp"
#include "spikefit/surrogate/posterior_model.hpp"

namespace spikefit::acquisition::detail {

namespace {

at::Tensor to_tensor(const std::vector<std::vector<double>>& rows, int64_t d) {
  at::Tensor t = at::empty({static_cast<int64_t>(rows.size()), d}, at::kDouble);
  auto a = t.accessor<double, 2>();
  for (std::size_t i = 0; i < rows.size(); ++i) {
    for (int64_t j = 0; j < d; ++j) a[static_cast<int64_t>(i)][j] = rows[i][j];
  }
  return t;
}

// TuRBO-style local candidates: an anchor with a random subset of its coordinates moved.
at::Tensor perturbations(const at::Tensor& anchors, int64_t count, std::mt19937_64& rng) {
  const int64_t d = anchors.size(1);
  const double p_move = std::min(1.0, 20.0 / static_cast<double>(d));
  const double scales[3] = {0.01, 0.05, 0.2};
  std::uniform_int_distribution<int64_t> pick_anchor(0, anchors.size(0) - 1);
  std::uniform_int_distribution<int64_t> pick_dim(0, d - 1);
  std::uniform_int_distribution<int> pick_scale(0, 2);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::normal_distribution<double> normal(0.0, 1.0);
  at::Tensor out = at::empty({count, d}, at::kDouble);
  auto o = out.accessor<double, 2>();
  auto a = anchors.accessor<double, 2>();
  for (int64_t i = 0; i < count; ++i) {
    const int64_t anchor = pick_anchor(rng);
    const double scale = scales[pick_scale(rng)];
    const int64_t forced = pick_dim(rng);  // at least one coordinate moves
    for (int64_t j = 0; j < d; ++j) {
      double v = a[anchor][j];
      if (j == forced || unit(rng) < p_move) v += scale * normal(rng);
      o[i][j] = std::clamp(v, 0.0, 1.0);
    }
  }
  return out;
}

}  // namespace

ParetoCandidates build_pareto_candidates(const ParetoModelSet& models,
                                         const ProposeRequest& request,
                                         const ParetoOptions& options) {
  if (request.q < 1) throw std::invalid_argument("propose: q must be >= 1");
  if (!models.observed_x.defined() || models.observed_x.dim() != 2 ||
      !models.observed_y.defined() || models.observed_y.dim() != 2 ||
      models.observed_y.size(0) != models.observed_x.size(0)) {
    throw std::invalid_argument("ParetoModelSet: observed_x must be [n x d], observed_y [n x k]");
  }
  const int64_t d = models.observed_x.size(1), k = models.observed_y.size(1);
  if (static_cast<int64_t>(models.objectives.size()) != k ||
      std::any_of(models.objectives.begin(), models.objectives.end(),
                  [](const surrogate::PosteriorModel* gp) { return gp == nullptr; })) {
    throw std::invalid_argument("ParetoModelSet: needs one fitted GP per objective column");
  }
  const at::Tensor x_obs = models.observed_x.to(at::kDouble);
  const at::Tensor y_obs = models.observed_y.to(at::kDouble);
  const at::Tensor feasible_rows = y_obs.isnan().any(1).logical_not();
  const at::Tensor x_feasible = x_obs.index({feasible_rows});
  const at::Tensor y_feasible = y_obs.index({feasible_rows});
  if (x_feasible.size(0) == 0) throw std::invalid_argument("ParetoModelSet: no feasible rows");

  Points rows(static_cast<std::size_t>(y_feasible.size(0)), std::vector<double>(k));
  auto ya = y_feasible.accessor<double, 2>();
  for (int64_t i = 0; i < y_feasible.size(0); ++i) {
    for (int64_t j = 0; j < k; ++j) rows[i][j] = ya[i][j];
  }
  std::vector<int64_t> front_rows;
  for (std::size_t i : pareto_front(rows)) front_rows.push_back(static_cast<int64_t>(i));
  const at::Tensor front_index = at::tensor(front_rows, at::kLong);
  const at::Tensor x_front = x_feasible.index_select(0, front_index);

  std::mt19937_64 rng(request.seed ^ 0x9e3779b97f4a7c15ULL);
  SobolSequence sobol(static_cast<int>(d), /*scramble=*/true, request.seed);
  const int64_t global = std::max(options.global_candidates, 4 * request.q);
  at::Tensor x = at::cat({to_tensor(sobol.next(static_cast<std::size_t>(global)), d),
                          perturbations(x_front, options.local_candidates, rng)});

  const bool has_pending = request.pending.defined() && request.pending.numel() > 0;
  const at::Tensor pending = has_pending ? request.pending.to(at::kDouble).reshape({-1, d})
                                         : at::empty({0, d}, x_obs.options());
  const at::Tensor taken = at::cat({x_obs, pending});
  const at::Tensor nearest = std::get<0>(at::cdist(x, taken).min(1));  // [m]
  x = x.index({nearest >= options.min_distance});

  ParetoCandidates c;
  c.candidates = x.size(0);
  c.baseline = x_front.size(0) + pending.size(0);
  c.x = x;
  c.observed_feasible = y_feasible;
  c.observed_front = y_feasible.index_select(0, front_index);
  const at::Tensor joint = at::cat({x, x_front, pending});
  for (std::size_t j = 0; j < models.objectives.size(); ++j) {
    c.samples.push_back(models.objectives[j]->sample(joint, options.mc_samples,
                                                     request.seed + 1 + j,
                                                     {surrogate::PosteriorSamplerKind::kExact}));
  }
  if (models.feasibility) {
    at::NoGradGuard no_grad;
    c.log_feasibility = models.feasibility->log_probability(x).detach();
  } else {
    c.log_feasibility = at::zeros({c.candidates}, at::kDouble);
  }
  return c;
}

Proposal pick_sequentially(const ParetoCandidates& c, int64_t q, double min_distance,
                           const std::string& strategy,
                           const std::function<int64_t(int64_t, const std::vector<bool>&)>& pick,
                           const std::function<void(int64_t)>& take) {
  std::vector<bool> available(static_cast<std::size_t>(c.candidates), true);
  Proposal p;
  std::vector<at::Tensor> rows;
  for (int64_t t = 0; t < q; ++t) {
    const int64_t j = pick(t, available);
    if (j < 0) {
      throw std::runtime_error(strategy +
                               ": fewer distinct candidates than q; raise the candidates");
    }
    rows.push_back(c.x[j]);
    p.source.push_back(ProposalSource::kGreedy);
    take(j);
    const at::Tensor distance = (c.x - c.x[j]).pow(2).sum(1).sqrt();  // [m]
    auto da = distance.accessor<double, 1>();
    for (int64_t i = 0; i < c.candidates; ++i) {
      if (da[i] < min_distance) available[static_cast<std::size_t>(i)] = false;
    }
    available[static_cast<std::size_t>(j)] = false;
  }
  p.x = at::stack(rows);
  return p;
}

}  // namespace spikefit::acquisition::detail
