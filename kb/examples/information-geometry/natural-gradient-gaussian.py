"""Natural gradient against plain gradient descent when fitting a Gaussian.

We fit N(mu, sigma^2) to data by maximum likelihood, once in coordinates (mu, sigma) and once
in (mu, log sigma). Plain gradient descent needs a different tuned step size in each system,
takes different paths and hundreds of steps. The natural gradient F^{-1} grad converges in a
few dozen steps with one untuned step size, and its paths in the two systems approach each
other as the step size shrinks: only the distributions matter, not the coordinates.
"""
import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(0)
data = rng.normal(10.0, 10.0, size=500)
m, v = data.mean(), data.var()  # the maximum-likelihood fit is N(m, v)
mu0, sigma0, tol, n_steps = 0.0, 3.0, 1e-6, 3000


def kl(mu_a, sigma_a, mu_b, sigma_b):
    """KL(N(mu_a, sigma_a^2) || N(mu_b, sigma_b^2)), a coordinate-free distance."""
    return np.log(sigma_b / sigma_a) + (sigma_a**2 + (mu_a - mu_b) ** 2) / (2 * sigma_b**2) - 0.5


def nll_grad(mu, sigma):
    """Gradient of the average negative log-likelihood with respect to (mu, sigma)."""
    spread = v + (mu - m) ** 2  # mean of (x - mu)^2 over the data
    return (mu - m) / sigma**2, 1 / sigma - spread / sigma**3


def descend(step, coords, natural):
    """n_steps of gradient descent from (mu0, sigma0). step may be an array of step sizes."""
    mu = np.full(np.shape(step), mu0)
    sigma = np.full(np.shape(step), sigma0)
    path = [(mu, sigma)]
    for _ in range(n_steps):
        g_mu, g_sigma = nll_grad(mu, sigma)
        if coords == "sigma":
            # The Fisher matrix in (mu, sigma) is diag(1/sigma^2, 2/sigma^2).
            f_mu, f_s = (1 / sigma**2, 2 / sigma**2) if natural else (1.0, 1.0)
            mu, sigma = mu - step * g_mu / f_mu, sigma - step * g_sigma / f_s
        else:
            g_log = g_sigma * sigma  # chain rule: d/d(log sigma) = sigma * d/d(sigma)
            # The Fisher matrix in (mu, log sigma) is diag(1/sigma^2, 2).
            f_mu, f_s = (1 / sigma**2, 2.0) if natural else (1.0, 1.0)
            log_sigma = np.log(sigma) - np.clip(step * g_log / f_s, -50, 50)
            mu, sigma = mu - step * g_mu / f_mu, np.exp(log_sigma)
        sigma = np.where(sigma > 0, sigma, np.nan)  # a step to sigma <= 0 leaves the model
        path.append((mu, sigma))
    return np.array(path)  # shape (n_steps + 1, 2) or (n_steps + 1, 2, len(step))


def steps_to_fit(path):
    """First step from which on KL(best fit || current) stays below tol (inf if never)."""
    with np.errstate(invalid="ignore"):
        far = ~(kl(m, np.sqrt(v), path[:, 0], path[:, 1]) < tol)
    last_far = len(path) - 1 - np.argmax(far[::-1], axis=0)  # last step that was not close
    return np.where(far[-1], np.inf, np.where(far.any(axis=0), last_far + 1, 0))


def path_gap(path_a, path_b):
    """Largest KL between the distributions the two runs reach at the same step."""
    return np.nanmax(kl(path_a[:, 0], path_a[:, 1], path_b[:, 0], path_b[:, 1]))


