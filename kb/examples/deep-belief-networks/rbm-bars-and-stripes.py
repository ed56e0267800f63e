"""A restricted Boltzmann machine trained by one-step contrastive divergence (CD-1) on the
3x3 bars-and-stripes patterns. With only 9 visible units we can enumerate all 512 visible
vectors, so the partition function, the exact log-likelihood and the probability the model
puts on valid patterns are all computed exactly. Gibbs sampling from the trained model then
produces mostly valid bars and stripes."""
import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(0)
side, n_hidden = 3, 16
n_visible = side * side

# The data set: every pattern of full rows on/off, plus every pattern of full columns.
rows = np.array([[(k >> i) & 1 for i in range(side)] for k in range(2**side)])
patterns = {tuple(np.repeat(r, side)) for r in rows} | {tuple(np.tile(r, side)) for r in rows}
data = np.array(sorted(patterns), dtype=float)          # 14 distinct patterns
all_v = np.array([[(k >> i) & 1 for i in range(n_visible)] for k in range(2**n_visible)], float)
is_valid = np.array([tuple(v) in patterns for v in all_v.astype(int)])

def sigmoid(x):
    return 1 / (1 + np.exp(-x))

def free_energy(v, W, b, c):
    # F(v) = -b.v - sum_j log(1 + exp(c_j + v.W_j)); p(v) is proportional to exp(-F(v))
    return -v @ b - np.logaddexp(0, v @ W + c).sum(axis=1)

def exact_log_probs(W, b, c):
    neg_f = -free_energy(all_v, W, b, c)
    log_z = np.logaddexp.reduce(neg_f)                  # exact: only 512 visible vectors
    return neg_f - log_z

def mean_log_lik(W, b, c):
    log_p = exact_log_probs(W, b, c)
    idx = (data @ (2 ** np.arange(n_visible))).astype(int)   # row of each pattern in all_v
    return log_p[idx].mean()

W = 0.01 * rng.standard_normal((n_visible, n_hidden))
b = np.zeros(n_visible)
c = np.zeros(n_hidden)
ll_init = mean_log_lik(W, b, c)

lr, n_epochs, batch = 0.3, 3000, np.repeat(data, 4, axis=0)   # each pattern 4 times per step
history = []
for epoch in range(n_epochs):
    # Positive phase: hidden probabilities with v clamped to the data.
    ph0 = sigmoid(batch @ W + c)
    h0 = (rng.random(ph0.shape) < ph0).astype(float)
    # Negative phase: one Gibbs step v0 -> h0 -> v1 -> h1 (CD-1).
    pv1 = sigmoid(h0 @ W.T + b)
    v1 = (rng.random(pv1.shape) < pv1).astype(float)
    ph1 = sigmoid(v1 @ W + c)
    n = len(batch)
    W += lr * (batch.T @ ph0 - v1.T @ ph1) / n
    b += lr * (batch - v1).mean(axis=0)
    c += lr * (ph0 - ph1).mean(axis=0)
    if epoch % 20 == 0 or epoch == n_epochs - 1:
        history.append((epoch, mean_log_lik(W, b, c)))

ll_final = mean_log_lik(W, b, c)
p_v = np.exp(exact_log_probs(W, b, c))
mass_valid = p_v[is_valid].sum()

# Draw samples: 400 independent Gibbs chains started from random noise, 500 steps each.
v = (rng.random((400, n_visible)) < 0.5).astype(float)
for _ in range(500):
    h = (rng.random((400, n_hidden)) < sigmoid(v @ W + c)).astype(float)
    v = (rng.random((400, n_visible)) < sigmoid(h @ W.T + b)).astype(float)
frac_valid = np.mean([tuple(s) in patterns for s in v.astype(int)])

print(f"valid patterns: {len(data)} of {2**n_visible}; "
      f"best possible log-lik = -log 14 = {-np.log(len(data)):.4f}")
print(f"mean exact log-likelihood at initialisation: {ll_init:.4f}")
print(f"mean exact log-likelihood after CD-1:        {ll_final:.4f}")
print(f"exact model probability of a valid pattern:  {mass_valid:.4f}")
print(f"probability of each valid pattern: min {p_v[is_valid].min():.4f}, "
      f"max {p_v[is_valid].max():.4f} (ideal 1/14 = {1 / 14:.4f})")
print(f"fraction of 400 Gibbs samples that are valid: {frac_valid:.4f}")

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(8, 3.2), layout="constrained",
                               gridspec_kw={"width_ratios": [1, 1.3]})
epochs, lls = zip(*history)
ax1.plot(epochs, lls, label="CD-1 training")
ax1.axhline(-np.log(len(data)), color="gray", ls="--", label="maximum, -log 14")
ax1.set_xlabel("epoch")
ax1.set_ylabel("mean log p(v) (exact)")
ax1.set_title("Exact log-likelihood during training")
ax1.legend()
# Tile the first 32 samples into one small image, with a one-pixel gap (NaN) between them.
step = side + 1
tiles = np.full((4 * step - 1, 8 * step - 1), np.nan)
for k in range(32):
    r, col = divmod(k, 8)
    tiles[r * step:r * step + side, col * step:col * step + side] = v[k].reshape(side, side)
    if tuple(v[k].astype(int)) not in patterns:   # outline samples that are not valid
        ax2.add_patch(plt.Rectangle((col * step - 0.5, r * step - 0.5), side, side,
                                    fill=False, edgecolor="red", linewidth=2))
cmap = plt.get_cmap("gray_r").copy()
cmap.set_bad("lightsteelblue")
ax2.imshow(tiles, cmap=cmap, vmin=0, vmax=1)
n_bad = sum(tuple(x) not in patterns for x in v[:32].astype(int))
ax2.set_title(f"32 Gibbs samples (black = on); {n_bad} invalid, outlined red")
ax2.axis("off")

assert ll_final - ll_init > 2.5, f"log-likelihood improved by only {ll_final - ll_init:.3f} nats"
assert mass_valid > 0.85, f"model puts only {mass_valid:.3f} of its mass on valid patterns"
assert frac_valid > 0.85, f"only {frac_valid:.3f} of Gibbs samples are valid patterns"
