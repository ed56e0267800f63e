"""EM for a one-dimensional mixture of three Gaussians, started far from the answer. The E-step
computes each point's responsibilities; the M-step refits weights, means and variances as
responsibility-weighted averages. The log-likelihood is recorded after every iteration and
never decreases, which is EM's central guarantee."""
import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(11)

true_weights = np.array([0.3, 0.5, 0.2])
true_means = np.array([-2.0, 1.0, 4.0])
true_sds = np.array([0.7, 1.0, 0.5])
N = 600
labels = rng.choice(3, size=N, p=true_weights)
x = rng.normal(true_means[labels], true_sds[labels])


def log_joint(x, weights, means, sds):
    """N x K matrix of log pi_k + log N(x_n; mu_k, sigma_k^2)."""
    z = (x[:, None] - means) / sds
    return np.log(weights) - 0.5 * z ** 2 - np.log(sds * np.sqrt(2 * np.pi))


def logsumexp(a):
    m = a.max(axis=1, keepdims=True)
    return (m + np.log(np.exp(a - m).sum(axis=1, keepdims=True)))[:, 0]


def log_likelihood(weights, means, sds):
    return logsumexp(log_joint(x, weights, means, sds)).sum()


# A poor start: all three means inside the left cluster, one shared wide variance.
weights, means, sds = np.ones(3) / 3, np.array([-3.0, -2.5, -2.0]), np.full(3, x.std())
history = [log_likelihood(weights, means, sds)]
for iteration in range(1, 1001):
    # E-step: responsibilities r_nk = p(z_n = k | x_n), computed in log space for stability.
    lj = log_joint(x, weights, means, sds)
    r = np.exp(lj - logsumexp(lj)[:, None])
    # M-step: weighted counts, means and variances.
    Nk = r.sum(axis=0)
    weights = Nk / N
    means = (r * x[:, None]).sum(axis=0) / Nk
    sds = np.sqrt((r * (x[:, None] - means) ** 2).sum(axis=0) / Nk)
    history.append(log_likelihood(weights, means, sds))
    if history[-1] - history[-2] < 1e-10:
        break
history = np.array(history)
steps = np.diff(history)
order = np.argsort(means)                                # components have no fixed order
weights, means, sds = weights[order], means[order], sds[order]
ll_true = log_likelihood(true_weights, true_means, true_sds)

print(f"EM iterations: {iteration}")
print(f"Log-likelihood: start {history[0]:.4f}, after 1 step {history[1]:.4f}, "
      f"final {history[-1]:.4f}")
print(f"Log-likelihood at the true parameters: {ll_true:.4f}")
print(f"Smallest change between iterations: {steps.min():.3e}")
print("weights: true", np.round(true_weights, 4), " EM", np.round(weights, 4))
print("means:   true", np.round(true_means, 4), " EM", np.round(means, 4))
print("sds:     true", np.round(true_sds, 4), " EM", np.round(sds, 4))

fig, axes = plt.subplots(1, 2, figsize=(8, 3.2), layout="constrained")
ax = axes[0]
grid = np.linspace(x.min() - 1, x.max() + 1, 400)
heights, _, _ = ax.hist(x, bins=40, density=True, color="0.8", label="data")
components = np.exp(log_joint(grid, weights, means, sds))       # pi_k N(x; mu_k, sigma_k^2)
for k in range(3):
    ax.plot(grid, components[:, k], lw=1, ls="--", color="C0",
            label="weighted components" if k == 0 else None)
ax.plot(grid, components.sum(axis=1), color="k", lw=1.5, label="fitted mixture")
ax.set_ylim(0, 1.4 * heights.max())
ax.set_xlabel("x")
ax.set_ylabel("density")
ax.set_title("Fitted mixture")
ax.legend(fontsize=8, loc="upper left", ncols=2)
ax = axes[1]
# Iteration 0 (the start) is far below and left out, so that the later climb is visible.
ax.plot(np.arange(1, len(history)), history[1:], marker=".", ms=3, lw=1, label="EM")
ax.axhline(ll_true, color="C3", ls=":", label="at true parameters")
ax.set_xscale("log")
ax.set_xlabel("iteration (log scale)")
ax.set_ylabel("log-likelihood")
ax.set_title("Log-likelihood after each iteration")
ax.legend(fontsize=8, loc="center left")

assert np.all(steps >= -1e-9), f"log-likelihood decreased by {-steps.min():.2e}"
assert iteration < 1000, "EM did not converge within 1000 iterations"
assert history[-1] >= ll_true, "EM ended below the likelihood of the true parameters"
assert np.all(np.abs(means - true_means) < 0.3), "recovered means are off by more than 0.3"
assert np.all(np.abs(weights - true_weights) < 0.07), "recovered weights are off by more than 0.07"
