"""Bayesian updating for a coin: the Beta-Bernoulli model.

With a Beta(a, b) prior on the probability of heads mu, the posterior after h heads and t tails
is Beta(a + h, b + t): each flip just adds one to a count. We flip a coin with mu = 0.3 a
thousand times from a uniform Beta(1, 1) prior, and watch the posterior mean move towards 0.3
while the 95% credible interval shrinks roughly like 1 / sqrt(n).
"""
import math

import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(0)
true_mu, n_max, a0, b0 = 0.3, 1000, 1.0, 1.0
flips = (rng.random(n_max) < true_mu).astype(int)
heads = np.concatenate([[0], np.cumsum(flips)])  # heads[n] = heads in the first n flips

grid = np.linspace(0, 1, 20001)[1:-1]  # avoid the endpoints, where log densities blow up


def beta_pdf(a, b):
    """Beta(a, b) density on the grid, computed in logs for stability."""
    log_norm = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
    return np.exp(log_norm + (a - 1) * np.log(grid) + (b - 1) * np.log(1 - grid))


def credible_interval(a, b, level=0.95):
    """Equal-tailed interval from the numerically integrated CDF (no scipy needed)."""
    cdf = np.cumsum(beta_pdf(a, b))
    cdf /= cdf[-1]
    tail = (1 - level) / 2
    return np.interp(tail, cdf, grid), np.interp(1 - tail, cdf, grid)


ns = np.unique(np.geomspace(1, n_max, 60).astype(int))
a_post, b_post = a0 + heads[ns], b0 + ns - heads[ns]  # the whole update: add the counts
post_mean = a_post / (a_post + b_post)
intervals = np.array([credible_interval(a, b) for a, b in zip(a_post, b_post, strict=True)])
widths = intervals[:, 1] - intervals[:, 0]

for n in (10, 100, 1000):
    i = np.searchsorted(ns, n)
    print(f"after {n:4d} flips: {heads[n]:3d} heads, posterior Beta({a_post[i]:.0f}, "
          f"{b_post[i]:.0f}), mean {post_mean[i]:.4f}, 95% interval "
          f"[{intervals[i, 0]:.4f}, {intervals[i, 1]:.4f}], width {widths[i]:.4f}")
i10, i100, i1000 = (np.searchsorted(ns, n) for n in (10, 100, 1000))
print(f"width ratio n=10 / n=1000: {widths[i10] / widths[i1000]:.2f}"
      f" (1/sqrt(n) scaling predicts {math.sqrt(1000 / 10):.2f})")

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(8, 3.2), layout="constrained")
for n in (0, 1, 5, 20, 100, 1000):
    pdf = beta_pdf(a0 + heads[n], b0 + n - heads[n])
    ax1.plot(grid[::20], pdf[::20], lw=1.2, label=f"n = {n}")
ax1.axvline(true_mu, color="k", ls=":", lw=1, label="true mu = 0.3")
ax1.set_xlabel("mu (probability of heads)")
ax1.set_ylabel("posterior density")
ax1.set_title("Posterior Beta(1 + heads, 1 + tails)")
ax1.legend(fontsize=7)
ax2.fill_between(ns, intervals[:, 0], intervals[:, 1], alpha=0.3, label="95% credible interval")
ax2.semilogx(ns, post_mean, lw=1.5, label="posterior mean")
ax2.semilogx(ns, heads[ns] / ns, ".", ms=3, color="C1", label="fraction of heads (ML)")
ax2.axhline(true_mu, color="k", ls=":", lw=1, label="true mu")
ax2.set_xlabel("number of flips n")
ax2.set_ylabel("mu")
ax2.set_title("Updating with more flips")
ax2.legend(fontsize=7)

a, b = a_post[i1000], b_post[i1000]
post_sd = math.sqrt(a * b / ((a + b) ** 2 * (a + b + 1)))  # sd of the final Beta posterior
assert abs(post_mean[i1000] - true_mu) < 3 * post_sd, f"final mean {post_mean[i1000]:.4f} is off"
assert post_sd < 0.02, f"the final posterior is still wide (sd {post_sd:.4f})"
assert intervals[i1000, 0] < true_mu < intervals[i1000, 1], "true rate outside the final interval"
assert widths[i10] > widths[i100] > widths[i1000], "the interval does not shrink from 10 to 1000"
assert widths[i1000] < 0.2 * widths[i10], "the credible interval did not shrink enough"
large_n_width = 2 * 1.96 * math.sqrt(true_mu * (1 - true_mu) / n_max)  # normal approximation
assert abs(widths[i1000] / large_n_width - 1) < 0.1, f"final width is far from {large_n_width:.4f}"
