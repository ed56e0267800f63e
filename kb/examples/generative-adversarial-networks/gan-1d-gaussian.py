"""A one-dimensional GAN small enough to differentiate by hand. The generator is x = a z + b
with z ~ N(0, 1); the discriminator is logistic regression on the features (1, x, x^2), which
can represent the exact log density ratio of two Gaussians. Alternating stochastic gradient
steps drive the generator to the data's mean and standard deviation, but not directly: the
spread first collapses to almost a point mass at the data mean, then overshoots and settles in
oscillations that die away slowly."""
import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(0)
data_mean, data_std = 2.0, 0.5
n_steps, batch, lr = 10_000, 128, 0.1

def sigmoid(t):
    return 1 / (1 + np.exp(-t))

def features(x):
    return np.stack([np.ones_like(x), x, x**2], axis=-1)

a, b = 1.0, 0.0             # generator starts as N(0, 1)
w = np.zeros(3)             # discriminator logit  f(x) = w0 + w1 x + w2 x^2
# Draw all the noise up front: fresh data and generator samples for every step.
x_real_all = rng.normal(data_mean, data_std, (n_steps, batch))
z_all = rng.standard_normal((n_steps, 2, batch))
history = np.empty((n_steps, 2))
for t in range(n_steps):
    # Discriminator step: descend the cross-entropy (label 1 = real, 0 = generated).
    phi_real, phi_fake = features(x_real_all[t]), features(a * z_all[t, 0] + b)
    grad_w = (-(1 - sigmoid(phi_real @ w)) @ phi_real + sigmoid(phi_fake @ w) @ phi_fake) / batch
    w -= lr * grad_w
    # Generator step on the non-saturating loss  -log D(G(z)),  by the chain rule through x.
    z = z_all[t, 1]
    x_fake = a * z + b
    dloss_dx = -(1 - sigmoid(features(x_fake) @ w)) * (w[1] + 2 * w[2] * x_fake)
    a -= lr * np.mean(dloss_dx * z)
    b -= lr * np.mean(dloss_dx)
    history[t] = b, abs(a)  # generator mean and standard deviation

gen_mean, gen_std = history[-1]
collapse_step = history[:, 1].argmin()
grid = np.linspace(data_mean - 3 * data_std, data_mean + 3 * data_std, 200)
d_final = sigmoid(features(grid) @ w)
# How far the std strays from the data's, early (steps 1000-3000) and late (last 2000 steps).
swing_early = np.abs(history[1000:3000, 1] - data_std).max()
swing_late = np.abs(history[-2000:, 1] - data_std).max()
print(f"data:      mean {data_mean:.4f}, std {data_std:.4f}")
print(f"generator: mean {gen_mean:.4f}, std {gen_std:.4f} after {n_steps} steps")
print(f"smallest generator std {history[collapse_step, 1]:.4f}, at step {collapse_step}")
print(f"largest |std - {data_std}|: steps 1000-3000 {swing_early:.4f}, "
      f"last 2000 steps {swing_late:.4f}")
print(f"final discriminator on data mean +- 3 std: "
      f"D(x) in [{d_final.min():.4f}, {d_final.max():.4f}]")

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(8, 3.2), layout="constrained")
steps = np.arange(0, n_steps, 20)
ax1.plot(steps, history[steps, 0], label="generator mean b")
ax1.plot(steps, history[steps, 1], label="generator std |a|")
ax1.axhline(data_mean, color="C0", ls="--", lw=1)
ax1.axhline(data_std, color="C1", ls="--", lw=1, label="data values")
ax1.set_xlabel("training step")
ax1.set_ylabel("value")
ax1.set_title("Generator parameters during training")
ax1.legend()
xs = np.linspace(-0.5, 4.5, 300)
ax2.hist(x_real_all[-4:].ravel(), bins=20, density=True, alpha=0.4, label="data (512 samples)")
gen_density = np.exp(-0.5 * ((xs - gen_mean) / gen_std) ** 2) / (gen_std * np.sqrt(2 * np.pi))
ax2.plot(xs, gen_density, label="final generator density")
ax2.plot(xs, sigmoid(features(xs) @ w), "k--", label="final D(x)")
ax2.set_xlabel("x")
ax2.set_ylabel("density / probability")
ax2.set_title("Generator matches data; D near 1/2")
ax2.legend(fontsize="small")

assert abs(gen_mean - data_mean) < 0.1, f"generator mean {gen_mean:.3f} is not near {data_mean}"
assert abs(gen_std - data_std) < 0.1, f"generator std {gen_std:.3f} is not near {data_std}"
assert np.abs(d_final - 0.5).max() < 0.1, "the discriminator can still tell data from samples"
assert history[collapse_step, 1] < 0.1, "the generator's spread never collapsed on the way"
assert swing_late < swing_early / 4, "the oscillations of the generator's std did not die away"
