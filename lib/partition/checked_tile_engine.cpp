#include "partition/checked_tile_engine.hpp"

#include "core/error.hpp"

#include <chrono>
#include <cmath>
#include <fmt/format.h>

namespace memcosim::partition {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

}  // namespace

CheckedTileEngine::CheckedTileEngine(TileEngine& engine, TileEngine* reference)
    : engine_(engine), reference_(reference) {}

Eigen::MatrixXd CheckedTileEngine::column_currents(const RowMajorMatrix& conductance, const Eigen::MatrixXd& voltages,
                                                   const WireResistance& wires) {
    if (replaying_) {
        if (next_replay_ >= recorded_.size() || recorded_[next_replay_].rows() != conductance.cols() ||
            recorded_[next_replay_].cols() != voltages.cols()) {
            throw EngineError("checked tile engine: the replayed reads differ from the recorded ones");
        }
        return recorded_[next_replay_++];
    }
    auto start = Clock::now();
    Eigen::MatrixXd currents = engine_.column_currents(conductance, voltages, wires);
    engine_seconds_ += seconds_since(start);
    if (reference_ != nullptr) {
        start = Clock::now();
        Eigen::MatrixXd reference = reference_->column_currents(conductance, voltages, wires);
        reference_seconds_ += seconds_since(start);
        append_column_errors(conductance, voltages, currents, reference, errors_);
        recorded_.push_back(std::move(reference));
    }
    return currents;
}

RowMajorMatrix CheckedTileEngine::cell_voltages(const RowMajorMatrix& conductance, const Eigen::VectorXd& voltages,
                                                const WireResistance& wires) {
    return engine_.cell_voltages(conductance, voltages, wires);
}

void CheckedTileEngine::replay_reference() {
    if (reference_ == nullptr) throw EngineError("checked tile engine: no reference engine to replay");
    replaying_ = true;
    next_replay_ = 0;
}

surrogate::ErrorSummary CheckedTileEngine::column_error() const { return surrogate::summarize_errors(errors_); }

void append_column_errors(const RowMajorMatrix& conductance, const Eigen::MatrixXd& voltages,
                          const Eigen::MatrixXd& currents, const Eigen::MatrixXd& reference,
                          std::vector<double>& errors) {
    for (Eigen::Index k = 0; k < voltages.cols(); ++k) {
        const auto v = voltages.col(k);
        const bool one_signed = v.minCoeff() >= 0.0 || v.maxCoeff() <= 0.0;
        Eigen::VectorXd full_scale;
        if (!one_signed) full_scale = conductance.transpose() * v.cwiseAbs();
        for (Eigen::Index j = 0; j < reference.rows(); ++j) {
            const double scale = one_signed ? std::abs(reference(j, k)) : full_scale(j);
            if (scale == 0.0) continue;
            errors.push_back(std::abs(currents(j, k) - reference(j, k)) / scale);
        }
    }
}

}  // namespace memcosim::partition
