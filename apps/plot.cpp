#include "plot.hpp"

#include "core/error.hpp"

#include <cstdio>
#include <filesystem>
#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

namespace memcosim::cli {
namespace {

// gnuplot strings are single-quoted; a quote inside is doubled.
std::string quoted(const std::string& text) {
    std::string out = "'";
    for (char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
    return out + "'";
}

// Runs gnuplot on a script that writes `temporary`, then moves it to `png_path`.
void run_gnuplot(const std::string& script, const std::string& png_path, const std::string& temporary) {
    FILE* pipe = ::popen("gnuplot 2>&1 >/dev/null", "w");
    if (pipe == nullptr) throw EngineError("gnuplot: cannot start (install gnuplot-nox)");
    const bool written = std::fwrite(script.data(), 1, script.size(), pipe) == script.size();
    const int status = ::pclose(pipe);
    std::error_code ignored;
    if (!written || status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
        !std::filesystem::exists(temporary)) {
        std::filesystem::remove(temporary, ignored);
        throw EngineError(fmt::format("gnuplot failed to write {} (is gnuplot-nox installed? exit status {})", png_path,
                                      WIFEXITED(status) ? WEXITSTATUS(status) : -1));
    }
    std::filesystem::rename(temporary, png_path, ignored);
    if (ignored) throw InputError(fmt::format("{}: cannot move plot into place: {}", png_path, ignored.message()));
}

std::string temporary_for(const std::string& png_path) { return fmt::format("{}.tmp.{}.png", png_path, ::getpid()); }

std::string header(const std::string& title, const std::string& temporary) {
    return fmt::format("set terminal pngcairo size 900,720 noenhanced font ',11'\nset output {}\nset title {}\n",
                       quoted(temporary), quoted(title));
}

}  // namespace

void plot_heatmap(const RowMajorMatrix& values, const HeatmapLabels& labels, const std::string& png_path) {
    const std::string temporary = temporary_for(png_path);
    std::string script = "$map << EOD\n";
    for (Eigen::Index i = 0; i < values.rows(); ++i) {
        for (Eigen::Index j = 0; j < values.cols(); ++j) script += fmt::format("{}{:.6g}", j ? " " : "", values(i, j));
        script += '\n';
    }
    script += "EOD\n" + header(labels.title, temporary);
    script += fmt::format("set xlabel {}\nset ylabel {}\nset cblabel {}\n", quoted(labels.x_label),
                          quoted(labels.y_label), quoted(labels.value_label));
    script += fmt::format("set xrange [-0.5:{}]\nset yrange [{}:-0.5]\n", values.cols() - 0.5, values.rows() - 0.5);
    script += "set palette rgbformulae 33,13,10\nset size ratio -1\nplot $map matrix with image notitle\n";
    run_gnuplot(script, png_path, temporary);
}

void plot_lines(const std::vector<Series>& series, const LinePlotLabels& labels, const std::string& png_path) {
    const std::string temporary = temporary_for(png_path);
    std::string script;
    for (std::size_t s = 0; s < series.size(); ++s) {
        script += fmt::format("$s{} << EOD\n", s);
        for (std::size_t k = 0; k < series[s].x.size(); ++k) {
            script += fmt::format("{:.9g} {:.9g}\n", series[s].x[k], series[s].y[k]);
        }
        script += "EOD\n";
    }
    script += header(labels.title, temporary);
    script += fmt::format("set xlabel {}\nset ylabel {}\nset grid\n", quoted(labels.x_label),
                          quoted(labels.y_label));
    if (labels.log_x) script += "set logscale x\n";
    if (labels.log_y) script += "set logscale y\n";
    script += "plot ";
    for (std::size_t s = 0; s < series.size(); ++s) {
        script += fmt::format("{}$s{} with linespoints title {}", s ? ", " : "", s, quoted(series[s].name));
    }
    script += '\n';
    run_gnuplot(script, png_path, temporary);
}

}  // namespace memcosim::cli
