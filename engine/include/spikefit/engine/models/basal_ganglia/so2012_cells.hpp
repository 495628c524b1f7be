#pragma once

#include "spikefit/base/host_device.hpp"
#include "spikefit/engine/models/basal_ganglia/bg_math.hpp"

namespace spikefit::engine::bg {

// So, Kent & Grill 2012 (ModelDB 141699) conductance-based cells, /work/prompts/bg_model.md.
// Units: mV, ms, uA/cm^2, mS/cm^2, uF/cm^2. Sigmoid shapes are fixed; conductances, reversals,
// rate factors and Ca constants are parameters with So's values as defaults.
// Every step is a pure function of (params, state, synaptic input, drive current, dt): all
// right-hand sides use the previous step's values, as in BGnetwork.m.

// ---------------------------------------------------------------- STN
struct StnParams {
  double C = 1.0;
  double g_L = 2.25, E_L = -60.0;
  double g_Na = 37.0, E_Na = 55.0;
  double g_K = 45.0, E_K = -80.0;
  double g_T = 0.5, g_Ca = 2.0, E_Ca = 140.0;
  double g_AHP = 20.0, k1 = 15.0;
  double phi_h = 0.75, phi_n = 0.75, phi_r = 0.2, phi_c = 0.08;
  double epsilon = 3.75e-5, k_Ca = 22.5;
  double Ca_initial = 0.1;
};

struct StnState {
  double v = -62.0, h = 0.0, n = 0.0, r = 0.0, c = 0.0, ca = 0.1;
};

struct StnGates {
  double m_inf, h_inf, n_inf, r_inf, a_inf, c_inf, b_inf;
  double tau_h, tau_n, tau_r, tau_c;
};

// b_inf uses the state r (not V): B(r; 0.4, 0.1) - B(0; 0.4, 0.1).
SPIKEFIT_HD StnGates stn_gates(double v, double r) {
  StnGates g;
  g.m_inf = boltzmann(v, -30.0, 15.0);
  g.h_inf = boltzmann(v, -39.0, -3.1);
  g.n_inf = boltzmann(v, -32.0, 8.0);
  g.r_inf = boltzmann(v, -67.0, -2.0);
  g.a_inf = boltzmann(v, -63.0, 7.8);
  g.c_inf = boltzmann(v, -20.0, 8.0);
  g.b_inf = boltzmann(r, 0.4, 0.1) - boltzmann(0.0, 0.4, 0.1);
  g.tau_h = 1.0 + 500.0 / (1.0 + guarded_exp((v + 57.0) / 3.0));
  g.tau_n = 1.0 + 100.0 / (1.0 + guarded_exp((v + 80.0) / 26.0));
  g.tau_r = 7.1 + 17.5 / (1.0 + guarded_exp((v - 68.0) / 2.2));
  g.tau_c = 1.0 + 10.0 / (1.0 + guarded_exp((v + 80.0) / 26.0));
  return g;
}

// Gates at their steady state for V = v, Ca = Ca_initial (So's initial state).
SPIKEFIT_HD StnState stn_steady_state(const StnParams& p, double v) {
  const StnGates g = stn_gates(v, 0.0);
  StnState s;
  s.v = v;
  s.h = g.h_inf;
  s.n = g.n_inf;
  s.r = g.r_inf;
  s.c = g.c_inf;
  s.ca = p.Ca_initial;
  return s;
}

// Ionic conductances of the state (mS/cm^2) in the order L, Na, K, T, Ca, AHP.
struct IonicConductances {
  double L, Na, K, T, Ca, AHP;
};

SPIKEFIT_HD IonicConductances stn_conductances(const StnParams& p, const StnState& s,
                                               const StnGates& g) {
  const double n2 = s.n * s.n;
  return IonicConductances{p.g_L,
                           p.g_Na * g.m_inf * g.m_inf * g.m_inf * s.h,
                           p.g_K * n2 * n2,
                           p.g_T * g.a_inf * g.a_inf * g.a_inf * g.b_inf * g.b_inf,
                           p.g_Ca * s.c * s.c,
                           p.g_AHP * s.ca / (s.ca + p.k1)};
}

// d(state)/dt at a state; i_drive = I_app + offsets + DBS + other injected currents.
SPIKEFIT_HD StnState stn_derivatives(const StnParams& p, const StnState& s,
                                     const SynapticInput& syn, double i_drive) {
  const StnGates g = stn_gates(s.v, s.r);
  const IonicConductances c = stn_conductances(p, s, g);
  const double i_t = c.T * (s.v - p.E_Ca);
  const double i_ca = c.Ca * (s.v - p.E_Ca);
  const double i_ion = c.L * (s.v - p.E_L) + c.K * (s.v - p.E_K) + c.Na * (s.v - p.E_Na) + i_t +
                       i_ca + c.AHP * (s.v - p.E_K);
  StnState d;
  d.v = (-i_ion - synaptic_current(syn, s.v) + i_drive) / p.C;
  d.h = p.phi_h * (g.h_inf - s.h) / g.tau_h;
  d.n = p.phi_n * (g.n_inf - s.n) / g.tau_n;
  d.r = p.phi_r * (g.r_inf - s.r) / g.tau_r;
  d.c = p.phi_c * (g.c_inf - s.c) / g.tau_c;
  d.ca = p.epsilon * (-i_ca - i_t - p.k_Ca * s.ca);
  return d;
}

SPIKEFIT_HD void stn_step(const StnParams& p, StnState& s, const SynapticInput& syn, double i_drive,
                          double dt, BgIntegrator integrator) {
  if (integrator == BgIntegrator::kEuler) {
    const StnState d = stn_derivatives(p, s, syn, i_drive);
    s.v += dt * d.v;
    s.h += dt * d.h;
    s.n += dt * d.n;
    s.r += dt * d.r;
    s.c += dt * d.c;
    s.ca += dt * d.ca;
    return;
  }
  const StnGates g = stn_gates(s.v, s.r);
  const IonicConductances c = stn_conductances(p, s, g);
  const double i_t = c.T * (s.v - p.E_Ca);
  const double i_ca = c.Ca * (s.v - p.E_Ca);
  const double total_g = c.L + c.Na + c.K + c.T + c.Ca + c.AHP + syn.conductance;
  const double source = c.L * p.E_L + c.Na * p.E_Na + (c.K + c.AHP) * p.E_K +
                        (c.T + c.Ca) * p.E_Ca + syn.conductance_reversal + i_drive;
  const double ca_inf = -(i_ca + i_t) / p.k_Ca;
  s.v = membrane_exponential_step(s.v, total_g, source, 1.0 / p.C, dt);
  s.h = relax(s.h, g.h_inf, p.phi_h / g.tau_h, dt, integrator);
  s.n = relax(s.n, g.n_inf, p.phi_n / g.tau_n, dt, integrator);
  s.r = relax(s.r, g.r_inf, p.phi_r / g.tau_r, dt, integrator);
  s.c = relax(s.c, g.c_inf, p.phi_c / g.tau_c, dt, integrator);
  s.ca = relax(s.ca, ca_inf, p.epsilon * p.k_Ca, dt, integrator);
}

// ---------------------------------------------------------------- GPe / GPi
struct GpParams {
  double C = 1.0;
  double g_L = 0.1, E_L = -65.0;
  double g_Na = 120.0, E_Na = 55.0;
  double g_K = 30.0, E_K = -80.0;
  double g_T = 0.5, g_Ca = 0.15, E_Ca = 120.0;
  double g_AHP = 10.0, k1 = 10.0;
  double phi_h = 0.05, phi_n = 0.1, phi_r = 1.0;
  double tau_r = 30.0;
  double epsilon = 1e-4, k_Ca = 15.0;
  double Ca_initial = 0.1;
};

struct GpState {
  double v = -62.0, h = 0.0, n = 0.0, r = 0.0, ca = 0.1;
};

struct GpGates {
  double m_inf, h_inf, n_inf, a_inf, r_inf, s_inf;
  double tau_hn;  // tau_h = tau_n
};

SPIKEFIT_HD GpGates gp_gates(double v) {
  GpGates g;
  g.m_inf = boltzmann(v, -37.0, 10.0);
  g.h_inf = boltzmann(v, -58.0, -12.0);
  g.n_inf = boltzmann(v, -50.0, 14.0);
  g.a_inf = boltzmann(v, -57.0, 2.0);
  g.r_inf = boltzmann(v, -70.0, -2.0);
  g.s_inf = boltzmann(v, -35.0, 2.0);
  g.tau_hn = 0.05 + 0.27 / (1.0 + guarded_exp((v + 40.0) / 12.0));
  return g;
}

SPIKEFIT_HD GpState gp_steady_state(const GpParams& p, double v) {
  const GpGates g = gp_gates(v);
  GpState s;
  s.v = v;
  s.h = g.h_inf;
  s.n = g.n_inf;
  s.r = g.r_inf;
  s.ca = p.Ca_initial;
  return s;
}

SPIKEFIT_HD IonicConductances gp_conductances(const GpParams& p, const GpState& s,
                                              const GpGates& g) {
  const double n2 = s.n * s.n;
  return IonicConductances{p.g_L,
                           p.g_Na * g.m_inf * g.m_inf * g.m_inf * s.h,
                           p.g_K * n2 * n2,
                           p.g_T * g.a_inf * g.a_inf * g.a_inf * s.r,
                           p.g_Ca * g.s_inf * g.s_inf,
                           p.g_AHP * s.ca / (s.ca + p.k1)};
}

SPIKEFIT_HD GpState gp_derivatives(const GpParams& p, const GpState& s, const SynapticInput& syn,
                                   double i_drive) {
  const GpGates g = gp_gates(s.v);
  const IonicConductances c = gp_conductances(p, s, g);
  const double i_t = c.T * (s.v - p.E_Ca);
  const double i_ca = c.Ca * (s.v - p.E_Ca);
  const double i_ion = c.L * (s.v - p.E_L) + c.K * (s.v - p.E_K) + c.Na * (s.v - p.E_Na) + i_t +
                       i_ca + c.AHP * (s.v - p.E_K);
  GpState d;
  d.v = (-i_ion - synaptic_current(syn, s.v) + i_drive) / p.C;
  d.h = p.phi_h * (g.h_inf - s.h) / g.tau_hn;
  d.n = p.phi_n * (g.n_inf - s.n) / g.tau_hn;
  d.r = p.phi_r * (g.r_inf - s.r) / p.tau_r;
  d.ca = p.epsilon * (-i_ca - i_t - p.k_Ca * s.ca);
  return d;
}

SPIKEFIT_HD void gp_step(const GpParams& p, GpState& s, const SynapticInput& syn, double i_drive,
                         double dt, BgIntegrator integrator) {
  if (integrator == BgIntegrator::kEuler) {
    const GpState d = gp_derivatives(p, s, syn, i_drive);
    s.v += dt * d.v;
    s.h += dt * d.h;
    s.n += dt * d.n;
    s.r += dt * d.r;
    s.ca += dt * d.ca;
    return;
  }
  const GpGates g = gp_gates(s.v);
  const IonicConductances c = gp_conductances(p, s, g);
  const double i_t = c.T * (s.v - p.E_Ca);
  const double i_ca = c.Ca * (s.v - p.E_Ca);
  const double total_g = c.L + c.Na + c.K + c.T + c.Ca + c.AHP + syn.conductance;
  const double source = c.L * p.E_L + c.Na * p.E_Na + (c.K + c.AHP) * p.E_K +
                        (c.T + c.Ca) * p.E_Ca + syn.conductance_reversal + i_drive;
  const double ca_inf = -(i_ca + i_t) / p.k_Ca;
  s.v = membrane_exponential_step(s.v, total_g, source, 1.0 / p.C, dt);
  s.h = relax(s.h, g.h_inf, p.phi_h / g.tau_hn, dt, integrator);
  s.n = relax(s.n, g.n_inf, p.phi_n / g.tau_hn, dt, integrator);
  s.r = relax(s.r, g.r_inf, p.phi_r / p.tau_r, dt, integrator);
  s.ca = relax(s.ca, ca_inf, p.epsilon * p.k_Ca, dt, integrator);
}

// ---------------------------------------------------------------- TC (thalamocortical relay)
struct TcParams {
  double C = 1.0;
  double g_L = 0.05, E_L = -70.0;
  double g_Na = 3.0, E_Na = 50.0;
  double g_K = 5.0, E_K = -75.0;
  double g_T = 5.0, E_T = 0.0;
};

struct TcState {
  double v = -62.0, h = 0.0, r = 0.0;
};

struct TcGates {
  double m_inf, p_inf, h_inf, r_inf, tau_h, tau_r;
};

SPIKEFIT_HD TcGates tc_gates(double v) {
  TcGates g;
  g.m_inf = boltzmann(v, -37.0, 7.0);
  g.p_inf = boltzmann(v, -60.0, 6.2);
  g.h_inf = boltzmann(v, -41.0, -4.0);
  g.r_inf = boltzmann(v, -84.0, -4.0);
  const double a_h = 0.128 * guarded_exp(-(v + 46.0) / 18.0);
  const double b_h = 4.0 / (1.0 + guarded_exp(-(v + 23.0) / 5.0));
  g.tau_h = 1.0 / (a_h + b_h);
  g.tau_r = 0.15 * (28.0 + guarded_exp(-(v + 25.0) / 10.5));
  return g;
}

SPIKEFIT_HD TcState tc_steady_state(const TcParams&, double v) {
  const TcGates g = tc_gates(v);
  TcState s;
  s.v = v;
  s.h = g.h_inf;
  s.r = g.r_inf;
  return s;
}

// Conductances L, Na, K, T (the T entry of IonicConductances; Ca and AHP are 0).
SPIKEFIT_HD IonicConductances tc_conductances(const TcParams& p, const TcState& s,
                                              const TcGates& g) {
  const double k = 0.75 * (1.0 - s.h);
  const double k2 = k * k;
  return IonicConductances{p.g_L,
                           p.g_Na * g.m_inf * g.m_inf * g.m_inf * s.h,
                           p.g_K * k2 * k2,
                           p.g_T * g.p_inf * g.p_inf * s.r,
                           0.0,
                           0.0};
}

SPIKEFIT_HD TcState tc_derivatives(const TcParams& p, const TcState& s, const SynapticInput& syn,
                                   double i_drive) {
  const TcGates g = tc_gates(s.v);
  const IonicConductances c = tc_conductances(p, s, g);
  const double i_ion =
      c.L * (s.v - p.E_L) + c.K * (s.v - p.E_K) + c.Na * (s.v - p.E_Na) + c.T * (s.v - p.E_T);
  TcState d;
  d.v = (-i_ion - synaptic_current(syn, s.v) + i_drive) / p.C;
  d.h = (g.h_inf - s.h) / g.tau_h;
  d.r = (g.r_inf - s.r) / g.tau_r;
  return d;
}

SPIKEFIT_HD void tc_step(const TcParams& p, TcState& s, const SynapticInput& syn, double i_drive,
                         double dt, BgIntegrator integrator) {
  if (integrator == BgIntegrator::kEuler) {
    const TcState d = tc_derivatives(p, s, syn, i_drive);
    s.v += dt * d.v;
    s.h += dt * d.h;
    s.r += dt * d.r;
    return;
  }
  const TcGates g = tc_gates(s.v);
  const IonicConductances c = tc_conductances(p, s, g);
  const double total_g = c.L + c.Na + c.K + c.T + syn.conductance;
  const double source =
      c.L * p.E_L + c.Na * p.E_Na + c.K * p.E_K + c.T * p.E_T + syn.conductance_reversal + i_drive;
  s.v = membrane_exponential_step(s.v, total_g, source, 1.0 / p.C, dt);
  s.h = relax(s.h, g.h_inf, 1.0 / g.tau_h, dt, integrator);
  s.r = relax(s.r, g.r_inf, 1.0 / g.tau_r, dt, integrator);
}

}  // namespace spikefit::engine::bg
