// IR-drop surrogate of 1T1R arrays (calibrate/irdrop_1t1r_calibration.hpp):
// the transistor fold against the exact series-cell solve (closed form for a
// square-law transistor), a small calibration against the exact 1T1R solver
// and ngspice (16x16 in worker processes: SPICE vs solver vs surrogate) that
// must beat every baseline and reproduce from its own JSON, and bad input:
// a 1T1R calibration used for 1R arrays and the reverse, a file without its
// transistor card, another card or gate.
#include "calibrate/irdrop_1t1r_calibration.hpp"
#include "core/error.hpp"
#include "solver/series_cell.hpp"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#include <cmath>
#include <fmt/format.h>

using namespace memcosim;
using namespace memcosim::calibrate;
using Catch::Matchers::ContainsSubstring;

TEST_CASE("the transistor fold equals the exact series cell for a square-law transistor", "[calibrate][1t1r]") {
    solver::CompactTransistor t;  // square law: no CLM, no mobility degradation, a sharp turn-on
    t.vt0 = 0.5;
    t.body = 0.0;
    t.m = 1.2;
    t.beta = 1e-3;
    t.subthreshold_ideality = 0.3;
    const double v_gate = 1.2;
    const auto on = on_state_for_range(t, v_gate, 1e-4, 0.3);
    // The square law: R_on = 1 / (beta Vgt), V_knee = 2 Vgt / m.
    CHECK(std::abs(on.on_resistance * t.beta * 0.7 - 1.0) < 1e-4);
    CHECK(std::abs(on.knee_voltage * t.m / (2.0 * 0.7) - 1.0) < 1e-3);

    CrossbarArray a;
    a.conductance.resize(3, 4);
    a.conductance << 1e-6, 1e-5, 5e-5, 1e-4, 2e-5, 8e-5, 3e-6, 6e-5, 1e-4, 1e-4, 1e-4, 1e-4;
    a.inputs = Eigen::Vector3d(0.05, 0.3, 0.2);
    const RowMajorMatrix folded = surrogate::folded_conductances(a, on, {});
    const solver::MemoryLaw memory = [&](Eigen::Index k, double v, double& i, double& slope) {
        slope = a.conductance.data()[k];
        i = slope * v;
    };
    const solver::AccessLaw access = [&](Eigen::Index, double d, double s, double& i, double& dd, double& ds) {
        const auto e = solver::evaluate(t, v_gate, d, s);
        i = e.current;
        dd = e.d_drain;
        ds = e.d_source;
    };
    for (Eigen::Index i = 0; i < 3; ++i) {
        for (Eigen::Index j = 0; j < 4; ++j) {
            const auto exact = solver::solve_series_pair(i * 4 + j, a.inputs(i), 0.0, 0.0, memory, access);
            INFO("cell " << i << "," << j);
            CHECK(std::abs(folded(i, j) * a.inputs(i) - exact.current) < 1e-6 * exact.current);
            // The transistor matters: the fold is not the bare memory.
            if (a.conductance(i, j) >= 5e-5) CHECK(folded(i, j) < 0.97 * a.conductance(i, j));
        }
    }
}

namespace {

IrDropCalibrationSpec small_spec() {
    IrDropCalibrationSpec spec;
    spec.cell = "1T1R";
    spec.transistor = "level1";
    spec.sizes = {16, 24, 32, 48};
    spec.r_wire = {1.0, 5.0};
    spec.conductance = {1e-6, 1e-4};
    spec.inputs = {0.1, 0.3};
    spec.source = "spice";
    spec.spice_max_size = 16;  // the 16x16 cases in ngspice, the rest with the exact solver
    spec.training_cases = 8;
    spec.held_out_cases = 8;
    spec.seed = 3;
    spec.workers = 2;
    spec.worker = {MEMCOSIM_BINARY, {"calibrate-worker"}};
    return spec;
}

void quiet(const std::string&) {}

}  // namespace

