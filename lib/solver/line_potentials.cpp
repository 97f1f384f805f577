#include "solver/line_potentials.hpp"

#include "solver/pcg.hpp"

#include <cmath>
#include <limits>

namespace memcosim::solver::detail {

double end_conductance(const LineTermination& end, double wire) {
    return end.floating ? 0.0 : 1.0 / (wire + end.resistance);
}

namespace {

// The KCL system of line_potentials.hpp on the vector [a; c] of all R + C
// lines. Fixed lines are kept out of it by a mask: their entries of x, of
// the right-hand side and of every product are 0, so CG (which starts from
// 0) never leaves the subspace of the unknown lines.
class LineSystem final : public PcgProblem {
public:
    explicit LineSystem(const CrossbarArray& a) : G_(a.conductance), R_(a.rows()), C_(a.cols()) {
        mask_.resize(R_ + C_);
        end_.resize(R_ + C_);
        source_.resize(R_ + C_);
        const double wire_r = a.ideal_wires() ? 0.0 : a.row_wire_resistance;
        const double wire_c = a.ideal_wires() ? 0.0 : a.column_wire_resistance;
        for (Index i = 0; i < R_; ++i) set_line(i, a.row_driver(i), wire_r, a.inputs(i));
        for (Index j = 0; j < C_; ++j) set_line(R_ + j, a.column_termination(j), wire_c, a.column_bias_voltage(j));
        diagonal_ = end_;
        diagonal_.head(R_) += G_.rowwise().sum();
        diagonal_.tail(C_) += G_.colwise().sum().transpose();
        build_rhs(a);
    }

    [[nodiscard]] Index size() const override { return R_ + C_; }
    [[nodiscard]] double rhs_norm() const override { return rhs_.norm(); }
    double apply(const double* x, double* y) override { return product(x, y, false); }
    double residual(const double* x, double* r) override {
        product(x, r, false);
        Eigen::Map<Eigen::VectorXd> res(r, size());
        res = rhs_ - res;
        return res.squaredNorm();
    }
    void precondition(const double* r, double* z) override {
        Eigen::Map<Eigen::VectorXd>(z, size()) =
            Eigen::Map<const Eigen::VectorXd>(r, size()).cwiseQuotient(diagonal_).cwiseProduct(mask_);
    }
    // eps * || |A||x| + |b| ||, as in crossbar_system.hpp.
    double residual_floor(const double* x) override {
        Eigen::VectorXd y(size());
        product(x, y.data(), true);
        return std::numeric_limits<double>::epsilon() * (y + rhs_.cwiseAbs()).norm();
    }

    // Fixed lines at their sources, the others from x.
    [[nodiscard]] Eigen::VectorXd potentials(const Eigen::VectorXd& x) const {
        return mask_.cwiseProduct(x) + (Eigen::VectorXd::Ones(size()) - mask_).cwiseProduct(source_);
    }

private:
    void set_line(Index k, const LineTermination& end, double wire, double source) {
        mask_(k) = is_fixed(end) ? 0.0 : 1.0;
        end_(k) = is_fixed(end) ? 0.0 : end_conductance(end, wire);
        source_(k) = end.floating ? 0.0 : source;
    }

    // e V from the line's own source, the Norton currents, and the fixed
    // lines' potentials through the cells that cross them.
    void build_rhs(const CrossbarArray& a) {
        const Eigen::VectorXd fixed = (Eigen::VectorXd::Ones(size()) - mask_).cwiseProduct(source_);
        rhs_ = end_.cwiseProduct(source_);
        rhs_.head(R_) += G_ * fixed.tail(C_);
        rhs_.tail(C_) += G_.transpose() * fixed.head(R_);
        if (a.cell_source_currents.size() != 0) {
            rhs_.head(R_) -= a.cell_source_currents.rowwise().sum();
            rhs_.tail(C_) += a.cell_source_currents.colwise().sum().transpose();
        }
        rhs_ = rhs_.cwiseProduct(mask_);
    }

    // y = A x (or |A| |x| when `absolute`); returns x . y.
    double product(const double* x, double* y, bool absolute) {
        Eigen::Map<const Eigen::VectorXd> in(x, size());
        Eigen::Map<Eigen::VectorXd> out(y, size());
        const Eigen::VectorXd masked =
            absolute ? Eigen::VectorXd(in.cwiseAbs().cwiseProduct(mask_)) : Eigen::VectorXd(in.cwiseProduct(mask_));
        const double sign = absolute ? 1.0 : -1.0;
        out.head(R_) = diagonal_.head(R_).cwiseProduct(masked.head(R_)) + sign * (G_ * masked.tail(C_));
        out.tail(C_) = diagonal_.tail(C_).cwiseProduct(masked.tail(C_)) + sign * (G_.transpose() * masked.head(R_));
        out = out.cwiseProduct(mask_);
        return masked.dot(out);
    }

    const RowMajorMatrix& G_;
    Index R_, C_;
    Eigen::VectorXd mask_, end_, source_, diagonal_, rhs_;
};

}  // namespace

LinePotentials ideal_wire_line_potentials(const CrossbarArray& array, double relative_tolerance, int max_iterations) {
    LinePotentials result;
    if (array.default_periphery()) {  // every line at its ideal source: nothing to solve
        result.rows = array.inputs;
        result.columns = Eigen::VectorXd::Zero(array.cols());
        return result;
    }
    LineSystem system(array);
    Eigen::VectorXd x;
    const PcgOutcome outcome = run_pcg(system, {relative_tolerance, max_iterations, {}}, x);
    const Eigen::VectorXd all = system.potentials(x);
    result.rows = all.head(array.rows());
    result.columns = all.tail(array.cols());
    result.iterations = outcome.iterations;
    result.relative_residual = outcome.relative_residual;
    result.converged = outcome.converged;
    return result;
}

}  // namespace memcosim::solver::detail
