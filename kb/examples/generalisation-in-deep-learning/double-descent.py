"""Double descent with random-features regression.

We fit n = 50 noisy examples of a smooth function of a 12-dimensional input with a linear
model on N random ReLU features, using the minimum-norm least-squares solution (what
pinv(phi) @ y computes, and where gradient descent from zero converges). Test error peaks at
the interpolation threshold N = n, where the single interpolant has a huge norm, and falls
again as N grows and the minimum-norm interpolant gets smaller.
"""
import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(0)

n_train, dim, noise = 50, 12, 0.3
beta = rng.standard_normal(dim) / np.sqrt(dim)


def target(x):
    return np.tanh(2 * x @ beta)


x_train = rng.standard_normal((n_train, dim))
y_train = target(x_train) + noise * rng.standard_normal(n_train)
x_test = rng.standard_normal((1000, dim))
y_test = target(x_test)


def relu_features(x, w):
    """N random ReLU features relu(w_k . x), scaled by 1/sqrt(N)."""
    return np.maximum(0.0, x @ w) / np.sqrt(w.shape[1])


def fit(n_features, seed):
    """Draw N random features; return train MSE, test MSE and the norm of the coefficients."""
    w = np.random.default_rng(seed).standard_normal((dim, n_features)) / np.sqrt(dim)
    phi = relu_features(x_train, w)
    # lstsq returns pinv(phi) @ y: least squares when N < n, and when N >= n the
    # interpolant with the smallest norm (computed without forming the pseudo-inverse).
    coef = np.linalg.lstsq(phi, y_train, rcond=None)[0]
    train_mse = np.mean((phi @ coef - y_train) ** 2)
    test_mse = np.mean((relu_features(x_test, w) @ coef - y_test) ** 2)
    return train_mse, test_mse, np.linalg.norm(coef)


# Model sizes from 2 to 25 n features; 10 independent feature draws for each size.
sizes = np.unique(np.r_[np.geomspace(2, 25 * n_train, 25).astype(int), n_train])
runs = np.array([[fit(N, 1000 * N + s) for s in range(10)] for N in sizes])
train_mse, test_mse, coef_norm = np.median(runs, axis=1).T  # median over the 10 draws

peak = np.argmax(test_mse)
small = sizes < n_train / 2
best_small = np.argmin(np.where(small, test_mse, np.inf))
big = len(sizes) - 1
print(f"training examples n: {n_train}, input dimension: {dim}")
print(f"test MSE peaks at N = {sizes[peak]}: {test_mse[peak]:.4f}"
      f" (coefficient norm {coef_norm[peak]:.1f})")
print(f"best test MSE with N < n/2: {test_mse[best_small]:.4f} at N = {sizes[best_small]}")
print(f"test MSE at N = {sizes[big]}: {test_mse[big]:.4f}"
      f" (coefficient norm {coef_norm[big]:.1f})")
interpolating = runs[sizes >= n_train, :, 0]  # train MSE of every draw with N >= n
print(f"largest train MSE over all draws with N >= n: {interpolating.max():.4f}")
print(f"variance of the test targets (error of predicting their mean): {np.var(y_test):.4f}")

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(8, 3.2), layout="constrained")
ax1.loglog(sizes, test_mse, "o-", ms=3, label="test MSE")
ax1.axhline(np.var(y_test), color="C1", ls=":", label="predicting the mean")
ax1.axvspan(n_train, sizes[-1], color="gray", alpha=0.15, label="N ≥ n: train MSE = 0")
ax1.set_xlabel("number of random features N")
ax1.set_ylabel("mean squared error")
ax1.set_yticks([0.2, 0.5, 1, 2, 5], labels=["0.2", "0.5", "1", "2", "5"])
ax1.tick_params(axis="y", which="minor", labelleft=False)
ax1.set_title("Test error: double descent")
ax1.legend(fontsize=8)
ax2.loglog(sizes, coef_norm, "o-", ms=3, color="C2", label="norm of fitted coefficients")
ax2.axvspan(n_train, sizes[-1], color="gray", alpha=0.15, label="N ≥ n: train MSE = 0")
ax2.set_xlabel("number of random features N")
ax2.set_ylabel("coefficient norm")
ax2.set_title("Size of the fitted coefficients")
ax2.legend(fontsize=8)

assert abs(sizes[peak] - n_train) <= 0.1 * n_train, f"peak at N = {sizes[peak]}, not at n"
assert interpolating.max() < 1e-8, "some model with N >= n does not interpolate"
assert test_mse[big] < 0.05 * test_mse[peak], "test error far past N = n is not far below the peak"
assert test_mse[big] < test_mse[best_small], "the large model is not better than the best small one"
assert coef_norm[big] < 0.25 * coef_norm[peak], "the min-norm interpolant did not shrink past N = n"
