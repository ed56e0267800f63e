"""InfoNCE on correlated Gaussian pairs, where the mutual information is known exactly,
I = -0.5 log(1 - rho^2). Each x must pick out its own y among N candidates. A critic fitted by
gradient ascent on the InfoNCE objective recovers the log density ratio log p(y|x)/p(y) up to a
term that depends on x alone, and the bound it gives never exceeds the true MI or log N."""
import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(11)
N = 16                                                    # candidates per softmax (batch size)


def sample_batches(rho, n_batches):
    x = rng.standard_normal((n_batches, N))
    y = rho * x + np.sqrt(1 - rho**2) * rng.standard_normal((n_batches, N))
    return x, y


def critic_scores(w, x, y):
    """f(x_i, y_j) = w0 x_i y_j + w1 y_j^2 + w2 y_j for every pair in each batch.

    Returns an array of shape (B, N, N).
    """
    yj = y[:, None, :]
    return w[0] * x[:, :, None] * yj + w[1] * yj**2 + w[2] * yj


def infonce(scores):
    """Mean over batches and rows of log softmax of the positive pair, plus log N."""
    shifted = scores - scores.max(axis=2, keepdims=True)
    log_softmax = shifted - np.log(np.exp(shifted).sum(axis=2, keepdims=True))
    return np.mean(np.diagonal(log_softmax, axis1=1, axis2=2)) + np.log(N), log_softmax


def optimal_weights(rho):
    """log p(y|x) - log p(y) = rho x y/(1-rho^2) - rho^2 y^2 / (2(1-rho^2)) + (terms in x only)."""
    return np.array([rho / (1 - rho**2), -rho**2 / (2 * (1 - rho**2)), 0.0])


# 1. Fit the critic f(x, y) = w0 x y + w1 y^2 + w2 y by gradient ascent on InfoNCE at rho = 0.8.
rho_fit = 0.8
x, y = sample_batches(rho_fit, 2000)
w = np.zeros(3)
for step in range(100):
    _, log_softmax = infonce(critic_scores(w, x, y))
    p = np.exp(log_softmax)                                # softmax over the candidates j
    # Gradient: feature of the positive pair minus its softmax-weighted average over candidates.
    grad = np.array([np.mean(x * (y - np.einsum("bij,bj->bi", p, y))),
                     np.mean(y**2 - np.einsum("bij,bj->bi", p, y**2)),
                     np.mean(y - np.einsum("bij,bj->bi", p, y))])
    w += 1.0 * grad
w_true = optimal_weights(rho_fit)

# Compare the fitted critic with the true log ratio as functions of y, for a few x values
# (each curve centred, because a term depending only on x does not change the softmax).
y_grid = np.linspace(-2.5, 2.5, 101)
x_values = [-1.0, 0.5, 1.5]
curves = []
for x0 in x_values:
    fitted = w[0] * x0 * y_grid + w[1] * y_grid**2 + w[2] * y_grid
    true = w_true[0] * x0 * y_grid + w_true[1] * y_grid**2
    curves.append((fitted - fitted.mean(), true - true.mean()))
ratio_error = max(np.abs(f - t).max() for f, t in curves)

# 2. The bound with the optimal critic, across correlations, against I and log N.
rhos = np.array([0.0, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999, 0.9995])
true_mi = -0.5 * np.log(1 - rhos**2)
bound, stderr = [], []
for rho in rhos:
    xb, yb = sample_batches(rho, 2000)
    scores = critic_scores(optimal_weights(rho), xb, yb)
    per_batch = [infonce(scores[i:i + 200])[0] for i in range(0, 2000, 200)]
    bound.append(np.mean(per_batch))
    stderr.append(np.std(per_batch) / np.sqrt(len(per_batch)))
bound, stderr = np.array(bound), np.array(stderr)

print(f"fitted critic weights (xy, y^2, y): {np.array2string(w, precision=4)}")
print(f"log-ratio weights     (xy, y^2, y): {np.array2string(w_true, precision=4)}")
print(f"largest gap between centred critic and log ratio: {ratio_error:.4f}")
fitted_bound = infonce(critic_scores(w, x, y))[0]
print(f"InfoNCE of the fitted critic at rho = 0.8: {fitted_bound:.4f} "
      f"(true MI {-0.5 * np.log(1 - 0.64):.4f})")
print(f"log N for N = {N}: {np.log(N):.4f}")
for rho, mi, b in zip(rhos[[1, 5, 8, 11]], true_mi[[1, 5, 8, 11]], bound[[1, 5, 8, 11]]):
    print(f"rho = {rho:<6}  true MI {mi:.4f}  InfoNCE with optimal critic {b:.4f}")

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(8, 3.2), layout="constrained")
ax1.plot(true_mi, true_mi, "k--", lw=1, label="true MI")
ax1.axhline(np.log(N), color="C3", lw=1, label=f"log N (N = {N})")
ax1.plot(true_mi, bound, "o-", ms=4, label="InfoNCE, optimal critic")
ax1.set_xlabel("true mutual information (nats)")
ax1.set_ylabel("nats")
ax1.set_title("InfoNCE stays below both I and log N")
ax1.legend(fontsize=8)
for k, (x0, (fitted, true)) in enumerate(zip(x_values, curves)):
    ax2.plot(y_grid, true, color=f"C{k}", lw=2, alpha=0.5, label=f"log ratio, x = {x0}")
    ax2.plot(y_grid, fitted, "--", color=f"C{k}", lw=1, label=f"fitted critic, x = {x0}")
ax2.set_xlabel("y")
ax2.set_ylabel("value minus its mean over y")
ax2.set_title(f"Critic fitted at rho = {rho_fit}")
ax2.legend(fontsize=7)

assert np.allclose(w, w_true, rtol=0.1, atol=0.05), f"critic {w} is not the log ratio {w_true}"
assert ratio_error < 0.15, f"centred critic differs from the log ratio by {ratio_error:.3f}"
ceiling = np.minimum(true_mi, np.log(N))
assert np.all(bound <= ceiling + 3 * stderr + 1e-3), "InfoNCE exceeded I or log N"
assert abs(bound[1] - true_mi[1]) < 0.02, "at low MI the bound should be nearly tight"
assert true_mi[-1] - bound[-1] > 0.8, "at high MI the bound should fall well short of the true MI"
mi_gain, bound_gain = true_mi[-1] - true_mi[-2], bound[-1] - bound[-2]
assert bound_gain < 0.5 * mi_gain, f"bound rose {bound_gain:.3f}, MI {mi_gain:.3f}: no saturation"
