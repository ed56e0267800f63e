"""Hyvarinen score matching for the unnormalised double-well density
q(x) = exp(-a x^4 + b x^2), whose normaliser has no closed form. log q is linear in (a, b),
so the score-matching objective is quadratic in them and the estimate is one 2 x 2 linear
solve: no normaliser, no sampling from the model. It converges to the true (a, b)."""
import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(5)
a_true, b_true = 1.0, 2.0                  # modes at x = +-1


def sample(size):
    """Exact samples by rejection from N(0, 1): q(x) / N(x; 0, 1) is at most
    const * exp(25/16), reached at x^2 = 5/4."""
    out = np.empty(0)
    while out.size < size:
        x = rng.normal(size=2 * size)
        log_ratio = -a_true * x**4 + (b_true + 0.5) * x**2 - 25 / 16
        out = np.concatenate([out, x[np.log(rng.uniform(size=x.size)) < log_ratio]])
    return out[:size]


def score_matching(x):
    """log q = theta . T(x) with theta = (a, b), T = (-x^4, x^2). The model score is
    psi = theta . T'(x) and its derivative theta . T''(x), so
    J(theta) = mean(psi' + psi^2 / 2) = theta . mean(T'') + theta' mean(T' T'^T) theta / 2,
    minimised at theta = -mean(T' T'^T)^(-1) mean(T'')."""
    d1 = np.stack([-4 * x**3, 2 * x])                  # T'(x),  2 x N
    d2 = np.stack([-12 * x**2, 2 * np.ones_like(x)])   # T''(x), 2 x N
    return -np.linalg.solve(d1 @ d1.T / x.size, d2.mean(axis=1))


sizes, repeats = [100, 300, 1000, 3000, 10000, 30000], 20
theta_true = np.array([a_true, b_true])
rms = []
for n in sizes:
    errors = [np.sum((score_matching(sample(n)) - theta_true) ** 2) for _ in range(repeats)]
    rms.append(np.sqrt(np.mean(errors) / 2))
rms = np.array(rms)
slope = np.polyfit(np.log(sizes), np.log(rms), 1)[0]

data = sample(20000)
a_hat, b_hat = score_matching(data)
print(f"true (a, b) = ({a_true:.4f}, {b_true:.4f})")
print(f"score matching on 20000 samples: ({a_hat:.4f}, {b_hat:.4f})")
for n, e in zip(sizes, rms, strict=True):
    print(f"N = {n:5d}: RMS error of (a, b) over {repeats} data sets {e:.4f}")
print(f"log-log slope of the error against N: {slope:.4f}")

# Normalise on a grid only to draw the densities; the estimator never needed it
grid = np.linspace(-2.5, 2.5, 400)
def density(a, b):
    q = np.exp(-a * grid**4 + b * grid**2)
    return q / (q.sum() * (grid[1] - grid[0]))

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(8, 3.2), layout="constrained")
ax1.hist(data, bins=60, range=(-2.5, 2.5), density=True, color="0.8", label="20000 samples")
ax1.plot(grid, density(a_true, b_true), "k", lw=2, label="true density")
ax1.plot(grid, density(a_hat, b_hat), "C1--", lw=2, label="score-matching fit")
ax1.set(xlabel="x", ylabel="density", title=r"$q(x) = \exp(-a x^4 + b x^2)$")
ax1.legend(fontsize=8)
ax2.loglog(sizes, rms, "o-", label="score matching")
ax2.loglog(sizes, rms[0] * np.sqrt(sizes[0] / np.array(sizes)), "k:", label=r"$\propto 1/\sqrt{N}$")
ax2.set(xlabel="number of samples N", ylabel="RMS error of (a, b)", title="Consistent without Z")
ax2.legend(fontsize=8)

assert abs(a_hat - a_true) < 0.1 and abs(b_hat - b_true) < 0.15, "estimate is off the true (a, b)"
assert rms[-1] < 0.05, f"RMS error {rms[-1]:.3f} at N = {sizes[-1]} is not small"
assert -0.65 < slope < -0.35, f"error does not shrink like 1/sqrt(N) (slope {slope:.2f})"
