"""Six variables share one latent factor, but the last one also carries a lot of private noise.
PCA looks only at variance, so its first component points at the noisy variable. Factor
analysis, fitted here by EM in numpy, gives each variable its own noise variance, so it
recovers the true loading direction and the noise variances themselves."""
import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(3)

# One factor (M = 1) seen through six variables; variable 6 is very noisy.
w_true = np.array([1.0, 0.9, 0.8, 0.7, 0.6, 0.5])
psi_true = np.array([0.2, 0.3, 0.2, 0.4, 0.3, 25.0])
N, D = 2000, len(w_true)
z = rng.standard_normal(N)
X = np.outer(z, w_true) + rng.standard_normal((N, D)) * np.sqrt(psi_true)
Xc = X - X.mean(0)
S = Xc.T @ Xc / N


def log_likelihood(W, psi):
    C = W @ W.T + np.diag(psi)
    _, logdet = np.linalg.slogdet(C)
    return -0.5 * N * (D * np.log(2 * np.pi) + logdet + np.trace(np.linalg.solve(C, S)))


# EM for factor analysis (Rubin and Thayer, 1982).
W = rng.standard_normal((D, 1)) * 0.1
psi = np.diag(S).copy()
history = [log_likelihood(W, psi)]
for iteration in range(1000):
    # E-step: posterior moments of the factor for every point.
    G = np.linalg.inv(np.eye(1) + W.T @ (W / psi[:, None]))        # posterior covariance
    Ez = Xc @ (W / psi[:, None]) @ G                                 # N x M posterior means
    Ezz = N * G + Ez.T @ Ez                                          # sum over n of E[z z^T]
    # M-step: regress the data on the expected factors, then read off residual variances.
    W = (Xc.T @ Ez) @ np.linalg.inv(Ezz)
    psi = np.maximum(np.diag(S - W @ (Ez.T @ Xc) / N), 1e-6)         # floor against Heywood cases
    history.append(log_likelihood(W, psi))
    if history[-1] - history[-2] < 1e-8:
        break
w_fa = W[:, 0]

# PCA: the leading eigenvector of the sample covariance.
eigvals, eigvecs = np.linalg.eigh(S)
u_pca = eigvecs[:, -1]


def angle_deg(a, b):
    """Principal angle between the lines spanned by a and b."""
    cos = abs(a @ b) / (np.linalg.norm(a) * np.linalg.norm(b))
    return np.degrees(np.arccos(min(cos, 1.0)))


angle_fa, angle_pca = angle_deg(w_fa, w_true), angle_deg(u_pca, w_true)
w_fa = w_fa * np.sign(w_fa @ w_true)                                 # the sign is arbitrary
u_pca = u_pca * np.sign(u_pca @ w_true)
print(f"EM iterations: {iteration + 1}, final log-likelihood {history[-1]:.4f}")
print(f"Angle to the true loadings, factor analysis: {angle_fa:.4f} deg")
print(f"Angle to the true loadings, PCA component 1:  {angle_pca:.4f} deg")
print("True loadings:       ", np.round(w_true, 4))
print("FA loadings:         ", np.round(w_fa, 4))
print("True noise variances:", np.round(psi_true, 4))
print("FA noise variances:  ", np.round(psi, 4))
worst_psi_error = np.max(np.abs(psi / psi_true - 1))
print(f"Largest relative error of a noise variance: {100 * worst_psi_error:.1f}%")

fig, axes = plt.subplots(1, 2, figsize=(8, 3.2), layout="constrained")
idx = np.arange(1, D + 1)
ax = axes[0]
# Unit-length directions, so that the three can be compared by direction alone.
ax.bar(idx - 0.27, w_true / np.linalg.norm(w_true), width=0.27, label="true loadings")
ax.bar(idx, w_fa / np.linalg.norm(w_fa), width=0.27, label="factor analysis")
ax.bar(idx + 0.27, u_pca, width=0.27, label="PCA component 1")
ax.set_xticks(idx)
ax.set_xlabel("observed variable")
ax.set_ylabel("weight (unit-length direction)")
ax.set_title("Loading direction")
ax.legend(fontsize=8)
ax = axes[1]
ax.bar(idx - 0.2, psi_true, width=0.4, label="true")
ax.bar(idx + 0.2, psi, width=0.4, label="FA estimate")
ax.set_yscale("log")
ax.set_xticks(idx)
ax.set_xlabel("observed variable")
ax.set_ylabel("noise variance (log scale)")
ax.set_title("Noise variances")
ax.legend(fontsize=8)

assert np.all(np.diff(history) > -1e-9), "EM decreased the log-likelihood"
assert angle_fa < 5, f"FA loadings are {angle_fa:.1f} deg from the truth, not below 5"
assert angle_pca > 45, f"PCA component is only {angle_pca:.1f} deg from the truth"
assert worst_psi_error < 0.3, "an FA noise variance is off by more than 30%"
