"""Hamiltonian Monte Carlo against random-walk Metropolis on strongly correlated Gaussians, with
the same budget of 20,000 evaluations each: a log-density per Metropolis step, a gradient per
leapfrog step. The 2-D target has unit variances and correlation 0.99, so its principal standard
deviations are 0.1 and 1.41; the 20-D target has ten directions of each. The effective sample
size (ESS) of the slower kind of direction says how many independent draws a chain is worth.
Metropolis gets its best step size from a grid; HMC a step size and trajectory length set from
the two length scales. Both samplers treat all directions alike (isotropic proposals, identity
mass matrix), so they are run in the principal axes and the 2-D chains rotated back to draw."""
import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(1)
budget = 20_000
rho = 0.99
sd_min, sd_max = np.sqrt(1 - rho), np.sqrt(1 + rho)
rotate = np.array([[1.0, 1.0], [-1.0, 1.0]]) / np.sqrt(2)   # principal axes -> (x1, x2)


def autocorrelation(x):
    x = x - x.mean()
    f = np.fft.rfft(x, 2 * len(x))
    return np.fft.irfft(f * np.conj(f))[:len(x)] / (x @ x)


def effective_sample_size(x):
    """S / (1 + 2 sum of autocorrelations), summed while pairs stay positive (Geyer)."""
    if np.ptp(x) == 0:
        return 0.0                                           # the chain never moved
    acf = autocorrelation(x)
    pairs = acf[:-1:2] + acf[1::2]
    stop = np.argmax(pairs < 0) if np.any(pairs < 0) else len(pairs)
    return len(x) / max(2 * pairs[:stop].sum() - 1, 1.0)     # count at most one draw per step


def slowest_ess(chain, sds):
    """ESS averaged over the narrow and over the wide directions; the smaller of the two."""
    return min(np.mean([effective_sample_size(c) for c in chain[:, sds == s].T])
               for s in (sd_min, sd_max))


def random_walk_metropolis(sds, steps, n_steps):
    """One chain per step size, run side by side; one log-density evaluation per step."""
    x = np.zeros((len(steps), len(sds)))
    logp = np.zeros(len(steps))
    chains = np.empty((n_steps, len(steps), len(sds)))
    log_u = np.log(rng.uniform(size=(n_steps, len(steps))))
    for t in range(n_steps):
        proposal = x + steps[:, None] * rng.standard_normal(x.shape)
        logp_new = -0.5 * ((proposal / sds) ** 2).sum(axis=1)   # unnormalised: no Z needed
        accept = log_u[t] < logp_new - logp
        x[accept], logp[accept] = proposal[accept], logp_new[accept]
        chains[t] = x
    return chains


def hmc(sds, eps, n_leapfrog, n_iter):
    """Leapfrog with an identity mass matrix; the step is jittered by +-20% so that no
    trajectory is an exact multiple of a period of the dynamics."""
    x = np.zeros(len(sds))
    chain, accepted, path = np.empty((n_iter, len(sds))), 0, None
    for t in range(n_iter):
        p = rng.standard_normal(len(sds))                    # fresh momentum
        e = eps * rng.uniform(0.8, 1.2)
        x_new = x.copy()
        p_new = p - 0.5 * e * x_new / sds**2                 # grad U(x) = x / sd^2
        trajectory = [x_new]
        for i in range(n_leapfrog):                          # one gradient per step
            x_new = x_new + e * p_new
            p_new = p_new - (e if i < n_leapfrog - 1 else 0.5 * e) * x_new / sds**2
            trajectory.append(x_new)
        h_old = 0.5 * ((x / sds) ** 2).sum() + 0.5 * p @ p
        h_new = 0.5 * ((x_new / sds) ** 2).sum() + 0.5 * p_new @ p_new
        if np.log(rng.uniform()) < h_old - h_new:            # Metropolis correction on H
            x, accepted = x_new, accepted + 1
        if t == 3:
            path = np.array(trajectory)
        chain[t] = x
    return chain, accepted / n_iter, path


