#include "calibrate/spice_jobs.hpp"

#include "calibrate/delay_calibration.hpp"
#include "calibrate/irdrop_cases.hpp"
#include "calibrate/irdrop_cell_cases.hpp"
#include "calibrate/sneak_netlist.hpp"
#include "generators/crossbar_generator.hpp"
#include "netlist/spice_writer.hpp"
#include "spice/engine.hpp"

#include <chrono>
#include <fmt/format.h>

namespace memcosim::calibrate {

using nlohmann::json;

namespace {

json irdrop_job(spice::Engine& engine, const json& request) {
    const CrossbarArray array = make_array(irdrop_case_from_json(request.at("case")));
    const auto start = std::chrono::steady_clock::now();
    const spice::RunResult result = engine.run(netlist::write_spice_lines(generators::build_crossbar_circuit(array)));
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::vector<double> currents;
    for (Eigen::Index j = 0; j < array.cols(); ++j) {
        currents.push_back(result.vector(generators::CrossbarNames::sense_current_vector(j)).real.at(0));
    }
    return {{"ok", true}, {"currents", currents}, {"seconds", seconds}};
}

}  // namespace

json run_spice_job(const json& request) {
    try {
        const std::string kind = request.at("kind").get<std::string>();
        if (kind == "delay") return run_delay_job(request);
        spice::Engine engine;
        if (kind == "irdrop") return irdrop_job(engine, request);
        if (kind == "irdrop_1t1r") return run_irdrop_1t1r_job(engine, request);
        if (kind == "sneak") return run_sneak_job(engine, request);
        return {{"ok", false}, {"error", fmt::format("unknown job kind '{}'", kind)}};
    } catch (const std::exception& error) {
        return {{"ok", false}, {"error", error.what()}};
    }
}

}  // namespace memcosim::calibrate
