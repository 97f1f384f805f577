// The registry of va_models/, presets, ngspice names and the size guard of
// the expression printer.
#include "model_test_support.hpp"
#include "models/model_registry.hpp"
#include "models/spice_lowering.hpp"
#include "models/spice_names.hpp"
#include "netlist/spice_writer.hpp"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#include <cstdlib>
#include <fstream>

namespace memcosim::models::test {
namespace {

using Catch::Matchers::ContainsSubstring;
namespace fs = std::filesystem;

std::string select_error(const ModelRegistry& registry, const std::string& name) {
    try {
        (void)registry.select(name);
    } catch (const InputError& error) {
        return error.what();
    }
    return "";
}

// A scratch folder with the given files, removed afterwards.
struct ScratchFolder {
    fs::path path;
    explicit ScratchFolder(const std::vector<std::pair<std::string, std::string>>& files)
        : path(fs::temp_directory_path() / fmt::format("memcosim-models-{}", std::random_device{}())) {
        fs::create_directories(path);
        for (const auto& [name, text] : files) std::ofstream(path / name) << text;
    }
    ~ScratchFolder() { fs::remove_all(path); }
    ScratchFolder(const ScratchFolder&) = delete;
    ScratchFolder& operator=(const ScratchFolder&) = delete;
};

}  // namespace

TEST_CASE("every model in va_models elaborates and is listed", "[models][registry]") {
    const ModelRegistry registry(va_models_directory());
    const auto listings = registry.list();
    REQUIRE_FALSE(listings.empty());
    for (const ModelListing& listing : listings) {
        INFO(listing.file << ": " << listing.problem);
        CHECK(listing.problem.empty());
        if (!listing.problem.empty()) continue;
        CHECK(listing.ports == std::vector<std::string>{"p", "n"});
        CHECK_FALSE(listing.description.empty());
        CHECK(fs::path(listing.file).stem() == listing.name);
    }
}

TEST_CASE("models are found by name ignoring case, presets by name", "[models][registry]") {
    const ModelRegistry registry(va_models_directory());
    const auto vteam = registry.select("VTeam");
    CHECK(vteam.model.name() == "vteam");
    CHECK(vteam.preset.empty());
    CHECK(vteam.model.description().find("VTEAM") != std::string::npos);
    REQUIRE_FALSE(registry.presets().empty());
    for (const Preset& preset : registry.presets()) {
        INFO("preset " << preset.name);
        const auto chosen = registry.select(preset.name);
        CHECK(chosen.preset == preset.name);
        CHECK(chosen.model.name() == preset.model);
        CHECK(chosen.parameters == preset.parameters);
    }
    CHECK_THAT(select_error(registry, "vtem"),
               ContainsSubstring("no model or preset named 'vtem'") && ContainsSubstring("did you mean 'vteam'"));
}

TEST_CASE("a model file given by path, a folder from the environment", "[models][registry]") {
    ScratchFolder folder(
        {{"mine.va", "// My resistor: a test model.\n" + in_module("", "        I(p, n) <+ V(p, n) / 1k;")},
         {"broken.va", "module broken(p, n);\n"},
         {"presets.json",
          R"({"tiny": {"model": "m", "parameters": {}}, "bad": {"model": "m", "parameters": {"R": 1}}})"}});
    const ModelRegistry registry(folder.path);
    CHECK(registry.select((folder.path / "mine.va").string()).model.description() == "My resistor: a test model.");
    CHECK(registry.select("mine").model.name() == "m");
    CHECK(registry.select("m").model.name() == "m");  // by module name
    CHECK(registry.select("tiny").preset == "tiny");
    CHECK_THAT(select_error(registry, "bad"),
               ContainsSubstring("preset 'bad'") && ContainsSubstring("no parameter 'R'"));
    const auto listings = registry.list();
    REQUIRE(listings.size() == 2);
    CHECK_THAT(listings[0].problem, ContainsSubstring("broken.va"));

    ::setenv("MEMCOSIM_VA_MODELS", folder.path.c_str(), 1);
    CHECK(ModelRegistry::default_directory() == folder.path);
    ::unsetenv("MEMCOSIM_VA_MODELS");
    CHECK(fs::equivalent(ModelRegistry::default_directory(), va_models_directory()));
}

TEST_CASE("malformed presets name the file and the preset", "[models][registry][errors]") {
    CHECK_THROWS_WITH(parse_presets("{", "p.json"), ContainsSubstring("p.json: not valid JSON"));
    CHECK_THROWS_WITH(parse_presets(R"({"a": {"parameters": {}}})", "p.json"),
                      ContainsSubstring("p.json: preset 'a'") && ContainsSubstring("\"model\""));
    CHECK_THROWS_WITH(parse_presets(R"({"a": {"model": "m", "parameters": {"x": "big"}}})", "p.json"),
                      ContainsSubstring("parameter 'x' must be a number"));
}

TEST_CASE("ngspice names avoid reserved words and collisions", "[models][spice]") {
    const auto model = elaborate_text(coverage_model);
    const SpiceNames names = make_spice_names(model);
    const auto name_of = [&](const char* parameter) { return names.parameters[*model.find_parameter(parameter)]; };
    CHECK(name_of("e") == "e_p");
    CHECK(name_of("Time") == "time_p");
    CHECK(name_of("time_p") == "time_p_p");
    CHECK(name_of("pi") == "pi_p");
    CHECK(name_of("g") == "g");
    CHECK(names.state_nodes == std::vector<std::string>{"a", "b"});
    CHECK(names.subcircuit == "coverage");
    const SpiceDevice device = lower_to_spice(model, SubcircuitMode::frozen_state);
    CHECK(device.subcircuit.name == "coverage_frozen");
    CHECK(device.state_parameters == std::vector<std::string>{"state_a", "state_b"});
}

TEST_CASE("a deeply shared expression is printed in linear size", "[models][spice]") {
    std::string body = "        y = V(p, n);\n";
    for (int k = 0; k < 40; ++k) body += "        y = 0.25 * y * y + 0.5 * y + 0.1 * V(p, n);\n";
    body += "        I(p, n) <+ 1e-3 * y;";
    const auto model = elaborate_text(in_module("    real y;\n", body));
    const SpiceDevice device = lower_to_spice(model, SubcircuitMode::dynamic);
    std::size_t characters = 0;
    for (const auto& element : device.subcircuit.elements) {
        if (const auto* source = std::get_if<netlist::BehavioralSource>(&element))
            characters += source->expression.size();
    }
    CHECK(characters < 20000);
    CHECK(device.subcircuit.elements.size() > 5);  // auxiliary nodes carry the shared parts

    netlist::Circuit circuit;
    circuit.subcircuits.push_back(device.subcircuit);
    circuit.add(netlist::VoltageSource{"vd", "a", netlist::ground, netlist::Dc{0.3}});
    circuit.add(netlist::SubcircuitInstance{"x1", {"a", netlist::ground}, device.subcircuit.name, {}});
    circuit.analyses.emplace_back(netlist::OperatingPoint{});
    const double spice = -shared_engine().run(netlist::write_spice_lines(circuit)).vector("i(vd)").real.at(0);
    Evaluator evaluator(model, model.default_values());
    const double expected = evaluator.evaluate(0.3, {}).current;
    CHECK(std::fabs(spice - expected) <= 1e-9 * std::fabs(expected));
}

}  // namespace memcosim::models::test
