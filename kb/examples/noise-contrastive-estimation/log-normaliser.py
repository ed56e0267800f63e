"""Noise-contrastive estimation of the double-well model log p(u) = -a u^4 + b u^2 + c, with
the log-normaliser c learned as an ordinary parameter. Logistic regression separates the data
from nu times as many Gaussian noise samples; the fitted c approaches the true -log Z, which
is found here by numerical integration only to check it, and more noise per data point helps."""
import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(11)
a_true, b_true = 1.0, 2.0
grid = np.linspace(-4, 4, 8001)
du = grid[1] - grid[0]
c_true = -np.log(np.sum(np.exp(-a_true * grid**4 + b_true * grid**2)) * du)  # -log Z, for checking


def sample(size):
    """Exact samples by rejection from N(0, 1) (q / N(0, 1) peaks at u^2 = 5/4)."""
    out = np.empty(0)
    while out.size < size:
        u = rng.normal(size=2 * size)
        keep = np.log(rng.uniform(size=u.size)) < -a_true * u**4 + (b_true + 0.5) * u**2 - 25 / 16
        out = np.concatenate([out, u[keep]])
    return out[:size]


def features(u):
    """log p_m(u) = theta . features(u) with theta = (a, b, c)."""
    return np.stack([-u**4, u**2, np.ones_like(u)], axis=1)


def nce(data, nu):
    """Logistic regression of data (C=1) against nu * T noise points (C=0) with the logit
    G(u) = log p_m(u; theta) - log p_n(u) - log nu, which is linear in theta: Newton's method."""
    sd = data.std()                                  # noise: a Gaussian with the data's spread
    noise = rng.normal(scale=sd, size=nu * data.size)
    u = np.concatenate([data, noise])
    label = np.concatenate([np.ones(data.size), np.zeros(noise.size)])
    X = features(u)
    offset = -(-0.5 * u**2 / sd**2 - np.log(sd * np.sqrt(2 * np.pi))) - np.log(nu)
    def objective(theta):                                    # J_T: the classifier's log-likelihood
        G = X @ theta + offset
        return np.sum(label * G - np.logaddexp(0, G)) / data.size

    theta = np.array([0.0, 0.0, -np.log(sd * np.sqrt(2 * np.pi))])  # flat, at the noise peak
    for _ in range(100):
        h = 1 / (1 + np.exp(-(X @ theta + offset)))          # P(C = 1 | u)
        step = np.linalg.solve((X.T * (h * (1 - h))) @ X, X.T @ (label - h))
        f = objective(theta)
        while objective(theta + step) < f and np.abs(step).max() > 1e-12:
            step /= 2                                        # damp steps that overshoot
        theta += step
        if np.abs(step).max() < 1e-10:
            return theta
    raise RuntimeError("Newton's method did not converge")


sizes, repeats = [100, 300, 1000, 3000], 20
sq_err = {1: np.zeros(len(sizes)), 10: np.zeros(len(sizes))}
for k, T in enumerate(sizes):
    for _ in range(repeats):
        data = sample(T)                                     # the same data sets for both nu
        for nu in sq_err:
            sq_err[nu][k] += (nce(data, nu)[2] - c_true) ** 2 / repeats
rms_c = {nu: np.sqrt(e) for nu, e in sq_err.items()}

data = sample(10000)
a_hat, b_hat, c_hat = nce(data, 10)
mass = np.sum(np.exp(-a_hat * grid**4 + b_hat * grid**2 + c_hat)) * du   # should be close to 1
print(f"true (a, b, c) = ({a_true:.4f}, {b_true:.4f}, {c_true:.4f}), c = -log Z by quadrature")
print(f"NCE, T = 10000, nu = 10: ({a_hat:.4f}, {b_hat:.4f}, {c_hat:.4f})")
print(f"integral of the fitted exp(-a u^4 + b u^2 + c): {mass:.4f}")
for nu in rms_c:
    errors = ", ".join(f"T={T}: {e:.4f}" for T, e in zip(sizes, rms_c[nu], strict=True))
    print(f"RMS error of c, nu = {nu:2d}: {errors}")

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(8, 3.2), layout="constrained")
plot_u = np.linspace(-3, 3, 300)
ax1.hist(data, bins=60, range=(-3, 3), density=True, color="0.8", label="data")
ax1.plot(plot_u, np.exp(-0.5 * plot_u**2 / data.std()**2) / (data.std() * np.sqrt(2 * np.pi)), "C2",
         label="noise density")
ax1.plot(plot_u, np.exp(features(plot_u) @ np.array([a_hat, b_hat, c_hat])), "C1--", lw=2,
         label="NCE model with its own c")
ax1.set(xlabel="u", ylabel="density", ylim=(0, 0.8), title="Data, noise and the NCE fit")
ax1.legend(fontsize=8, loc="upper left")
for nu, marker in zip(rms_c, "os", strict=True):
    ax2.loglog(sizes, rms_c[nu], marker + "-", label=rf"$\nu$ = {nu}")
ax2.set(xlabel="number of data points T", ylabel="RMS error of c", title="Learned log-normaliser")
ax2.legend(fontsize=8)

assert abs(c_hat - c_true) < 0.05, f"NCE's c = {c_hat:.3f} is off -log Z = {c_true:.3f}"
assert abs(mass - 1) < 0.05, f"the fitted model integrates to {mass:.3f}, not 1"
assert rms_c[10][-1] < rms_c[10][0] / 5, "the error of c does not shrink with more data"
assert rms_c[10][-1] < rms_c[1][-1], "more noise per data point did not help"
