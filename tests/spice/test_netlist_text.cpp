#include "spice/netlist_text.hpp"

#include <catch2/catch_test_macros.hpp>

using namespace memcosim::spice::detail;
using Lines = std::vector<std::string>;

TEST_CASE("prepare_netlist appends .end only when missing", "[spice][netlist]") {
    CHECK(prepare_netlist({"t", "R1 a 0 1", ".op"}) == Lines{"t", "R1 a 0 1", ".op", ".end"});
    CHECK(prepare_netlist({"t", ".op", "  .END  "}) == Lines{"t", ".op", "  .END  "});
    // .ends and .endc are not .end; nor is a title reading ".end".
    CHECK(prepare_netlist({".end", ".subckt s a", ".ends", ".op"}).back() == ".end");
    CHECK(prepare_netlist({".end", ".subckt s a", ".ends", ".op"}).size() == 5);
}

TEST_CASE("prepare_netlist splits multi-line strings and drops CRs", "[spice][netlist]") {
    CHECK(prepare_netlist({"t\r\nR1 a 0 1\r\n.op", ".options klu"}) ==
          Lines{"t", "R1 a 0 1", ".op", ".options klu", ".end"});
    CHECK(prepare_netlist({"t", "", ".op"}) == Lines{"t", "", ".op", ".end"});
}

TEST_CASE("has_analysis_card", "[spice][netlist]") {
    for (const char* card : {".op", ".tran 1u 1m", ".DC V1 0 1 0.1", ".ac dec 10 1 1k", ".noise v(o) V1 dec 1 1 10",
                             ".tf v(o) V1", ".sens v(o)", ".pz a 0 b 0 vol pz", ".disto dec 1 1 10", "  .op"}) {
        INFO(card);
        CHECK(has_analysis_card({"t", "R1 a 0 1", card}));
    }
    CHECK_FALSE(has_analysis_card({"t", "R1 a 0 1", ".options klu"}));
    CHECK_FALSE(has_analysis_card({".op", "R1 a 0 1"}));               // the title
    CHECK_FALSE(has_analysis_card({"t", "R1 a 0 1", ".end", ".op"}));  // after .end
    CHECK_FALSE(has_analysis_card({"t", "* .op", ".options"}));
    CHECK_FALSE(has_analysis_card({}));
}
