"""Two independent, non-Gaussian signals are mixed by a fixed matrix and unmixed again by
FastICA, written here in a few lines of numpy. Whitening alone removes the correlation but
leaves an unknown rotation; FastICA's fixed-point iteration finds that rotation from
higher-order statistics. The Amari index of the recovered unmixing measures how close
W A is to a scaled permutation (0 means perfect separation)."""
import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(0)

# Two sources, both non-Gaussian: a sine wave and a sawtooth (zero mean, unit variance).
n_samples = 2000
t = np.linspace(0, 8, n_samples)
sources = np.vstack([np.sin(2 * np.pi * 1.0 * t),
                     2 * ((1.7 * t) % 1.0) - 1])
sources += 0.02 * rng.standard_normal(sources.shape)       # a little sensor noise
sources = (sources - sources.mean(1, keepdims=True)) / sources.std(1, keepdims=True)

A = np.array([[1.0, 0.7],                                   # the mixing matrix
              [0.6, 1.0]])
x = A @ sources                                             # what the two microphones hear

# Whitening: z = D^{-1/2} E^T x has identity covariance.
x_centred = x - x.mean(1, keepdims=True)
eigvals, E = np.linalg.eigh(np.cov(x_centred))
whitener = np.diag(eigvals ** -0.5) @ E.T
z = whitener @ x_centred


def sym_orth(W):
    """Symmetric orthogonalisation W <- (W W^T)^{-1/2} W."""
    d, V = np.linalg.eigh(W @ W.T)
    return V @ np.diag(d ** -0.5) @ V.T @ W


# Symmetric FastICA with G(u) = log cosh(u), so g = tanh and g' = 1 - tanh^2.
W = sym_orth(rng.standard_normal((2, 2)))
for iteration in range(1, 201):
    y = W @ z
    g, g_prime = np.tanh(y), 1 - np.tanh(y) ** 2
    W_new = sym_orth((g @ z.T) / n_samples - np.diag(g_prime.mean(1)) @ W)
    change = np.max(np.abs(np.abs(np.sum(W_new * W, axis=1)) - 1))   # converged up to sign?
    W = W_new
    if change < 1e-10:
        break


def amari_index(P):
    """0 for a scaled permutation matrix, up to 1 for the worst case (normalised form)."""
    P = np.abs(P)
    n = P.shape[0]
    rows = (P / P.max(1, keepdims=True)).sum(1) - 1
    cols = (P / P.max(0, keepdims=True)).sum(0) - 1
    return (rows.sum() + cols.sum()) / (2 * n * (n - 1))


unmixing = W @ whitener                                     # from raw mixtures to estimates
amari = amari_index(unmixing @ A)
amari_whitening_only = amari_index(whitener @ A)            # decorrelated, not yet rotated
estimates = unmixing @ x_centred

# Match each estimate to a source (order and sign are not identifiable).
corr = np.corrcoef(np.vstack([estimates, sources]))[:2, 2:]
order = np.argmax(np.abs(corr), axis=1)
matched_corr = np.abs(corr[[0, 1], order])

print(f"FastICA iterations:                 {iteration}")
print(f"Amari index, whitening only:        {amari_whitening_only:.4f}")
print(f"Amari index, FastICA:               {amari:.4f}")
print(f"|corr| estimate 1 with its source:  {matched_corr[0]:.4f}")
print(f"|corr| estimate 2 with its source:  {matched_corr[1]:.4f}")

fig, axes = plt.subplots(1, 3, figsize=(8, 3.2), layout="constrained", sharey=True)
shown = slice(0, 600)                                       # first 600 samples, 2.4 time units
panels = [(sources, "True sources"), (x_centred, "Observed mixtures"),
          (estimates / estimates.std(1, keepdims=True), "FastICA estimates")]
for ax, (signals, title) in zip(axes, panels):
    for k in range(2):
        ax.plot(t[shown], signals[k, shown] + 4 * (1 - k), lw=1, label=f"signal {k + 1}")
    ax.set_title(title)
    ax.set_xlabel("time")
    ax.set_yticks([])
axes[0].set_ylabel("amplitude (offset)")
axes[2].legend(loc="lower right", fontsize=8)

assert iteration < 200, "FastICA did not converge within 200 iterations"
assert amari < 0.05, f"Amari index {amari:.3f} is not below 0.05"
assert amari_whitening_only > 0.1, "whitening alone should not separate the sources"
assert sorted(order) == [0, 1], "the two estimates matched the same source"
assert matched_corr.min() > 0.99, f"an estimate correlates only {matched_corr.min():.3f}"
