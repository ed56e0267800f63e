"""Exact maximum-likelihood learning of a fully visible Boltzmann machine with 4 binary units,
computing the negative phase by enumerating all 16 states. Gradient ascent raises the
log-likelihood at every step and stops where the model's pairwise moments equal the data's
(positive phase = negative phase)."""
import itertools

import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(0)
n = 4
states = np.array(list(itertools.product([0, 1], repeat=n)), dtype=float)  # all 16 states
pairs = list(itertools.combinations(range(n), 2))
labels = [f"x{i + 1}x{j + 1}" for i, j in pairs] + [f"x{i + 1}" for i in range(n)]


def features(x):
    """Sufficient statistics: the 6 products x_i x_j, then the 4 units x_i."""
    return np.column_stack([x[:, i] * x[:, j] for i, j in pairs] + [x[:, i] for i in range(n)])


phi = features(states)                                   # 16 x 10


def model_probs(theta):
    """p(x) = exp(-E(x)) / Z with -E(x) = theta . phi(x); Z by summing over all 16 states."""
    neg_energy = phi @ theta
    p = np.exp(neg_energy - neg_energy.max())
    return p / p.sum()


# Data: 1000 samples from a Boltzmann machine with random weights and biases
theta_true = rng.normal(scale=1.0, size=phi.shape[1])
data = states[rng.choice(16, size=1000, p=model_probs(theta_true))]
p_data = np.array([np.all(data == s, axis=1).mean() for s in states])  # empirical distribution
positive_phase = features(data).mean(axis=0)             # <x_i x_j>_data and <x_i>_data

theta = np.zeros(phi.shape[1])                           # weights w_ij, then biases b_i
# Gradient ascent with the exact gradient. The Hessian is -Cov_model(phi), whose eigenvalues
# are at most 10 * 1/4 for ten features in [0, 1]; a step below 2 / 2.5 never lowers the likelihood.
lr, loglik = 0.7, []
for _ in range(2000):
    p_model = model_probs(theta)
    loglik.append(np.sum(p_data[p_data > 0] * np.log(p_model[p_data > 0])))  # mean log p(data)
    negative_phase = p_model @ phi                       # <x_i x_j>_model, exact
    theta += lr * (positive_phase - negative_phase)
p_model = model_probs(theta)
loglik = np.array(loglik)
moment_gap = np.abs(positive_phase - p_model @ phi).max()
best_possible = np.sum(p_data[p_data > 0] * np.log(p_data[p_data > 0]))  # log-lik of p_data itself

print(f"mean log-likelihood: start {loglik[0]:.4f}, end {loglik[-1]:.4f}"
      f" (empirical distribution: {best_possible:.4f})")
print(f"largest |data moment - model moment| over pairs and means at the end: {moment_gap:.2e}")
print("pair moments, data :", " ".join(f"{m:.4f}" for m in positive_phase[:6]))
print("pair moments, model:", " ".join(f"{m:.4f}" for m in (p_model @ phi)[:6]))
print("largest |learned - true parameter| (sampling error of 1000 cases):",
      f"{np.abs(theta - theta_true).max():.4f}")

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(8, 3.2), layout="constrained")
ax1.plot(np.arange(1, len(loglik) + 1), loglik, label="Boltzmann machine")
ax1.axhline(best_possible, color="k", linestyle=":", label="empirical distribution")
ax1.set(xscale="log", xlabel="gradient step", ylabel="mean log-likelihood (nats)",
        title="Log-likelihood rises")
ax1.legend(fontsize=8)
pos = np.arange(len(labels))
ax2.bar(pos - 0.27, positive_phase, width=0.27, label="data")
ax2.bar(pos, model_probs(np.zeros_like(theta)) @ phi, width=0.27, label="model, start")
ax2.bar(pos + 0.27, p_model @ phi, width=0.27, label="model, end")
ax2.set_xticks(pos, labels, rotation=45, fontsize=8)
ax2.set(ylabel="expected value", ylim=(0, 1.1), title="Positive vs negative phase moments")
ax2.legend(fontsize=7, ncols=3, loc="upper left")

assert np.all(np.diff(loglik) > -1e-12), "the log-likelihood decreased during learning"
assert loglik[-1] - loglik[0] > 0.3, "learning barely improved the log-likelihood"
assert moment_gap < 1e-6, f"positive and negative phases differ by {moment_gap:.2e} at the end"
assert loglik[-1] < best_possible, "a model cannot beat the empirical distribution on its own data"
