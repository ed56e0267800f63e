"""Fit a single Gaussian q to a two-component mixture p by minimising KL(p || q) (forward) and
KL(q || p) (reverse), both computed by numerical integration on a grid and minimised by a
brute-force search over the mean and standard deviation of q. The forward fit covers both
modes (it matches p's mean and variance); the reverse fit locks onto one mode."""
import math

import matplotlib.pyplot as plt
import numpy as np

x = np.linspace(-8, 8, 801)
dx = x[1] - x[0]

def gauss(x, m, s):
    return np.exp(-0.5 * ((x - m) / s) ** 2) / (s * np.sqrt(2 * np.pi))

def mass_below_zero(m, s):
    return 0.5 * (1 + math.erf(-m / (s * math.sqrt(2))))    # Gaussian CDF at 0

# The target p: two well-separated Gaussians of unequal weight.
weights, means, std = np.array([0.35, 0.65]), np.array([-2.0, 2.0]), 0.6

def mixture(x):
    return sum(w * gauss(x, m, std) for w, m in zip(weights, means))

p = mixture(x)
p_mean = np.sum(x * p) * dx
p_var = np.sum((x - p_mean) ** 2 * p) * dx

# Candidate Gaussians: every (mean, std) pair on a grid; one row of means at a time.
m_grid = np.linspace(-4, 4, 161)
s_grid = np.linspace(0.2, 4, 96)
M, S = np.meshgrid(m_grid, s_grid, indexing="ij")
forward, reverse = np.empty(M.shape), np.empty(M.shape)
log_p = np.log(p)
for j, s in enumerate(s_grid):
    log_q = -0.5 * ((x - m_grid[:, None]) / s) ** 2 - np.log(s * np.sqrt(2 * np.pi))
    q = np.exp(log_q)
    forward[:, j] = np.sum(p * (log_p - log_q), axis=1) * dx   # KL(p || q): expectation under p
    reverse[:, j] = np.sum(q * (log_q - log_p), axis=1) * dx   # KL(q || p): expectation under q

i_f = np.unravel_index(forward.argmin(), forward.shape)
i_r = np.unravel_index(reverse.argmin(), reverse.shape)
m_f, s_f = M[i_f], S[i_f]
m_r, s_r = M[i_r], S[i_r]

p_below_zero = sum(w * mass_below_zero(m, std) for w, m in zip(weights, means))
print(f"target p: mean {p_mean:.4f}, variance {p_var:.4f}, mass below 0 {p_below_zero:.4f}")
for name, m, s in [("forward KL(p||q)", m_f, s_f), ("reverse KL(q||p)", m_r, s_r)]:
    below = mass_below_zero(m, s)
    print(f"{name} fit: mean {m:.4f}, variance {s**2:.4f}, mass below 0 {below:.4f}")
left = np.unravel_index(np.where(M < 0, reverse, np.inf).argmin(), M.shape)
print(f"best reverse fit with mean < 0: mean {M[left]:.4f}, variance {S[left]**2:.4f}, "
      f"KL(q||p) {reverse[left]:.4f}")
print(f"forward fit: KL(p||q) {forward[i_f]:.4f}, KL(q||p) {reverse[i_f]:.4f}")
print(f"reverse fit: KL(p||q) {forward[i_r]:.4f}, KL(q||p) {reverse[i_r]:.4f}")

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(8, 3.2), layout="constrained")
xs = np.linspace(-6, 6, 300)                # a coarser grid is enough for drawing
ax1.fill_between(xs, mixture(xs), color="gray", alpha=0.3, label="target p (mixture)")
ax1.plot(xs, gauss(xs, m_f, s_f), label="argmin KL(p || q)")
ax1.plot(xs, gauss(xs, m_r, s_r), label="argmin KL(q || p)")
ax1.set_xlim(-6, 6)
ax1.set_xlabel("x")
ax1.set_ylabel("density")
ax1.set_title("Best Gaussian under each direction")
ax1.legend(fontsize="small")
# For each candidate mean, the KL with the best standard deviation for that mean.
ax2.plot(m_grid, forward.min(axis=1), label="forward KL(p || q)")
ax2.plot(m_grid, reverse.min(axis=1), label="reverse KL(q || p)")
ax2.set_ylim(0, 3)
ax2.set_xlabel("mean of q (best std for each mean)")
ax2.set_ylabel("KL (nats)")
ax2.set_title("One basin forward, two basins reverse")
ax2.legend(fontsize="small")

# Forward KL over Gaussians is solved by moment matching: same mean and variance as p.
assert abs(m_f - p_mean) < 0.1, f"forward fit mean {m_f:.3f} is not p's mean {p_mean:.3f}"
assert abs(s_f**2 / p_var - 1) < 0.1, f"forward fit variance {s_f**2:.3f} is not p's {p_var:.3f}"
assert s_f**2 > 3 * std**2, "forward fit is not much wider than one mode"
assert 0.2 < mass_below_zero(m_f, s_f) < 0.8, "forward fit does not spread over both modes"
assert abs(m_r - means[1]) < 0.2, f"reverse fit mean {m_r:.3f} is not at the heavier mode"
assert abs(s_r / std - 1) < 0.2, f"reverse fit std {s_r:.3f} is not one mode's width"
assert mass_below_zero(m_r, s_r) < 0.01, "reverse fit puts noticeable mass on the other mode"
