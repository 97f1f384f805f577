#pragma once
// libngspice opened with dlopen and the sharedspice.h entry points resolved
// from it. Opening at run time instead of linking is what lets the engine
// throw away an instance that called its exit callback (its globals are then
// in an undefined state) and start a fresh one in the same process.
//
// Internal to lib/spice: it exposes the C types of sharedspice.h.
#include <ngspice/sharedspice.h>

namespace memcosim::spice::detail {

// Function pointers with exactly the signatures of sharedspice.h, so a
// mismatch with the installed header is a compile error, not a crash.
struct NgspiceApi {
    decltype(&::ngSpice_Init) init = nullptr;
    decltype(&::ngSpice_Command) command = nullptr;
    decltype(&::ngSpice_Circ) circ = nullptr;
    decltype(&::ngSpice_CurPlot) cur_plot = nullptr;
    decltype(&::ngSpice_AllVecs) all_vecs = nullptr;
    decltype(&::ngGet_Vec_Info) get_vec_info = nullptr;
    decltype(&::ngSpice_running) running = nullptr;
};

// One dlopen handle. The destructor dlcloses it, which unmaps the library
// (and with it all of ngspice's global state) once nothing else holds it.
class Library {
public:
    // Throws EngineError naming the library and dlerror() if it cannot be
    // opened or lacks a symbol.
    Library();
    ~Library();
    Library(const Library&) = delete;
    Library& operator=(const Library&) = delete;

    [[nodiscard]] const NgspiceApi& api() const { return api_; }

    // The soname opened; the versioned name is used so that the run-time
    // package suffices (the unversioned .so link comes only with -dev).
    static constexpr const char* file_name = "libngspice.so.0";

private:
    void* handle_ = nullptr;
    NgspiceApi api_;
};

}  // namespace memcosim::spice::detail
