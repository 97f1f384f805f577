// Under MEMCOSIM_SANITIZE: the twin tests run ngspice, which never frees part
// of what ngSpice_Init allocates (see tests/spice/sanitizer_options.cpp), so
// leak checking is off for this executable; address and UB checks stay on.
#if defined(__SANITIZE_ADDRESS__)
extern "C" const char* __asan_default_options() { return "detect_leaks=0"; }
#endif
