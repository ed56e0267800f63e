"""A deep ensemble for 1-D regression: predictive uncertainty that grows away from the data.

We train eight small tanh networks from different random initialisations on the same 40
points, all with x in [-1, 1]. Inside that range the members agree; outside it nothing pins
them down and they disagree. The ensemble's predictive band (member spread plus the noise
level) is therefore narrow over the data and wide away from it. Wide is not the same as
right, though: far from the data the true function can still leave the band.
"""
import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(0)

n, noise = 40, 0.1
x = rng.uniform(-1, 1, n)
y = np.sin(3 * x) + noise * rng.standard_normal(n)

# K networks with H hidden units each, stored side by side so one numpy call trains them all.
K, H, steps, lr, weight_decay = 8, 50, 3000, 0.01, 1e-4
params = {
    "W1": rng.normal(0, 2.0, (K, 1, H)),
    "b1": rng.normal(0, 2.0, (K, 1, H)),
    "W2": rng.normal(0, 1 / np.sqrt(H), (K, H, 1)),
    "b2": np.zeros((K, 1, 1)),
}


def forward(p, inputs):
    """Outputs of all K networks at the given inputs: shape (K, len(inputs))."""
    hidden = np.tanh(inputs[None, :, None] * p["W1"] + p["b1"])  # (K, N, H)
    return (hidden @ p["W2"] + p["b2"])[:, :, 0], hidden


# Full-batch Adam on mean squared error plus weight decay (a MAP fit for each member).
m_adam = {k: np.zeros_like(v) for k, v in params.items()}
v_adam = {k: np.zeros_like(v) for k, v in params.items()}
for t in range(1, steps + 1):
    out, hidden = forward(params, x)
    d_out = (2 / n) * (out - y)[:, :, None]  # dLoss/d(output), shape (K, n, 1)
    d_hidden = (d_out @ params["W2"].transpose(0, 2, 1)) * (1 - hidden**2)
    grads = {
        "W2": hidden.transpose(0, 2, 1) @ d_out,
        "b2": d_out.sum(axis=1, keepdims=True),
        "W1": (x[None, :, None] * d_hidden).sum(axis=1, keepdims=True),
        "b1": d_hidden.sum(axis=1, keepdims=True),
    }
    for k in params:
        g = grads[k] + weight_decay * params[k]
        m_adam[k] = 0.9 * m_adam[k] + 0.1 * g
        v_adam[k] = 0.999 * v_adam[k] + 0.001 * g**2
        params[k] -= lr * (m_adam[k] / (1 - 0.9**t)) / (np.sqrt(v_adam[k] / (1 - 0.999**t)) + 1e-8)

train_out, _ = forward(params, x)
noise_var = np.mean((train_out - y) ** 2)  # aleatoric part, estimated from the residuals

x_plot = np.linspace(-3, 3, 301)
members, _ = forward(params, x_plot)
mean = members.mean(axis=0)
epistemic_var = members.var(axis=0)  # disagreement between members
sd = np.sqrt(epistemic_var + noise_var)  # predictive sd of the ensemble

inside, outside = np.abs(x_plot) <= 1, np.abs(x_plot) >= 2
rmse_inside = np.sqrt(np.mean((mean[inside] - np.sin(3 * x_plot[inside])) ** 2))
print(f"training data: {n} points with x in [-1, 1]; noise sd {noise}")
print(f"estimated noise sd from the residuals: {np.sqrt(noise_var):.4f}")
print(f"RMSE of the ensemble mean against sin(3x) inside the data range: {rmse_inside:.4f}")
print(f"mean predictive sd for |x| <= 1 (inside the data):  {sd[inside].mean():.4f}")
print(f"mean predictive sd for |x| >= 2 (far outside):      {sd[outside].mean():.4f}")
print(f"ratio outside / inside: {sd[outside].mean() / sd[inside].mean():.1f}")
covered = np.abs(mean - np.sin(3 * x_plot)) <= 2 * sd  # is the truth inside mean ± 2 sd?
print(f"share of grid points where sin(3x) lies in the band: inside {covered[inside].mean():.2f}, "
      f"far outside {covered[outside].mean():.2f}")

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(8, 3.2), layout="constrained")
ax1.fill_between(x_plot, mean - 2 * sd, mean + 2 * sd, alpha=0.25, label="mean ± 2 sd")
ax1.plot(x_plot, members.T, color="C0", lw=0.6, alpha=0.6)
ax1.plot(x_plot, mean, color="C0", lw=2, label="ensemble mean")
ax1.plot(x_plot, np.sin(3 * x_plot), "k--", lw=1, label="true function sin(3x)")
ax1.plot(x, y, "k.", ms=4, label="training data")
ax1.set_ylim(-4, 4)
ax1.set_xlabel("x")
ax1.set_ylabel("y")
ax1.set_title("Eight networks (thin lines) and their band")
ax1.legend(fontsize=7, loc="lower left")
ax2.plot(x_plot, np.sqrt(epistemic_var), label="member disagreement (epistemic)")
ax2.axhline(np.sqrt(noise_var), color="C1", ls="--", label="noise level (aleatoric)")
ax2.plot(x_plot, sd, "k", lw=1.5, label="predictive sd")
ax2.axvspan(-1, 1, color="gray", alpha=0.15, label="range of the data")
ax2.set_xlabel("x")
ax2.set_ylabel("standard deviation")
ax2.set_title("Uncertainty grows away from the data")
ax2.legend(fontsize=7)

assert rmse_inside < 0.1, f"the ensemble did not fit the data (RMSE {rmse_inside:.3f})"
assert np.sqrt(noise_var) < 2 * noise, "the residuals are far above the noise level"
assert sd[outside].mean() > 3 * sd[inside].mean(), "the band is not much wider outside the data"
assert sd[outside].min() > sd[inside].max(), "some point far from the data has a narrower band"
