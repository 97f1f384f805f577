#include "spice/library.hpp"

#include "core/error.hpp"

#include <dlfcn.h>
#include <fmt/format.h>
#include <string>

namespace memcosim::spice::detail {

namespace {

std::string last_dl_error() {
    const char* message = dlerror();
    return message != nullptr ? message : "unknown dlopen error";
}

template <class Fn>
void resolve(void* handle, const char* name, Fn& target) {
    dlerror();  // clear a stale error so the check below is about this symbol
    void* symbol = dlsym(handle, name);
    if (symbol == nullptr) {
        throw EngineError(fmt::format("ngspice: {} has no symbol {}: {}", Library::file_name, name, last_dl_error()));
    }
    target = reinterpret_cast<Fn>(symbol);
}

}  // namespace

Library::Library() {
    // RTLD_LOCAL keeps ngspice's many short global names (copy, tprintf...)
    // out of the process's symbol scope; RTLD_NOW reports a broken install
    // here rather than at the first call.
    handle_ = dlopen(file_name, RTLD_NOW | RTLD_LOCAL);
    if (handle_ == nullptr) {
        throw EngineError(fmt::format("ngspice: cannot load {} (install libngspice0): {}", file_name, last_dl_error()));
    }
    try {
        resolve(handle_, "ngSpice_Init", api_.init);
        resolve(handle_, "ngSpice_Command", api_.command);
        resolve(handle_, "ngSpice_Circ", api_.circ);
        resolve(handle_, "ngSpice_CurPlot", api_.cur_plot);
        resolve(handle_, "ngSpice_AllVecs", api_.all_vecs);
        resolve(handle_, "ngGet_Vec_Info", api_.get_vec_info);
        resolve(handle_, "ngSpice_running", api_.running);
    } catch (...) {
        dlclose(handle_);
        throw;
    }
}

Library::~Library() {
    if (handle_ != nullptr) {
        dlclose(handle_);
    }
}

}  // namespace memcosim::spice::detail