runs, same_step = {}, {}
with np.errstate(all="ignore"):  # some plain-GD step sizes overflow: that is the point
    # Plain gradient descent: in each coordinate system, the best of 51 step sizes.
    grid = np.geomspace(1e-3, 100, 51)
    for coords, label in (("sigma", "(mu, sigma)"), ("log", "(mu, log sigma)")):
        best = grid[np.argmin(steps_to_fit(descend(grid, coords, natural=False)))]
        runs[f"plain GD, {label}"] = (best, descend(best, coords, natural=False))
    # Natural gradient: the same untuned step size, 0.2, in both coordinate systems.
    runs["natural GD, (mu, sigma)"] = (0.2, descend(0.2, "sigma", natural=True))
    runs["natural GD, (mu, log sigma)"] = (0.2, descend(0.2, "log", natural=True))
    # Invariance: with a common step size, do the two coordinate systems agree?
    gaps = {}
    for step in (0.2, 0.05):
        for kind in ("natural", "plain"):
            pair = [descend(step, coords, kind == "natural") for coords in ("sigma", "log")]
            gaps[kind, step] = path_gap(*pair)
            same_step[kind] = pair  # keeps the runs with step 0.05 for the figure

steps = {name: steps_to_fit(path) for name, (_, path) in runs.items()}
for name, (step, _) in runs.items():
    print(f"{name:28s} step size {step:6.3f}: {steps[name]:4.0f} steps to KL < {tol:g}")
for (kind, step), gap in gaps.items():
    print(f"{kind:7s} GD, step {step}: largest KL between the (mu, sigma) and"
          f" (mu, log sigma) runs {gap:.4f}")

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(8, 3.4), layout="constrained")
mu_grid, log_s_grid = np.meshgrid(np.linspace(-2, 22, 120), np.linspace(0.5, 3.5, 120))
ax1.contour(mu_grid, np.exp(log_s_grid), kl(m, np.sqrt(v), mu_grid, np.exp(log_s_grid)),
            levels=[0.01, 0.1, 0.5, 1, 2], colors="lightgray", linewidths=0.8)
for kind, color in (("plain", "C0"), ("natural", "C2")):
    for path, coords, style in zip(same_step[kind], ("sigma", "log sigma"), ("-", "--"),
                                   strict=True):
        shown = path[:800:4]  # every 4th of the first 800 steps
        ax1.plot(shown[:, 0], shown[:, 1], style, color=color, lw=1.5,
                 label=f"{kind}, (mu, {coords})")
ax1.plot(m, np.sqrt(v), "k*", ms=10, label="best fit")
ax1.set_yscale("log")
ax1.set_xlabel("mu")
ax1.set_ylabel("sigma (log scale)")
ax1.set_yticks([2, 3, 5, 10, 20], labels=["2", "3", "5", "10", "20"])
ax1.tick_params(axis="y", which="minor", labelleft=False)
ax1.set_title("Paths from (0, 3): step 0.05, 800 steps")
ax1.legend(fontsize=7)
for (name, (_, path)), style in zip(runs.items(), ["-", "-", "o-", "s--"], strict=True):
    ax2.semilogy(kl(m, np.sqrt(v), path[:500, 0], path[:500, 1]), style, ms=2, lw=1,
                 markevery=5, label=name.replace(" GD", ""))
ax2.axhline(tol, color="gray", ls=":", lw=1)
ax2.set_ylim(1e-8, 1e5)
ax2.set_xlabel("step")
ax2.set_ylabel("KL(best fit || current)")
ax2.set_title("Tuned plain GD against natural GD")
ax2.legend(fontsize=7, ncols=2, loc="upper right")

n_nat = max(steps["natural GD, (mu, sigma)"], steps["natural GD, (mu, log sigma)"])
n_plain = min(steps["plain GD, (mu, sigma)"], steps["plain GD, (mu, log sigma)"])
assert n_nat <= 50, f"natural gradient took {n_nat} steps"
assert n_plain >= 5 * n_nat, f"tuned plain GD ({n_plain} steps) is not far slower than {n_nat}"
assert gaps["natural", 0.05] < 0.1 * gaps["natural", 0.2], "natural paths do not merge"
assert gaps["natural", 0.05] < 0.1 * gaps["plain", 0.05], "natural paths not closer than plain"
