"""PCA answers two questions at once: the direction of maximum projected variance is also the
direction whose reconstruction error is smallest, because the two always add up to the total
variance. The script checks this by brute force over all directions in 2-D, then shows on
8-D data that the error of the best M-dimensional subspace is the sum of the discarded
eigenvalues, and that the eigendecomposition of S and the SVD of the data agree."""
import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(1)

# --- Part 1: 2-D data, every direction tried ---------------------------------------------
N = 400
cov_2d = np.array([[3.0, 1.2],
                   [1.2, 1.0]])
X2 = rng.multivariate_normal([0, 0], cov_2d, size=N)
X2c = X2 - X2.mean(0)
S2 = X2c.T @ X2c / N
lam2, U2 = np.linalg.eigh(S2)                      # ascending order
lam2, U2 = lam2[::-1], U2[:, ::-1]                 # largest first

angles = np.linspace(0, np.pi, 361)                # unit vectors u = (cos a, sin a), 0.5 deg apart
variance, error = [], []
for a in angles:
    u = np.array([np.cos(a), np.sin(a)])
    proj = X2c @ u
    residual = X2c - np.outer(proj, u)             # what the 1-D reconstruction misses
    variance.append(np.mean(proj ** 2))
    error.append(np.mean(np.sum(residual ** 2, axis=1)))
variance, error = np.array(variance), np.array(error)
total = np.trace(S2)
pc1_angle = np.arctan2(U2[1, 0], U2[0, 0]) % np.pi
best_var_angle = angles[np.argmax(variance)]
best_err_angle = angles[np.argmin(error)]

# --- Part 2: 8-D data, error of the best M-dimensional subspace -------------------------
D = 8
true_scales = np.array([3.0, 2.0, 1.5, 0.8, 0.5, 0.3, 0.2, 0.1])
Q, _ = np.linalg.qr(rng.standard_normal((D, D)))   # a random rotation
X = (rng.standard_normal((2000, D)) * true_scales) @ Q.T + 5.0
Xc = X - X.mean(0)
S = Xc.T @ Xc / len(X)
lam, U = np.linalg.eigh(S)
lam, U = lam[::-1], U[:, ::-1]

_, gamma, Vt = np.linalg.svd(Xc, full_matrices=False)   # the right singular vectors
lam_svd = gamma ** 2 / len(X)
eig_svd_gap = np.max(np.abs(lam - lam_svd))
direction_gap = np.max(np.abs(np.abs(np.sum(U * Vt.T, axis=0)) - 1))   # equal up to sign

recon_error, discarded = [], []
for M in range(D + 1):
    UM = U[:, :M]
    residual = Xc - Xc @ UM @ UM.T
    recon_error.append(np.mean(np.sum(residual ** 2, axis=1)))
    discarded.append(lam[M:].sum())
recon_error, discarded = np.array(recon_error), np.array(discarded)
Q_random, _ = np.linalg.qr(rng.standard_normal((D, 3)))        # a random 3-D subspace
random_error = np.mean(np.sum((Xc - Xc @ Q_random @ Q_random.T) ** 2, axis=1))

print(f"2-D: PC1 angle {np.degrees(pc1_angle):.2f} deg, max-variance angle "
      f"{np.degrees(best_var_angle):.2f} deg, min-error angle {np.degrees(best_err_angle):.2f} deg")
print(f"2-D: largest eigenvalue {lam2[0]:.4f}, best variance found {variance.max():.4f}")
gap = np.max(np.abs(variance + error - total))
print(f"2-D: max |variance + error - total variance| = {gap:.2e}")
print(f"8-D, M=3: reconstruction error {recon_error[3]:.4f}, "
      f"sum of 5 discarded eigenvalues {discarded[3]:.4f}")
print(f"8-D, M=3: a random 3-D subspace gives error {random_error:.4f}")
print(f"eigh vs SVD: max eigenvalue gap {eig_svd_gap:.2e}, max direction gap {direction_gap:.2e}")

fig, axes = plt.subplots(1, 3, figsize=(8, 3.2), layout="constrained",
                         width_ratios=[1.2, 1, 1])
ax = axes[0]
ax.scatter(X2c[::2, 0], X2c[::2, 1], s=4, color="0.6", label="data")   # half, to keep it light
for i, (name, colour) in enumerate([("PC1", "C3"), ("PC2", "C2")]):
    vec = 2 * np.sqrt(lam2[i]) * U2[:, i]
    ax.plot([-vec[0], vec[0]], [-vec[1], vec[1]], lw=2, color=colour, label=name)
ax.set_aspect("equal")
ax.set_title("2-D data, PCs")
ax.set_xlabel("$x_1$")
ax.set_ylabel("$x_2$")
ax.legend(fontsize=8, loc="upper left")

ax = axes[1]
ax.plot(np.degrees(angles), variance, label="projected variance")
ax.plot(np.degrees(angles), error, label="reconstruction error")
ax.axvline(np.degrees(pc1_angle), color="C3", ls="--", lw=1, label="PC1 direction")
ax.set_title("All directions u (2-D)")
ax.set_xlabel("angle of u (degrees)")
ax.set_ylabel("mean squared value")
ax.legend(fontsize=8)

ax = axes[2]
ax.plot(range(D + 1), recon_error, "o", label="measured")
ax.plot(range(D + 1), discarded, "-", label=r"sum of dropped $\lambda_i$")
ax.set_title("Top-M subspace (8-D)")
ax.set_xlabel("number of components M")
ax.set_ylabel("mean squared error")
ax.set_xticks(range(0, D + 1, 2))
ax.legend(fontsize=8, loc="upper right")

step = angles[1] - angles[0]
assert abs(best_var_angle - pc1_angle) <= step, "max-variance direction is not PC1"
assert abs(best_err_angle - pc1_angle) <= step, "min-error direction is not PC1"
assert np.allclose(variance + error, total, atol=1e-10), "variance + error is not constant"
assert np.allclose(recon_error, discarded, atol=1e-10), "error differs from discarded eigenvalues"
assert random_error > 2 * recon_error[3], "a random subspace should do much worse than PCA"
assert eig_svd_gap < 1e-10 and direction_gap < 1e-8, "eigendecomposition and SVD disagree"
