"""The classic toy problem of Wiskott and Sejnowski: two fast-varying inputs x1 and x2, built
so that the slow signal sin(t) equals x1 - x2^2, which neither input shows on its own. Here
the inputs are also mixed linearly and carry a little noise. Linear SFA cannot undo the square,
but SFA on a quadratic expansion (expand, whiten, keep the slowest direction of the derivative)
finds it."""
import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(5)

T = 800
t = np.linspace(0, 2 * np.pi, T)
slow_source = np.sin(t)
x1 = np.sin(t) + np.cos(11 * t) ** 2
x2 = np.cos(11 * t)
mixing = rng.normal(size=(2, 2))                      # a random linear mix of the two channels
X = np.column_stack([x1, x2]) @ mixing.T + 0.002 * rng.standard_normal((T, 2))


def quadratic_expansion(X):
    """All monomials of degree 1 and 2: x_i and x_i x_j for i <= j."""
    i, j = np.triu_indices(X.shape[1])
    return np.column_stack([X, X[:, i] * X[:, j]])


def sfa(H, n_out=1):
    """Linear SFA on the columns of H; returns outputs (slowest first) and their slowness."""
    H = H - H.mean(0)
    d, E = np.linalg.eigh(np.cov(H, rowvar=False, bias=True))
    keep = d > 1e-10 * d.max()                        # drop directions with no variance
    U = H @ E[:, keep] / np.sqrt(d[keep])             # whitened: identity covariance
    dU = np.diff(U, axis=0)                           # time derivative by finite differences
    slowness, V = np.linalg.eigh(dU.T @ dU / len(dU))  # ascending: minor components first
    return U @ V[:, :n_out], slowness[:n_out]


def delta(y):
    """Slowness <(y_{t+1} - y_t)^2> of a signal scaled to zero mean and unit variance."""
    y = (y - y.mean()) / y.std()
    return np.mean(np.diff(y) ** 2)


y_linear, _ = sfa(X)
y_quad, _ = sfa(quadratic_expansion(X))
y_linear, y_quad = y_linear[:, 0], y_quad[:, 0]
corr_linear = abs(np.corrcoef(y_linear, slow_source)[0, 1])
corr_quad = abs(np.corrcoef(y_quad, slow_source)[0, 1])
y_linear *= np.sign(np.corrcoef(y_linear, slow_source)[0, 1])        # sign is arbitrary
y_quad *= np.sign(np.corrcoef(y_quad, slow_source)[0, 1])
best_input_corr = max(abs(np.corrcoef(X[:, k], slow_source)[0, 1]) for k in range(2))

print(f"Slowness of the inputs:           {delta(X[:, 0]):.3e}, {delta(X[:, 1]):.3e}")
print(f"Slowness of linear SFA output:    {delta(y_linear):.3e}")
print(f"Slowness of quadratic SFA output: {delta(y_quad):.3e}")
print(f"Slowness of the true sin(t):      {delta(slow_source):.3e}")
print(f"|corr| with sin(t): best input {best_input_corr:.4f}, linear SFA {corr_linear:.4f}, "
      f"quadratic SFA {corr_quad:.4f}")

fig, axes = plt.subplots(1, 2, figsize=(8, 3.2), layout="constrained", sharex=True)
ax = axes[0]
ax.plot(t, X[:, 0], lw=1, label="input 1")
ax.plot(t, X[:, 1], lw=1, label="input 2")
ax.set_title("Observed inputs (mixed, fast)")
ax.set_xlabel("time t")
ax.set_ylabel("value")
ax.legend(fontsize=8, loc="upper left")
ax = axes[1]
ax.plot(t, y_linear, lw=1, color="0.6", label="linear SFA")
ax.plot(t, y_quad, lw=2, label="quadratic SFA")
ax.plot(t, slow_source / slow_source.std(), "k--", lw=1, label="sin(t), scaled")
ax.set_title("Slowest feature found")
ax.set_xlabel("time t")
ax.set_ylabel("unit-variance output")
ax.legend(fontsize=8, loc="lower left")

assert corr_quad > 0.99, f"quadratic SFA correlates only {corr_quad:.3f} with the slow source"
# No linear read-out can remove the cos^2 term: the best one correlates about 0.89 with sin(t).
assert corr_linear < 0.95, "linear SFA should not be able to recover sin(t) here"
assert delta(y_linear) > 10 * delta(y_quad), "quadratic SFA should be far slower than linear SFA"
assert delta(y_quad) < 0.2 * min(delta(X[:, 0]), delta(X[:, 1])), \
    "SFA output is not much slower than the inputs"
