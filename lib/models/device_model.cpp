#include "models/device_model.hpp"

namespace memcosim::models {

std::optional<std::size_t> DeviceModel::find_parameter(std::string_view name) const {
    for (std::size_t index = 0; index < data_->parameters.size(); ++index) {
        if (data_->parameters[index].name == name) return index;
    }
    return std::nullopt;
}

std::vector<double> DeviceModel::default_values() const {
    std::vector<double> values;
    values.reserve(data_->parameters.size());
    for (const auto& parameter : data_->parameters) values.push_back(parameter.default_value);
    return values;
}

}  // namespace memcosim::models
