#pragma once
// Everything an STDP test bench needs, checked once: the device, the scheme,
// the pre and post spike shapes (amplitudes chosen from the device's
// thresholds where the spec leaves them out) and the read voltage at which
// "conductance" is measured.
//
// Scheme overlap (two-terminal): the pre neuron drives the top electrode, the
// post neuron the bottom one. The device is oriented so that its SET
// terminal p is the bottom (post) electrode: V(p,n) = V_post - V_pre. With
// the bipolar shape a post spike that starts during the pre spike's negative
// tail (post after pre, dt = t_post - t_pre > 0) puts a_plus + a_minus e^(...)
// across the device: potentiation; the reverse order gives the mirror
// voltage: depression. Each spike alone stays below the thresholds.
//
// Scheme gate (1T1R): the pre spike is the access transistor's gate pulse,
// the post spike drives the top electrode; the gate samples the post
// waveform (neuro/stdp_gate_waveform.hpp explains why that gives a window).
//
// Scheme differential: two devices, G+ and G-, weight G+ - G-; the post
// spike's positive phase drives G+ and its negative phase G-, so that each
// device is only ever SET: dt > 0 raises G+, dt < 0 raises G-
// (neuro/stdp_bench.hpp has the wiring).
#include "experiments/device_experiment.hpp"
#include "experiments/transistor_card.hpp"
#include "neuro/spike_waveform.hpp"
#include "neuro/stdp_thresholds.hpp"

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace memcosim::models {
class Evaluator;
}

namespace memcosim::neuro {

enum class StdpScheme { overlap, gate, differential };

// "overlap", "gate", "differential" -> scheme; InputError listing the schemes otherwise.
[[nodiscard]] StdpScheme parse_stdp_scheme(const std::string& text);
[[nodiscard]] const char* to_string(StdpScheme scheme);

// Fractions of the lower threshold used for amplitudes the spec leaves out:
// each alone below the threshold, their sum (1.35) well above it.
inline constexpr double auto_a_plus = 0.70;
inline constexpr double auto_a_minus = 0.65;
inline constexpr double read_fraction = 0.25;  // read voltage as a fraction of the lower threshold
// Gate scheme: the post spike alone is blocked by the closed transistor, so
// its phases may exceed the thresholds; the transistor's drop is taken from
// them while the gate is open.
inline constexpr double gate_auto_a_plus = 1.25;  // of the SET threshold
inline constexpr double gate_auto_a_minus = 1.2;  // of the RESET threshold: changes of a few %

struct StdpSetup {
    experiments::DeviceUnderTest device;
    StdpScheme scheme = StdpScheme::overlap;
    SpikeShape pre, post;
    SwitchingThresholds thresholds;
    double v_read = 0.0;  // V: G = I(v_read, x) / v_read
    std::optional<experiments::TransistorCard> transistor;  // gate scheme only: the access transistor
    std::string transistor_spec;                            // gate scheme only: as given ("level1", FILE:w=..)
};

// Finds the thresholds, fills amplitudes the specs do not set, and checks
// that each spike alone stays below the thresholds and that an overlap can
// cross them. Throws InputError (naming the model, the spec and the numbers)
// for a model without the thresholds the scheme needs, or bad amplitudes.
// `transistor` (gate scheme only): "level1", "bsim4" or FILE[:w=..,l=..]
// (experiments/transistor_card.hpp). Whether the transistor can pass enough
// current to program the device is checked in ngspice before a run
// (neuro/stdp_gate_check.hpp).
[[nodiscard]] StdpSetup make_stdp_setup(experiments::DeviceUnderTest device, StdpScheme scheme,
                                        std::string_view pre_spec, std::string_view post_spec,
                                        const std::string& transistor = "level1");

// True if `spec` (SHAPE:K=V,...) sets parameter `key` explicitly.
[[nodiscard]] bool spec_sets(std::string_view spec, std::string_view key);

// G(x) = I(v_read, x) / v_read for the first state (other states at their
// initial values), and its inverse by bisection.
class ConductanceReader {
public:
    explicit ConductanceReader(const StdpSetup& setup);
    ~ConductanceReader();
    ConductanceReader(const ConductanceReader&) = delete;
    ConductanceReader& operator=(const ConductanceReader&) = delete;

    [[nodiscard]] double conductance(double state);
    // The state in [0, 1] whose conductance is g (G monotone in the state);
    // InputError if g is outside [G(0), G(1)].
    [[nodiscard]] double state_for(double g);

private:
    std::unique_ptr<models::Evaluator> evaluator_;
    std::vector<double> states_;
    double v_read_;
};

}  // namespace memcosim::neuro