results = {}
for d in [2, 20]:
    sds = np.repeat([sd_min, sd_max], d // 2)
    steps = sd_min * np.array([0.5, 1, 2, 4, 8, 16, 32, 64]) / np.sqrt(d / 2)
    rwm = random_walk_metropolis(sds, steps, budget)
    ess = [slowest_ess(rwm[:, k], sds) for k in range(len(steps))]
    best = int(np.argmax(ess))
    eps = 1.2 * sd_min * (2 / d) ** 0.25             # HMC's step shrinks only like d^(-1/4)
    n_leapfrog = int(round(1.6 * sd_max / eps))      # about a quarter turn of the wide scale
    chain, acc, path = hmc(sds, eps, n_leapfrog, budget // n_leapfrog)
    results[d] = dict(rwm=ess[best], step=steps[best], hmc=slowest_ess(chain, sds), acc=acc,
                      L=n_leapfrog, rwm_chain=rwm[:, best], hmc_chain=chain, path=path)

for d, r in results.items():
    print(f"d = {d:2d}: RWM best step {r['step']:.3f}; HMC {r['L']} leapfrog steps, "
          f"acceptance {r['acc']:.2f}")
    print(f"        ESS per 1000 evaluations: RWM {1000 * r['rwm'] / budget:.2f}, "
          f"HMC {1000 * r['hmc'] / budget:.2f}, ratio {r['hmc'] / r['rwm']:.1f}")
two = results[2]
xy_rwm, xy_hmc, xy_path = (two[k] @ rotate.T for k in ("rwm_chain", "hmc_chain", "path"))
corr = np.corrcoef(xy_hmc.T)[0, 1]
print(f"2-D HMC sample correlation:  {corr:.3f} (target {rho})")

fig, axes = plt.subplots(1, 2, figsize=(8, 3.4), layout="constrained")
ax = axes[0]
g = np.linspace(-3.5, 3.5, 60)
gx, gy = np.meshgrid(g, g)
ax.contour(gx, gy, -0.5 * (gx**2 - 2 * rho * gx * gy + gy**2) / (1 - rho**2),
           levels=[-4.5, -2, -0.5], colors="0.6", linewidths=0.8)
shown, L2 = 400, two["L"]                                    # the same cost for both
ax.plot(*xy_rwm[:shown].T, ".-", ms=3, lw=0.4, label=f"RWM, first {shown} steps")
ax.plot(*xy_hmc[:shown // L2 + 1].T, "o", ms=4, label=f"HMC, first {shown // L2 + 1} draws")
ax.plot(*xy_path.T, "-", lw=1.5, color="C3", zorder=3, label="one leapfrog trajectory")
ax.set(xlabel="$x_1$", ylabel="$x_2$", title=f"2-D, after {shown} evaluations each")
ax.legend(fontsize=7, loc="upper left")
ax = axes[1]
names = [f"d = {d}" for d in results]
pos = np.arange(len(results))
ax.bar(pos - 0.2, [1000 * r["rwm"] / budget for r in results.values()], 0.4,
       label="random-walk Metropolis (best step)")
ax.bar(pos + 0.2, [1000 * r["hmc"] / budget for r in results.values()], 0.4,
       label="Hamiltonian Monte Carlo")
ax.set_xticks(pos, names)
for k, r in enumerate(results.values()):
    ax.annotate(f"HMC {r['hmc'] / r['rwm']:.0f}x better", (k, 2000 * r["hmc"] / budget),
                ha="center", fontsize=8)
ax.set(yscale="log", ylim=(0.1, 1000), ylabel="ESS per 1000 evaluations",
       title="Efficiency, slower directions")
ax.legend(fontsize=7, loc="upper left")

ratio_2, ratio_20 = (results[d]["hmc"] / results[d]["rwm"] for d in (2, 20))
assert all(0.6 < r["acc"] < 0.99 for r in results.values()), "HMC acceptance out of range"
assert abs(corr - rho) < 0.005, f"HMC sample correlation {corr:.3f} is off"
assert results[2]["rwm"] > 100, "the Metropolis baseline should work, not be a straw man"
assert ratio_2 > 2, f"in 2-D HMC is only {ratio_2:.1f}x more efficient per evaluation"
assert ratio_20 > 10, f"in 20-D HMC is only {ratio_20:.1f}x more efficient per evaluation"
