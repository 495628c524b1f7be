#pragma once

#include <nlohmann/json.hpp>

#include "spikefit/surrogate/exact_gp.hpp"

namespace spikefit::emulator {

// surrogate::GpHyperparameters as JSON (the unconstrained values, exactly) and back.
nlohmann::json hyperparameters_to_json(const surrogate::GpHyperparameters& h);
surrogate::GpHyperparameters hyperparameters_from_json(const nlohmann::json& document);

}  // namespace spikefit::emulator
