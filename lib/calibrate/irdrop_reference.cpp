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

json score_models(const std::vector<std::string>& names, const std::vector<std::function<Eigen::VectorXd()>>& runs,
                  const Eigen::VectorXd& exact, std::vector<std::vector<double>>& pooled) {
    json per_model = json::object();
    for (std::size_t m = 0; m < names.size(); ++m) {
        Eigen::VectorXd predicted;
        const double seconds = best_time(runs[m], predicted, 5);
        std::vector<double> errors;
        surrogate::append_relative_errors(predicted, exact, errors);
        pooled[m].insert(pooled[m].end(), errors.begin(), errors.end());
        json entry = summary_json(surrogate::summarize_errors(errors));
        entry["seconds"] = seconds;
        per_model[names[m]] = entry;
    }
    return per_model;
}

json pooled_summaries(const std::vector<std::string>& names, const std::vector<std::vector<double>>& pooled) {
    json out = json::object();
    for (std::size_t m = 0; m < names.size(); ++m) out[names[m]] = summary_json(surrogate::summarize_errors(pooled[m]));
    return out;
}

json fit_details(const FitReport& report, std::size_t training_arrays) {
    return {{"method", "Levenberg-Marquardt (Eigen NonLinearOptimization, forward-difference Jacobian)"},
            {"status", report.status_text},
            {"evaluations", report.evaluations},
            {"residual_rms", report.residual_rms},
            {"training_arrays", training_arrays}};
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
