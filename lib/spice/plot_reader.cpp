#include "spice/plot_reader.hpp"

#include "spice/failure_classifier.hpp"

#include <cctype>

namespace memcosim::spice::detail {

std::string current_plot_name(const NgspiceApi& api) {
    const char* name = api.cur_plot();
    return name != nullptr ? name : "";
}

std::string plot_type_of(const std::string& plot_name) {
    auto end = plot_name.size();
    while (end > 0 && std::isdigit(static_cast<unsigned char>(plot_name[end - 1])) != 0) {
        --end;
    }
    return plot_name.substr(0, end);
}

void read_current_plot(const NgspiceApi& api, RunResult& result) {
    result.plot_name = current_plot_name(api);
    result.plot_type = plot_type_of(result.plot_name);
    result.vectors.clear();

    // ngspice owns the name array and may reuse it on the next call, so the
    // names are copied before any vector is looked up.
    std::vector<std::string> names;
    if (char** all = api.all_vecs(result.plot_name.data()); all != nullptr) {
        for (; *all != nullptr; ++all) {
            names.emplace_back(*all);
        }
    }

    for (const auto& name : names) {
        // "plot.vector" pins the plot; a vector name may itself hold dots
        // (subcircuit nodes such as "x1.n2"), which ngspice resolves after
        // matching the plot prefix.
        std::string qualified = result.plot_name + "." + name;
        const pvector_info info = api.get_vec_info(qualified.data());
        if (info == nullptr || info->v_length < 0) {
            throw SpiceError(FailureKind::other,
                             format_what(summary(FailureKind::other), {"cannot read vector " + qualified}), {});
        }
        Vector vector;
        vector.name = name;
        const auto length = static_cast<std::size_t>(info->v_length);
        if (info->v_realdata != nullptr) {
            vector.real.assign(info->v_realdata, info->v_realdata + length);
        } else if (info->v_compdata != nullptr) {
            vector.real.reserve(length);
            vector.imag.reserve(length);
            for (std::size_t i = 0; i < length; ++i) {
                vector.real.push_back(info->v_compdata[i].cx_real);
                vector.imag.push_back(info->v_compdata[i].cx_imag);
            }
        }
        result.vectors.push_back(std::move(vector));
    }
}

}  // namespace memcosim::spice::detail
