#pragma once

#include "models/balanced/neuron_models.hpp"
#include "models/balanced/synapse_models.hpp"
#include "spikefit/engine/models/balanced/network_spec.hpp"

namespace spikefit::engine {

// Step constants of a population's neurons (g_L = C / tau_m, refractory steps = round(t_ref/dt)).
IntegrateFireConstants neuron_constants(const NetworkSpec& net, const PopulationSpec& pop);

SynapseConstants synapse_constants(const ProjectionSpec& projection);

// What one spike of the projection adds to its channel's P: weight * weight_scale, kernel-scaled.
double projection_kick(const NetworkSpec& net, const ProjectionSpec& projection);

// Mean number of spikes of a Poisson input per time step: rate * size * dt.
double poisson_input_mean(const NetworkSpec& net, const InputSpec& input);

// Spike cap of a trial: floor(neurons * duration * max_rate): SNOPS's maxns = N T 0.06.
uint64_t spike_cap(const NetworkSpec& net);

}  // namespace spikefit::engine
