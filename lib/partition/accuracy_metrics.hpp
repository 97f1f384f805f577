#pragma once
// How far a computed product is from the ideal one, per input vector:
//  - relative error of output j of vector k: |y_hat_kj - y_kj| / max_j |y_kj|,
//    i.e. against the vector's full scale, the range an output ADC must
//    cover (an element-wise ratio would explode on outputs near zero);
//  - cosine similarity of y_hat_k and y_k.
// Vectors whose ideal output is all zero are left out of both.
#include <Eigen/Dense>

namespace memcosim::partition {

struct OutputError {
    double mean_relative = 0.0;   // over every output of every vector
    double worst_relative = 0.0;
    double mean_cosine = 1.0;     // over vectors
    double min_cosine = 1.0;
    Eigen::Index vectors = 0;     // vectors that counted
};

// ideal, actual: K x N, one output vector per row.
[[nodiscard]] OutputError compare_outputs(const Eigen::MatrixXd& ideal, const Eigen::MatrixXd& actual);

// Largest |a - b| over the largest |reference| (0 if both are 0): how two
// engines agree on the same outputs.
[[nodiscard]] double relative_max_difference(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b,
                                             const Eigen::MatrixXd& reference);

}  // namespace memcosim::partition
