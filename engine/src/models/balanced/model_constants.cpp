#include "models/balanced/model_constants.hpp"

#include <cmath>

namespace spikefit::engine {

IntegrateFireConstants neuron_constants(const NetworkSpec& net, const PopulationSpec& pop) {
  IntegrateFireConstants c;
  c.inv_C = 1.0 / pop.C;
  c.g_L = pop.C / pop.tau_m_ms;
  c.E_L = pop.E_L_mV;
  c.V_T = pop.V_T_mV;
  c.Delta_T = pop.Delta_T_mV;
  c.inv_Delta_T = 1.0 / pop.Delta_T_mV;
  c.V_cut = pop.V_cut_mV;
  c.V_reset = pop.V_reset_mV;
  c.V_floor = pop.V_floor_mV;
  c.I_ext = pop.I_ext;
  c.refractory_steps = static_cast<int32_t>(std::lround(pop.t_ref_ms / net.dt_ms));
  c.exp_kind = pop.model == NeuronModel::kEif ? net.exp_kind : SpikeExp::kNone;
  return c;
}

SynapseConstants synapse_constants(const ProjectionSpec& projection) {
  return make_synapse_constants(projection.synapse, projection.tau_rise_ms,
                                projection.tau_decay_ms);
}

double projection_kick(const NetworkSpec& net, const ProjectionSpec& projection) {
  return synapse_kick(synapse_constants(projection), projection.weight * net.weight_scale);
}

double poisson_input_mean(const NetworkSpec& net, const InputSpec& input) {
  return input.rate_hz * 1e-3 * input.size * net.dt_ms;
}

uint64_t spike_cap(const NetworkSpec& net) {
  return static_cast<uint64_t>(
      std::floor(net.neuron_count() * net.duration_ms * net.max_rate_hz / 1000.0));
}

}  // namespace spikefit::engine