TEST_CASE("a 1T1R calibration beats every baseline vs the exact solver and ngspice, and reproduces",
          "[calibrate][1t1r][spice]") {
    const Calibration c = calibrate_irdrop(small_spec(), quiet);
    CHECK(c.model == irdrop_1t1r_model_name);
    CHECK(calibrated_cell(c) == "1T1R");
    CHECK(c.source == "spice+solver");
    CHECK(c.details.at("transistor").at("card").at("label") == "level1");
    CHECK(c.details.at("transistor").at("v_gate").get<double>() == 1.2);  // the card's nominal, recorded

    // SPICE vs solver: the cases ngspice ran, the exact solver with the
    // fitted compact transistor agrees (its fit error: RMS ~3e-4).
    int spice_cases = 0;
    for (const auto& k : c.details.at("cases")) {
        if (k.at("reference") != "spice") continue;
        ++spice_cases;
        CHECK(k.at("rows").get<long>() == 16);
        CHECK(k.at("solver_vs_spice").at("max").get<double>() < 2e-3);
        // ...and the surrogate against ngspice on the same array.
        CHECK(k.at("models").at("ours: transistor fold + attenuation (calibrated)").at("max").get<double>() < 0.03);
    }
    CHECK(spice_cases >= 1);

    // Held out, pooled over every column: the bounds, and below every baseline.
    INFO(c.details.at("pooled").dump(1));
    CHECK(c.held_out.median <= 0.01);
    CHECK(c.held_out.p95 <= 0.03);
    const auto& pooled = c.details.at("pooled");
    const auto& ours = pooled.at("ours: transistor fold + attenuation (calibrated)");
    for (const auto& [name, baseline] : pooled.items()) {
        if (name.rfind("ours", 0) == 0) continue;
        INFO(name);
        CHECK(ours.at("median").get<double>() < baseline.at("median").get<double>());
        CHECK(ours.at("p95").get<double>() < baseline.at("p95").get<double>());
    }
    // Ignoring the transistor is far off: it matters in this range.
    CHECK(pooled.at("(n) ignore the transistor: attenuation on G").at("median").get<double>() > 0.03);

    // The same inputs, read back from the file's JSON, give the same parameters.
    IrDropCalibrationSpec recorded =
        IrDropCalibrationSpec::from_json(calibration_from_json(to_json(c), "memory").inputs, "memory");
    recorded.worker = small_spec().worker;
    recorded.workers = 2;
    const Calibration again = calibrate_irdrop(recorded, quiet);
    REQUIRE(again.parameters.size() == c.parameters.size());
    for (std::size_t k = 0; k < c.parameters.size(); ++k) {
        INFO(c.parameters[k].first);
        CHECK(std::abs(again.parameters[k].second - c.parameters[k].second) <=
              1e-12 * std::max(1.0, std::abs(c.parameters[k].second)));
    }
    CHECK(again.details.at("transistor").at("on_state") == c.details.at("transistor").at("on_state"));
}

namespace {

// A 1T1R calibration as a file would hold it (no data run needed).
Calibration recorded_1t1r() {
    Calibration c;
    c.surrogate = "irdrop";
    c.model = irdrop_1t1r_model_name;
    for (const auto& n : surrogate::FoldingParameters::names()) c.parameters.emplace_back(n, 1.0);
    for (const auto& n : surrogate::AttenuationParameters::names()) c.parameters.emplace_back(n, 1.0);
    c.range.choices["cell"] = {"1T1R"};
    c.details["transistor"] = {{"card", card_json(experiments::load_transistor_card("level1"))},
                               {"v_gate", 1.2},
                               {"on_state", {{"on_resistance", 1500.0}, {"knee_voltage", 1.4}}}};
    return c;
}

}  // namespace

TEST_CASE("1T1R IR-drop calibrations refuse the wrong cells, card or gate", "[calibrate][1t1r]") {
    IrDropCalibrationSpec spec = small_spec();
    spec.transistor.clear();
    CHECK_THROWS_WITH(spec.validate(), ContainsSubstring("--cell 1T1R needs --transistor"));
    spec = small_spec();
    spec.cell = "1R";
    CHECK_THROWS_WITH(spec.validate(), ContainsSubstring("--transistor and --v-gate apply to --cell 1T1R only"));

    const Calibration c = recorded_1t1r();
    const OneTransistorIrDrop model = irdrop_1t1r_model_from(c, "cal.json");
    CHECK(model.model.transistor().on_resistance == 1500.0);
    // Used on a 1R array, or a 1R calibration used on 1T1R cells.
    CHECK_THROWS_WITH(require_cell(c, "1R", "cal.json"), ContainsSubstring("calibrated for 1T1R cells"));
    Calibration one_r = c;
    one_r.model = "attenuation";
    one_r.range.choices["cell"] = {"1R"};
    CHECK_THROWS_WITH(irdrop_1t1r_model_from(one_r, "cal.json"), ContainsSubstring("calibrated for 1R cells"));
    CHECK_THROWS_AS(irdrop_model_from(c, "cal.json"), InputError);  // the 1R surrogate refuses it too
    // Its transistor card missing.
    Calibration no_card = c;
    no_card.details.erase("transistor");
    CHECK_THROWS_WITH(irdrop_1t1r_model_from(no_card, "cal.json"), ContainsSubstring("without its transistor card"));
    no_card = c;
    no_card.details["transistor"].erase("card");
    CHECK_THROWS_WITH(irdrop_1t1r_model_from(no_card, "cal.json"), ContainsSubstring("details.transistor"));
    // Another card, or another gate voltage.
    CHECK_NOTHROW(require_same_transistor(model, experiments::load_transistor_card("level1"), 1.2, "cal.json"));
    CHECK_THROWS_WITH(require_same_transistor(model, experiments::load_transistor_card("bsim4"), 1.2, "cal.json"),
                      ContainsSubstring("calibrated for transistor level1, not --transistor bsim4"));
    CHECK_THROWS_WITH(require_same_transistor(model, experiments::load_transistor_card("level1"), 1.0, "cal.json"),
                      ContainsSubstring("not --v-gate 1 V"));
}
