"""A linear state-space layer of the kind S4 is built from, computed in two ways. The continuous
system x'(t) = A x(t) + B u(t), y(t) = C x(t) uses the HiPPO-LegS matrix A (state size 16) and is
discretised with the bilinear rule. Run as a recurrence, it processes the sequence one step at a
time like an RNN; unrolled, its output is a causal convolution of the input with the kernel
K = (C B', C A' B', C A'^2 B', ...), which can be applied to the whole sequence at once with FFTs.
The two computations agree to rounding error."""
import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(0)
N, L, step = 16, 512, 0.02              # state size, sequence length, discretisation step

# HiPPO-LegS: the state holds Legendre coefficients of the input's history.
n = np.arange(N)
A = -np.sqrt(np.outer(2 * n + 1, 2 * n + 1))
A = np.tril(A, -1) - np.diag(n + 1)
B = np.sqrt(2 * n + 1.0)
C = rng.standard_normal(N)               # a readout, here random (S4 learns it)

# Bilinear (Tustin) discretisation:
# A' = (I - step/2 A)^-1 (I + step/2 A),  B' = (I - step/2 A)^-1 step B.
I = np.eye(N)
inv = np.linalg.inv(I - step / 2 * A)
A_bar, B_bar = inv @ (I + step / 2 * A), inv @ (step * B)

# An input sequence: a pulse, a slow oscillation and some noise.
t = np.arange(L)
u = ((t >= 40) & (t < 120)).astype(float) + 0.5 * np.sin(2 * np.pi * t / 150)
u += 0.1 * rng.standard_normal(L)

# 1. Recurrent mode: O(N^2) work per step, constant memory, one step at a time.
x = np.zeros(N)
y_rec = np.empty(L)
for k in range(L):
    x = A_bar @ x + B_bar * u[k]
    y_rec[k] = C @ x

# 2. Convolutional mode: build the kernel K_j = C A'^j B' once ...
K = np.empty(L)
v = B_bar.copy()
for j in range(L):
    K[j] = C @ v
    v = A_bar @ v
# ... then y = K * u (causal), directly and with FFTs over a zero-padded length 2L.
y_direct = np.convolve(u, K)[:L]
y_fft = np.fft.irfft(np.fft.rfft(u, 2 * L) * np.fft.rfft(K, 2 * L), 2 * L)[:L]

diff_direct = np.max(np.abs(y_rec - y_direct))
diff_fft = np.max(np.abs(y_rec - y_fft))
radius = np.max(np.abs(np.linalg.eigvals(A_bar)))
print(f"state size N, sequence length L:       {N}, {L}")
print(f"spectral radius of discrete A:         {radius:.6f}")
print(f"kernel at lags 0, 100, 300:            {K[0]:.2e}, {K[100]:.2e}, {K[300]:.2e}")
print(f"max |recurrence - direct convolution|: {diff_direct:.1e}")
print(f"max |recurrence - FFT convolution|:    {diff_fft:.1e}")
print(f"output range:                          {y_rec.min():.4f} to {y_rec.max():.4f}")

fig, axes = plt.subplots(1, 2, figsize=(8, 3.2), layout="constrained")
ax = axes[0]
ax.plot(t, K, lw=1)
ax.axhline(0, color="0.7", lw=0.8)
ax.set(xlabel="lag j", ylabel="$K_j = C\\bar{A}^j\\bar{B}$", title="The convolution kernel")
ax = axes[1]
ax.plot(t, u, color="0.75", lw=0.8, label="input u")
ax.plot(t, y_rec, lw=1.5, label="output, recurrence")
ax.plot(t[::12], y_fft[::12], "o", ms=3, label="output, FFT convolution")
ax.set(xlabel="time step k", ylabel="value", title="One layer, two computations")
ax.legend(fontsize=7, loc="upper right")

assert radius < 1, "the discretised system should be stable"
assert diff_direct < 1e-10, f"recurrence and direct convolution differ by {diff_direct:.1e}"
assert diff_fft < 1e-10, f"recurrence and FFT convolution differ by {diff_fft:.1e}"
assert np.std(y_rec) > 0.1 * np.std(u), "the layer should not simply output zeros"
