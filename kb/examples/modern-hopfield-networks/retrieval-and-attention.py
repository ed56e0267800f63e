"""Associative memory with the classical and the modern Hopfield network. Random +-1 patterns of
length N = 100 are stored and each is retrieved from a cue with 10% of its bits flipped. The
classical network (Hebbian weights, asynchronous sign updates to a fixed point) works at low load
and breaks down past about 0.14 N patterns. One step of the modern update,
xi_new = X softmax(beta X^T xi), retrieves every pattern at every load tried here, and the same step
is, line for line, softmax attention with the cue as query and the patterns as keys and values."""
import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(0)
N, flip, trials = 100, 10, 40                  # pattern length, flipped bits per cue, cues per load


def softmax(z, axis=-1):
    z = z - z.max(axis=axis, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=axis, keepdims=True)


def make_cues(X, n):
    """n noisy cues (rows) and the index of the pattern each one came from."""
    target = rng.integers(X.shape[1], size=n)
    cues = X[:, target].T.copy()
    for c in cues:
        c[rng.choice(N, flip, replace=False)] *= -1
    return cues, target


def classical_retrieve(X, cues, max_sweeps=30):
    """Hebbian weights W = X X^T / N with zero diagonal; units updated one at a time."""
    W = X @ X.T / N
    np.fill_diagonal(W, 0)
    s = cues.copy()
    for _ in range(max_sweeps):
        before = s.copy()
        for i in rng.permutation(N):             # all cues updated together, unit by unit
            s[:, i] = np.where(s @ W[:, i] >= 0, 1.0, -1.0)
        if np.array_equal(s, before):            # a fixed point for every cue
            break
    return s


def modern_step(X, cues, beta):
    """One update xi <- X softmax(beta X^T xi), written exactly so, for each cue in turn."""
    return np.array([X @ softmax(beta * X.T @ xi) for xi in cues])


def fraction_retrieved(S, truth):
    """Success: at most 2 of the 100 bits wrong (generous to the classical net, whose
    retrieval states carry a few errors even below capacity)."""
    return np.mean(np.sum(np.sign(S) != truth, axis=1) <= 2)


def attention(Q, K, V, scale):
    """Single-head attention without projections: softmax(scale Q K^T) V, row by row."""
    return softmax(scale * Q @ K.T, axis=1) @ V


loads = np.arange(2, 42, 2)
ok_classical, ok_modern, exact_modern = [], [], []
for M in loads:
    X = rng.choice([-1.0, 1.0], size=(N, M))     # stored patterns as columns
    cues, target = make_cues(X, trials)
    truth = X[:, target].T
    ok_classical.append(fraction_retrieved(classical_retrieve(X, cues), truth))
    ok_modern.append(fraction_retrieved(modern_step(X, cues, beta=1.0), truth))
    exact_modern.append(np.all(np.sign(modern_step(X, cues, beta=1.0)) == truth))
ok_classical, ok_modern = np.array(ok_classical), np.array(ok_modern)

# Attention check, and the effect of beta, at the highest load (M = 40, load 0.4).
X = rng.choice([-1.0, 1.0], size=(N, 40))
cues, target = make_cues(X, trials)
betas = np.geomspace(0.001, 1, 25)
overlap = [np.mean(np.sum(modern_step(X, cues, b) * X[:, target].T, axis=1) / N) for b in betas]
overlap_sqrt = np.mean(np.sum(modern_step(X, cues, 1 / np.sqrt(N)) * X[:, target].T, axis=1) / N)
gap = max(np.max(np.abs(modern_step(X, cues, b) - attention(cues, X.T, X.T, b)))
          for b in (1 / np.sqrt(N), 1.0))

low, high = loads <= 0.08 * N, loads >= 0.2 * N
print(f"retrieved, classical, loads <= 0.08:  {ok_classical[low].mean():.3f}")
print(f"retrieved, classical, loads >= 0.20:  {ok_classical[high].mean():.3f}")
print(f"retrieved, modern (beta=1), worst load: {ok_modern.min():.3f}, "
      f"every bit right: {all(exact_modern)}")
print(f"max |Hopfield update - attention|:         {gap:.1e}")
print(f"mean overlap after one step, beta=0.001:  {overlap[0]:.3f}")
print(f"mean overlap after one step, beta=0.1:    {overlap_sqrt:.3f} (1/sqrt(N), as in attention)")
print(f"mean overlap after one step, beta=1:      {overlap[-1]:.3f}")

fig, axes = plt.subplots(1, 2, figsize=(8, 3.3), layout="constrained")
ax = axes[0]
ax.plot(loads / N, ok_classical, "o-", ms=4, label="classical Hopfield")
ax.plot(loads / N, ok_modern, "s-", ms=4, label="modern Hopfield, one step")
ax.axvline(0.138, color="0.6", ls="--", lw=1)
ax.text(0.145, 0.9, "0.138", color="0.4", fontsize=8)
ax.set(xlabel="load M / N (patterns per neuron)", ylabel="fraction retrieved",
       title="Retrieval from 10% corrupted cues")
ax.legend(fontsize=7, loc="lower left")
ax = axes[1]
ax.semilogx(betas, overlap, "o-", ms=3, label="mean over 40 cues")
ax.axvline(1 / np.sqrt(N), color="0.6", ls="--", lw=1, label="beta = 1/sqrt(N)")
ax.legend(fontsize=7, loc="upper left")
ax.set(xlabel="inverse temperature beta", ylabel="overlap with stored pattern",
       title="One step at load 0.4: beta selects", ylim=(0, 1.05))

assert gap < 1e-12, f"Hopfield update and attention differ by {gap:.1e}"
assert ok_classical[low].mean() > 0.9, "the classical net should work at low load"
assert ok_classical[high].mean() < 0.2, "the classical net should fail well past 0.14 N"
assert all(exact_modern), "the modern update should retrieve every cue exactly at beta = 1"
assert overlap[0] < 0.3 < 0.99 < overlap[-1], "small beta should average, large beta retrieve"
