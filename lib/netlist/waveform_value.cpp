#include "netlist/waveform_value.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace memcosim::netlist {
namespace {

// ngspice takes a zero rise or fall time as the simulation step; a behavioral
// engine has no such step, so an ideal edge is kept ideal here.
double pulse_value(const Pulse& p, double time) {
    if (time < p.delay) return p.initial;
    double local = time - p.delay;
    if (p.period > 0.0) local = std::fmod(local, p.period);
    if (local < p.rise) return p.initial + (p.pulsed - p.initial) * local / p.rise;
    local -= p.rise;
    if (local < p.width) return p.pulsed;
    local -= p.width;
    if (local < p.fall) return p.pulsed + (p.initial - p.pulsed) * local / p.fall;
    return p.initial;
}

double pwl_value(const PiecewiseLinear& w, double time) {
    if (w.points.empty()) return 0.0;
    if (time <= w.points.front().first) return w.points.front().second;
    if (time >= w.points.back().first) return w.points.back().second;
    const auto after = std::upper_bound(w.points.begin(), w.points.end(), time,
                                        [](double t, const auto& point) { return t < point.first; });
    const auto before = after - 1;
    const double span = after->first - before->first;
    if (span <= 0.0) return after->second;
    return before->second + (after->second - before->second) * (time - before->first) / span;
}

double sine_value(const Sine& w, double time) {
    const double phase = w.phase_degrees * std::numbers::pi / 180.0;
    if (time < w.delay) return w.offset + w.amplitude * std::sin(phase);
    return w.offset + w.amplitude * std::sin(2.0 * std::numbers::pi * w.frequency * (time - w.delay) + phase);
}

void add_pulse_breakpoints(const Pulse& p, double stop, std::vector<double>& times) {
    for (double start = p.delay; start <= stop; start += p.period) {
        for (double offset : {0.0, p.rise, p.rise + p.width, p.rise + p.width + p.fall}) times.push_back(start + offset);
        if (p.period <= 0.0) break;
    }
}

}  // namespace

double waveform_value(const Waveform& waveform, double time) {
    struct Visitor {
        double time;
        double operator()(const Dc& w) const { return w.value; }
        double operator()(const Pulse& w) const { return pulse_value(w, time); }
        double operator()(const PiecewiseLinear& w) const { return pwl_value(w, time); }
        double operator()(const Sine& w) const { return sine_value(w, time); }
    };
    return std::visit(Visitor{time}, waveform);
}

std::vector<double> waveform_breakpoints(const Waveform& waveform, double stop) {
    std::vector<double> times{0.0, stop};
    if (const auto* p = std::get_if<Pulse>(&waveform)) add_pulse_breakpoints(*p, stop, times);
    if (const auto* w = std::get_if<PiecewiseLinear>(&waveform)) {
        for (const auto& point : w->points) times.push_back(point.first);
    }
    if (const auto* s = std::get_if<Sine>(&waveform)) times.push_back(s->delay);
    std::erase_if(times, [stop](double t) { return t < 0.0 || t > stop; });
    std::sort(times.begin(), times.end());
    times.erase(std::unique(times.begin(), times.end()), times.end());
    return times;
}

}  // namespace memcosim::netlist
