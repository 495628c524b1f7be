#include "spikefit/experiments/evaluation/evaluator_recipe.hpp"

#include "spikefit/base/byte_buffer.hpp"

namespace spikefit::experiments {

ModelConfig recipe_config(const EvaluatorRecipe& recipe) {
  ModelConfig config = parse_model_config(recipe.config_document, recipe.config_source);
  apply_overrides(config, recipe.overrides);
  return config;
}

std::vector<uint8_t> encode_recipe(const EvaluatorRecipe& recipe) {
  base::ByteWriter out;
  out.put_vector(nlohmann::json::to_cbor(recipe.config_document));
  out.put_string(recipe.config_source);
  out.put<uint64_t>(recipe.overrides.size());
  for (const std::string& o : recipe.overrides) out.put_string(o);
  const stats::Target& t = recipe.target;
  out.put_string(t.name);
  out.put(t.n_neuron);
  out.put<uint64_t>(t.statistics.size());
  for (const stats::TargetStatistic& s : t.statistics) {
    out.put_string(s.name);
    out.put_vector(s.mean);
    out.put(s.var);
    out.put(s.weight);
  }
  out.put_vector(nlohmann::json::to_cbor(t.provenance));
  out.put_string(recipe.backend);
  out.put(recipe.options.statistics);
  out.put(recipe.options.metric);
  out.put(recipe.options.screen_ms);
  out.put(recipe.options.threads);
  return out.take();
}

EvaluatorRecipe decode_recipe(const std::vector<uint8_t>& bytes) {
  base::ByteReader in(bytes);
  EvaluatorRecipe recipe;
  recipe.config_document = nlohmann::json::from_cbor(in.get_vector<uint8_t>());
  recipe.config_source = in.get_string();
  recipe.overrides.resize(in.get<uint64_t>());
  for (std::string& o : recipe.overrides) o = in.get_string();
  stats::Target& t = recipe.target;
  t.name = in.get_string();
  t.n_neuron = in.get<unsigned>();
  t.statistics.resize(in.get<uint64_t>());
  for (stats::TargetStatistic& s : t.statistics) {
    s.name = in.get_string();
    s.mean = in.get_vector<double>();
    s.var = in.get<double>();
    s.weight = in.get<double>();
  }
  t.provenance = nlohmann::json::from_cbor(in.get_vector<uint8_t>());
  recipe.backend = in.get_string();
  recipe.options.statistics = in.get<stats::StatisticsOptions>();
  recipe.options.metric = in.get<stats::CostMetric>();
  recipe.options.screen_ms = in.get<double>();
  recipe.options.threads = in.get<int>();
  if (!in.at_end()) throw std::runtime_error("evaluator recipe: trailing bytes");
  return recipe;
}

}  // namespace spikefit::experiments
