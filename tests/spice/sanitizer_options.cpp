// Under MEMCOSIM_SANITIZE: ngspice itself never frees part of what
// ngSpice_Init allocates, and once the library is dlclosed LeakSanitizer can
// no longer tell those blocks are ngspice's (no module to suppress by name),
// so leak checking is off for this executable only. The [memory] test
// covers growth per run instead; address and UB checks stay on.
#if defined(__SANITIZE_ADDRESS__)
extern "C" const char* __asan_default_options() { return "detect_leaks=0"; }
#endif
