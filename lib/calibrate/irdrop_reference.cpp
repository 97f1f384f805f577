#include "calibrate/irdrop_reference.hpp"

#include "calibrate/worker_pool.hpp"

#include <fmt/format.h>
#include <thread>

namespace memcosim::calibrate::detail {

using nlohmann::json;

bool goes_to_spice(const IrDropCalibrationSpec& spec, const IrDropCase& c) {
    return spec.source == "spice" && std::max(c.rows, c.cols) <= spec.spice_max_size;
}

json summary_json(const surrogate::ErrorSummary& s) {
    return {{"median", s.median}, {"p95", s.p95}, {"max", s.max}, {"count", s.count}};
}

std::vector<std::optional<SpiceColumnCurrents>> spice_column_currents(const IrDropCalibrationSpec& spec,
                                                                      const std::vector<json>& requests,
                                                                      const std::string& title,
                                                                      const std::string& label, const Log& log) {
    std::vector<std::optional<SpiceColumnCurrents>> out(requests.size());
    if (requests.empty()) return out;
    log(fmt::format("{}: {} {} cases in ngspice ({} worker processes)", title, requests.size(), label,
                    spec.workers > 0 ? spec.workers : static_cast<int>(std::thread::hardware_concurrency())));
    const auto replies = run_in_workers(spec.worker, requests, spec.workers,
                                        [&](std::size_t done, std::size_t total, const json& reply) {
                                            log(fmt::format("  spice {}/{}{}", done, total,
                                                            reply.value("ok", false)
                                                                ? ""
                                                                : ": failed: " + reply.value("error", std::string())));
                                        });
    for (std::size_t k = 0; k < replies.size(); ++k) {
        if (!replies[k].value("ok", false)) continue;  // reported by the progress line
        const auto currents = replies[k].at("currents").get<std::vector<double>>();
        out[k] = SpiceColumnCurrents{
            Eigen::Map<const Eigen::VectorXd>(currents.data(), static_cast<Eigen::Index>(currents.size())),
            replies[k].at("seconds").get<double>()};
    }
    return out;
}

}  // namespace memcosim::calibrate::detail
