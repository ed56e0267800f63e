"""Sparse coding of signals built from a few atoms of a random, twice-overcomplete dictionary
(64-dimensional signals, 128 unit-norm atoms, 4 atoms per signal, a little noise). The code is
found by ISTA, proximal gradient descent on 1/2 ||x - D a||^2 + lambda ||a||_1: a gradient step on
the squared error followed by soft-thresholding. ISTA's objective never increases, the support of
the recovered code matches the true one, and the minimum-norm least-squares code, which also
reconstructs the signal, is dense. FISTA, the accelerated variant, is shown for comparison."""
import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(0)
n, n_atoms, k, noise, lam = 64, 128, 4, 0.01, 0.1

D = rng.standard_normal((n, n_atoms))
D /= np.linalg.norm(D, axis=0)                      # unit-norm atoms
lipschitz = np.linalg.norm(D, 2) ** 2               # largest eigenvalue of D^T D


def sparse_codes(n_signals):
    codes = np.zeros((n_atoms, n_signals))
    for j in range(n_signals):
        support = rng.choice(n_atoms, k, replace=False)
        codes[support, j] = rng.choice([-1, 1], k) * rng.uniform(1, 2, k)
    return codes


def soft(z, t):
    return np.sign(z) * np.maximum(np.abs(z) - t, 0)


def objective(x, a):
    return 0.5 * np.sum((x - D @ a) ** 2, axis=0) + lam * np.sum(np.abs(a), axis=0)


def ista(x, n_iter, track=True):
    a, history = np.zeros((n_atoms,) + x.shape[1:]), []
    for _ in range(n_iter):
        # gradient step on the squared error, then shrink every coefficient towards zero
        a = soft(a + D.T @ (x - D @ a) / lipschitz, lam / lipschitz)
        if track:
            history.append(objective(x, a))
    return a, np.array(history)


def fista(x, n_iter):
    a = y = np.zeros(n_atoms)
    t, history = 1.0, []
    for _ in range(n_iter):
        a_next = soft(y + D.T @ (x - D @ y) / lipschitz, lam / lipschitz)
        t_next = (1 + np.sqrt(1 + 4 * t**2)) / 2
        y = a_next + (t - 1) / t_next * (a_next - a)       # momentum from the last two iterates
        a, t = a_next, t_next
        history.append(objective(x, a))
    return a, np.array(history)


# One signal, followed closely.
a_true = sparse_codes(1)[:, 0]
x = D @ a_true + noise * rng.standard_normal(n)
a_ista, f_ista = ista(x, 400)
_, f_fista = fista(x, 400)
a_min_norm = np.linalg.pinv(D) @ x                  # also fits x, but uses every atom
f_star = min(f_ista.min(), f_fista.min())

true_support = set(np.flatnonzero(a_true))
found_support = set(np.flatnonzero(a_ista))
rel_err = np.linalg.norm(a_ista - a_true) / np.linalg.norm(a_true)
rel_err_ls = np.linalg.norm(a_min_norm - a_true) / np.linalg.norm(a_true)
increases = np.diff(f_ista).max()

# Many signals at once: how often is the support recovered exactly?
A = sparse_codes(200)
X = D @ A + noise * rng.standard_normal((n, 200))
A_hat, _ = ista(X, 200, track=False)
exact = np.mean(np.all((A_hat != 0) == (A != 0), axis=0))

print(f"true support:                    {sorted(int(i) for i in true_support)}")
print(f"ISTA support:                    {sorted(int(i) for i in found_support)}")
dense = int(np.sum(np.abs(a_min_norm) > 1e-6))
print(f"nonzeros, ISTA / min-norm LS:    {len(found_support)} / {dense}")
print(f"relative code error, ISTA:       {rel_err:.4f}")
print(f"relative code error, min-norm:   {rel_err_ls:.4f}")
print(f"largest rise of the objective:   {max(increases, 0):.1e} (rounding error)")
print(f"F - F* after 50 steps, ISTA:     {f_ista[49] - f_star:.2e}")
print(f"F - F* after 50 steps, FISTA:    {f_fista[49] - f_star:.2e}")
print(f"exact support recovery, 200 signals: {exact:.3f}")

fig, axes = plt.subplots(1, 2, figsize=(8, 3.3), layout="constrained")
ax = axes[0]
idx = np.arange(n_atoms)
ax.plot(idx, a_min_norm, ".", color="0.6", ms=5, label="min-norm least squares")
on, on_hat = a_true != 0, a_ista != 0                # zeros are not drawn
ax.plot(idx[on], a_true[on], "o", mfc="none", ms=8, label="true code (nonzeros)")
ax.plot(idx[on_hat], a_ista[on_hat], "x", ms=6, label="ISTA code (nonzeros)")
ax.axhline(0, color="0.8", lw=0.8)
ax.set(xlabel="atom index", ylabel="coefficient", title="Codes for one signal")
ax.legend(fontsize=7, loc="lower right")
ax = axes[1]
it = np.arange(1, 251)
ax.semilogy(it, f_ista[:250] - f_star + 1e-16, label="ISTA (monotone)")
ax.semilogy(it, f_fista[:250] - f_star + 1e-16, label="FISTA (accelerated, not monotone)")
ax.set(xlabel="iteration", ylabel="objective minus best value", title="Convergence")
ax.legend(fontsize=7)

assert increases <= 1e-12, f"ISTA's objective increased by {increases:.2e}"
assert found_support == true_support, "ISTA did not recover the true support"
assert rel_err < 0.1, f"ISTA code error {rel_err:.3f} is too large"
assert dense == n_atoms, f"the min-norm code has only {dense} nonzeros; it should be dense"
assert rel_err_ls > 0.5, f"the min-norm code error {rel_err_ls:.3f} should be large"
assert exact > 0.9, f"exact support recovery in only {exact:.0%} of signals"
