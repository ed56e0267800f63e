"""A linear VAE (linear Gaussian encoder and decoder) trained by stochastic gradient ascent on
the ELBO, with reparameterised samples z = m + s * eps and gradients written out by hand.
Probabilistic PCA is the same generative model and has a closed-form maximum-likelihood fit,
so we can check the answer: the decoder's columns span the top principal subspace, the
learned noise variance matches PPCA's, and the ELBO ends close to PPCA's maximum likelihood."""
import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(1)
N, D, d = 500, 10, 2                       # data points, observed and latent dimensions

# Data from a linear Gaussian model: x = A z + noise (A is unknown to the learner).
A = rng.standard_normal((D, d)) * np.array([3.0, 1.5])
X = rng.standard_normal((N, d)) @ A.T + 0.5 * rng.standard_normal((N, D)) + 1.0

# Closed-form PPCA (Tipping and Bishop): top-d eigenvectors of the sample covariance.
mean = X.mean(axis=0)
evals, evecs = np.linalg.eigh(np.cov(X.T, bias=True))
evals, evecs = evals[::-1], evecs[:, ::-1]
U, sigma2_ppca = evecs[:, :d], evals[d:].mean()     # noise = average discarded eigenvalue
W_ppca = U * np.sqrt(evals[:d] - sigma2_ppca)

def log_lik(W, mu, sigma2):
    """Exact mean log p(x) of the linear model: x ~ N(mu, W W^T + sigma2 I)."""
    C = W @ W.T + sigma2 * np.eye(D)
    R = X - mu
    return -0.5 * (D * np.log(2 * np.pi) + np.linalg.slogdet(C)[1]
                   + np.mean(np.sum(R * np.linalg.solve(C, R.T).T, axis=1)))

def elbo(p):
    """The ELBO in closed form (the expectation over q is Gaussian, so no sampling needed)."""
    W, mu, V, a, log_s, log_s2 = p
    s2, sigma2 = np.exp(2 * log_s), np.exp(log_s2)
    M = X @ V.T + a                                  # encoder means, one row per x
    recon = np.sum((X - mu - M @ W.T) ** 2, axis=1) + np.sum(W**2 * s2)
    kl = 0.5 * (np.sum(s2) + np.sum(M**2, axis=1) - d - np.sum(np.log(s2)))
    return np.mean(-0.5 * D * np.log(2 * np.pi * sigma2) - recon / (2 * sigma2) - kl)

def principal_angles_deg(W, Q):
    Qw = np.linalg.qr(W)[0]
    cosines = np.linalg.svd(Qw.T @ Q, compute_uv=False)
    return np.degrees(np.arccos(np.clip(cosines, -1, 1)))

# Parameters: decoder W, mu, log sigma^2; encoder q(z|x) = N(V x + a, diag(s^2)).
params = [0.1 * rng.standard_normal((D, d)), np.zeros(D), 0.1 * rng.standard_normal((d, D)),
          np.zeros(d), np.zeros(d), np.zeros(())]
elbo_init = elbo(params)
m_adam = [np.zeros_like(p) for p in params]
v_adam = [np.zeros_like(p) for p in params]
history = []
for t in range(1, 3001):
    lr = 0.05 * (1 - t / 3001) + 1e-4           # step size decays to (almost) zero
    W, mu, V, a, log_s, log_s2 = params
    s, sigma2 = np.exp(log_s), np.exp(log_s2)
    M = X @ V.T + a
    eps = rng.standard_normal((N, d))
    Z = M + s * eps                                  # reparameterisation trick
    R = X - mu - Z @ W.T                             # reconstruction residuals
    G_z = R @ W / sigma2                             # d log p(x|z) / dz, one row per x
    G_m = G_z - M                                    # ... plus d(-KL)/dm
    grads = [R.T @ Z / (N * sigma2), R.mean(axis=0) / sigma2,
             G_m.T @ X / N, G_m.mean(axis=0),
             s * (G_z * eps).mean(axis=0) - s**2 + 1,        # w.r.t. log s
             np.array(-0.5 * D + np.mean(np.sum(R**2, axis=1)) / (2 * sigma2))]
    for i, g in enumerate(grads):                    # Adam, ascending the ELBO
        m_adam[i] = 0.9 * m_adam[i] + 0.1 * g
        v_adam[i] = 0.999 * v_adam[i] + 0.001 * g**2
        step = m_adam[i] / (1 - 0.9**t) / (np.sqrt(v_adam[i] / (1 - 0.999**t)) + 1e-8)
        params[i] = params[i] + lr * step
    if t % 10 == 0:
        history.append((t, elbo(params), principal_angles_deg(params[0], U).max()))

W, mu, V, a, log_s, log_s2 = params
angles = principal_angles_deg(W, U)
ll_ppca = log_lik(W_ppca, mean, sigma2_ppca)
ll_vae, elbo_vae = log_lik(W, mu, np.exp(log_s2)), elbo(params)
print(f"principal angles to the PPCA subspace (deg): {', '.join(f'{x:.4f}' for x in angles)}")
print(f"noise variance: VAE {np.exp(log_s2):.4f}, PPCA {sigma2_ppca:.4f}")
print(f"PPCA maximum log-likelihood per point: {ll_ppca:.4f}")
print(f"VAE ELBO per point: at initialisation {elbo_init:.4f}, after training {elbo_vae:.4f}")
print(f"VAE exact log-likelihood per point after training: {ll_vae:.4f}")

t, elbos, max_angles = map(np.array, zip(*history))
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(8, 3.2), layout="constrained")
ax1.plot(t, elbos, label="VAE ELBO")
ax1.axhline(ll_ppca, color="gray", ls="--", label="PPCA max log-likelihood")
ax1.set_ylim(ll_ppca - 6, ll_ppca + 1)
ax1.set_xlabel("Adam step")
ax1.set_ylabel("nats per data point")
ax1.set_title("ELBO rises to the PPCA optimum")
ax1.legend()
ax2.semilogy(t, max_angles)
ax2.set_xlabel("Adam step")
ax2.set_ylabel("largest principal angle (deg)")
ax2.set_title("Decoder subspace vs top-2 eigenvectors")

assert angles.max() < 2.0, f"largest principal angle {angles.max():.3f} deg is not below 2"
assert abs(np.exp(log_s2) / sigma2_ppca - 1) < 0.05, "noise variance differs from PPCA's by over 5%"
assert ll_ppca - elbo_vae < 0.25, f"ELBO is {ll_ppca - elbo_vae:.4f} nats below the PPCA optimum"
