* memcosim: NMOS access transistor, SPICE level 1 (Shichman-Hodges), written for memcosim.
* Generic long-channel values of a ~0.35 um-class process (not a fit to any foundry):
*   VTO 0.5 V, KP 120 uA/V^2 (u0*Cox), GAMMA 0.4 sqrt(V) body effect, PHI 0.7 V,
*   LAMBDA 0.05 1/V channel-length modulation. Default instance: W = 4 um, L = 0.5 um,
*   gate at 1.2 V. Junction and capacitance parameters are left at ngspice's defaults.
.model nmos_l1 nmos (level=1 vto=0.5 kp=120e-6 gamma=0.4 phi=0.7 lambda=0.05)
