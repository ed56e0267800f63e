"""Maximum pseudolikelihood against exact maximum likelihood on a 5-spin Ising model, small
enough that the partition function can be summed over all 32 states. Both estimators approach
the true couplings and fields as the sample grows, with errors shrinking like 1/sqrt(T).
Pseudolikelihood never touches Z, and on this small model it loses almost no accuracy."""
import itertools

import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(7)
n = 5
spins = np.array(list(itertools.product([-1, 1], repeat=n)), dtype=float)  # all 32 states
pairs = list(itertools.combinations(range(n), 2))
n_par = len(pairs) + n                                  # 10 couplings J_ij, then 5 fields h_i

# Joint statistics phi(s) = (s_i s_j for i < j, s_i), so log p(s) = theta . phi(s) - log Z
phi = np.column_stack([spins[:, i] * spins[:, j] for i, j in pairs] + list(spins.T))
# Local field of spin i is theta . psi_i(s) with psi_i holding s_j at J_ij and 1 at h_i, and
# log p(s_i | s_-i) = log sigmoid(2 s_i theta . psi_i(s)): rows X = 2 s_i psi_i(s), one per (s, i)
X = np.zeros((len(spins), n, n_par))
for k, (i, j) in enumerate(pairs):
    X[:, i, k], X[:, j, k] = spins[:, j], spins[:, i]
X[:, range(n), len(pairs) + np.arange(n)] = 1.0
X = (2 * spins[:, :, None] * X).reshape(-1, n_par)


def newton(objective):
    """Maximise a concave objective by Newton's method from zero, halving steps that overshoot."""
    theta = np.zeros(n_par)
    for _ in range(100):
        f, g, H = objective(theta)
        step = np.linalg.solve(H, -g)
        while objective(theta + step)[0] < f and np.abs(step).max() > 1e-12:
            step /= 2
        theta = theta + step
        if np.abs(step).max() < 1e-10:
            return theta
    raise RuntimeError("Newton's method did not converge")


def mle(weights):
    """Exact likelihood: gradient = data moments - model moments, Hessian = -Cov_model(phi)."""
    target = weights @ phi
    def objective(theta):
        logits = phi @ theta
        log_z = logits.max() + np.log(np.sum(np.exp(logits - logits.max())))
        p = np.exp(logits - log_z)
        mean = p @ phi
        return target @ theta - log_z, target - mean, -(phi.T * p) @ phi + np.outer(mean, mean)
    return newton(objective)


def mple(weights):
    """Pseudolikelihood: n tied logistic regressions, no partition function anywhere."""
    w = np.repeat(weights, n)                           # each state contributes n conditionals
    def objective(theta):
        u = X @ theta
        sig = 1 / (1 + np.exp(-u))
        return (w @ -np.logaddexp(0, -u), X.T @ (w * (1 - sig)),
                -(X.T * (w * sig * (1 - sig))) @ X)
    return newton(objective)


theta_true = np.concatenate([rng.normal(0, 0.5, len(pairs)), rng.normal(0, 0.3, n)])
p_true = np.exp(phi @ theta_true)
p_true /= p_true.sum()

sizes, repeats = [100, 300, 1000, 3000, 10000, 30000], 20
rms = {"MLE": [], "MPLE": []}
for T in sizes:
    errors = {"MLE": [], "MPLE": []}
    for _ in range(repeats):
        weights = rng.multinomial(T, p_true) / T        # empirical distribution of T samples
        errors["MLE"].append(np.mean((mle(weights) - theta_true) ** 2))
        errors["MPLE"].append(np.mean((mple(weights) - theta_true) ** 2))
    for key in rms:
        rms[key].append(np.sqrt(np.mean(errors[key])))
rms = {key: np.array(val) for key, val in rms.items()}
slope = np.polyfit(np.log(sizes), np.log(rms["MPLE"]), 1)[0]  # -1/2 for a 1/sqrt(T) rate

weights = rng.multinomial(1000, p_true) / 1000          # one data set for the right panel
theta_mle, theta_mple = mle(weights), mple(weights)
for T, e_ml, e_pl in zip(sizes, rms["MLE"], rms["MPLE"], strict=True):
    print(f"T = {T:6d}: RMS error MLE {e_ml:.4f}, MPLE {e_pl:.4f} (ratio {e_pl / e_ml:.4f})")
print(f"log-log slope of the MPLE error against T: {slope:.4f}")
print(f"one data set of 1000: max |MPLE - MLE| = {np.abs(theta_mple - theta_mle).max():.4f}")

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(8, 3.2), layout="constrained")
ax1.loglog(sizes, rms["MLE"], "o-", label="maximum likelihood")
ax1.loglog(sizes, rms["MPLE"], "s-", label="maximum pseudolikelihood")
ax1.loglog(sizes, rms["MLE"][0] * np.sqrt(sizes[0] / np.array(sizes)), "k:",
           label=r"$\propto 1/\sqrt{T}$")
ax1.set(xlabel="number of samples T", ylabel="RMS parameter error", title="Both are consistent")
ax1.legend(fontsize=8)
ax2.plot(theta_true, theta_mle, "o", label="MLE", alpha=0.8)
ax2.plot(theta_true, theta_mple, "s", mfc="none", label="MPLE")
lim = [theta_true.min() - 0.2, theta_true.max() + 0.2]
ax2.plot(lim, lim, "k:", lw=1)
ax2.set(xlabel="true parameter", ylabel="estimate", title="Couplings and fields, T = 1000")
ax2.legend(fontsize=8)

assert rms["MPLE"][-1] < 0.03, f"MPLE error {rms['MPLE'][-1]:.3f} at T = {sizes[-1]} is not small"
assert -0.65 < slope < -0.35, f"MPLE error does not shrink like 1/sqrt(T) (slope {slope:.2f})"
assert np.all(rms["MPLE"] < 1.2 * rms["MLE"]), "MPLE is far less accurate than MLE here"
assert np.abs(theta_mple - theta_mle).max() < 0.05, "MPLE and MLE disagree on the same data"
