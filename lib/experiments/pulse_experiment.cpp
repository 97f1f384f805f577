#include "experiments/pulse_experiment.hpp"

#include "core/error.hpp"

#include <algorithm>

namespace memcosim::experiments {

PulseCurve run_pulse_train(const DeviceUnderTest& device, const PulseTrain& train, EngineKind engine,
                           spice::Engine* spice_engine) {
    if (train.read_voltage == 0.0) throw InputError("pulse train: the read voltage must not be 0 V");
    const PulseTrainWaveform drive = pulse_train_waveform(train);
    const double step = std::min({train.width, train.read_width, train.gap}) / 500.0;
    PulseCurve curve;
    curve.trace = run_device(device, drive.waveform, {drive.stop, step}, engine, spice_engine);
    for (double t : drive.read_times) {
        const double v = interpolate(curve.trace.time, curve.trace.voltage, t);
        curve.conductance.push_back(interpolate(curve.trace.time, curve.trace.current, t) / v);
        if (!curve.trace.states.empty()) curve.state.push_back(interpolate(curve.trace.time, curve.trace.states[0], t));
    }
    return curve;
}

}  // namespace memcosim::experiments
