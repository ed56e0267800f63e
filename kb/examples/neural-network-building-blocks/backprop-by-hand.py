"""Backpropagation written out by hand for a two-layer network (tanh hidden layer, logistic
output, cross-entropy loss), checked against central finite differences on every parameter,
then used to train the network by gradient descent with momentum on two concentric rings,
a problem no linear classifier can solve."""
import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(0)

# Data: class 0 on a ring of radius 1, class 1 on a ring of radius 2 (both noisy).
n = 200
radius = np.repeat([1.0, 2.0], n // 2) + 0.25 * rng.standard_normal(n)
angle = rng.uniform(0, 2 * np.pi, n)
X = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
y = np.repeat([0.0, 1.0], n // 2)

n_hidden = 16
params = {"W1": rng.standard_normal((n_hidden, 2)), "b1": np.zeros(n_hidden),
          "w2": rng.standard_normal(n_hidden) / np.sqrt(n_hidden), "b2": np.zeros(())}

def forward(p, X):
    a1 = X @ p["W1"].T + p["b1"]           # pre-activations of the hidden layer
    h = np.tanh(a1)
    logit = h @ p["w2"] + p["b2"]
    return h, logit

def loss_fn(p):
    _, logit = forward(p, X)
    # Mean cross-entropy, -y log s(logit) - (1 - y) log(1 - s(logit)), written stably.
    return np.mean(np.logaddexp(0, logit) - y * logit)

def backprop(p):
    h, logit = forward(p, X)
    d_logit = (1 / (1 + np.exp(-logit)) - y) / n      # dL/dlogit: sigmoid(logit) - y, averaged
    d_h = np.outer(d_logit, p["w2"])                    # adjoint of h:  w2 * dL/dlogit
    d_a1 = d_h * (1 - h**2)                             # through tanh:  tanh' = 1 - tanh^2
    return {"W1": d_a1.T @ X, "b1": d_a1.sum(axis=0),
            "w2": h.T @ d_logit, "b2": d_logit.sum()}

# Gradient check: nudge every parameter entry by +-eps and difference the loss.
eps = 1e-6
analytic = backprop(params)
numeric = {}
for name, value in params.items():
    numeric[name] = np.zeros_like(value)
    for idx in np.ndindex(value.shape):
        original = value[idx]
        value[idx] = original + eps
        up = loss_fn(params)
        value[idx] = original - eps
        down = loss_fn(params)
        value[idx] = original
        numeric[name][idx] = (up - down) / (2 * eps)
g_a = np.concatenate([analytic[k].ravel() for k in params])
g_n = np.concatenate([numeric[k].ravel() for k in params])
rel_error = np.linalg.norm(g_a - g_n) / (np.linalg.norm(g_a) + np.linalg.norm(g_n))

# Training: full-batch gradient descent with momentum, using the hand-written gradients.
lr, momentum, n_steps = 0.2, 0.9, 1500
velocity = {k: np.zeros_like(v) for k, v in params.items()}
losses = []
for _ in range(n_steps):
    losses.append(loss_fn(params))
    grads = backprop(params)
    for k in params:
        velocity[k] = momentum * velocity[k] - lr * grads[k]
        params[k] = params[k] + velocity[k]
losses.append(loss_fn(params))
accuracy = np.mean((forward(params, X)[1] > 0) == (y == 1))

print(f"parameters: {g_a.size}; gradient check relative error: {rel_error:.2e}")
print(f"largest absolute gradient difference: {np.abs(g_a - g_n).max():.2e}")
print(f"cross-entropy: initial {losses[0]:.4f}, after {n_steps} steps {losses[-1]:.4f}")
print(f"training accuracy: {accuracy:.4f}")

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(8, 3.2), layout="constrained")
ax1.semilogy(losses)
ax1.set_xlabel("gradient step")
ax1.set_ylabel("mean cross-entropy")
ax1.set_title("Training loss")
grid = np.linspace(-3, 3, 60)
gx, gy = np.meshgrid(grid, grid)
prob = 1 / (1 + np.exp(-forward(params, np.column_stack([gx.ravel(), gy.ravel()]))[1]))
image = ax2.imshow(prob.reshape(gx.shape), origin="lower", extent=(-3, 3, -3, 3),
                   cmap="RdBu_r", vmin=0, vmax=1, alpha=0.45)
for label, marker in [(0, "o"), (1, "^")]:
    ax2.scatter(*X[y == label].T, s=10, marker=marker, edgecolors="k", linewidths=0.3,
                color="C0" if label == 0 else "C3", label=f"class {label}")
fig.colorbar(image, ax=ax2, label="p(class 1 | x)")
ax2.set_xlabel("x1")
ax2.set_ylabel("x2")
ax2.set_title("Learned decision function")
ax2.legend(fontsize="small", loc="upper right")

assert rel_error < 1e-6, f"backprop and finite differences disagree: relative error {rel_error:.2e}"
assert losses[-1] < 0.25 * losses[0], f"loss only fell from {losses[0]:.3f} to {losses[-1]:.3f}"
assert accuracy > 0.9, f"training accuracy {accuracy:.3f} is not above 0.9"
