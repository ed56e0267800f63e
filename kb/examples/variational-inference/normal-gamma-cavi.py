"""Mean-field CAVI for a Gaussian with unknown mean mu and precision tau under a
Normal-Gamma prior, where the exact posterior is known in closed form.
Each coordinate update raises the ELBO, the factorised q(mu) q(tau) finds the exact
posterior mean of mu and of tau, but it drops the mu-tau dependence and so
under-estimates the posterior variance of mu."""
import math

import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(0)
x = rng.normal(loc=1.0, scale=2.0, size=10)  # few data points: the posterior is wide
N, xbar = len(x), x.mean()
# Prior: mu | tau ~ N(mu0, 1 / (lam0 tau)), tau ~ Gamma(a0, rate b0)
mu0, lam0, a0, b0 = 0.0, 1.0, 2.0, 2.0


def digamma(z):
    """psi(z) by recurrence up to z >= 6, then the asymptotic series."""
    out = 0.0
    while z < 6:
        out, z = out - 1 / z, z + 1
    f = 1 / z**2
    return out + math.log(z) - 0.5 / z - f * (1 / 12 - f * (1 / 120 - f / 252))


# Exact posterior: Normal-Gamma(mu_n, kappa_n, a_n, b_n)
kappa_n = lam0 + N
mu_n = (lam0 * mu0 + N * xbar) / kappa_n
a_n = a0 + N / 2
b_n = b0 + 0.5 * np.sum((x - xbar) ** 2) + lam0 * N * (xbar - mu0) ** 2 / (2 * kappa_n)
exact_var_mu = b_n / (kappa_n * (a_n - 1))   # variance of the Student-t marginal of mu
log_evidence = (math.lgamma(a_n) - math.lgamma(a0) + a0 * math.log(b0) - a_n * math.log(b_n)
                + 0.5 * math.log(lam0 / kappa_n) - 0.5 * N * math.log(2 * math.pi))


def elbo(m, s2, a, b):
    """E_q[log p(x, mu, tau)] - E_q[log q(mu)] - E_q[log q(tau)] for q = N(m, s2) Gamma(a, b)."""
    e_tau, e_log_tau = a / b, digamma(a) - math.log(b)
    e_sq_data = np.sum((x - m) ** 2) + N * s2           # E[sum (x_i - mu)^2]
    e_sq_prior = (m - mu0) ** 2 + s2                      # E[(mu - mu0)^2]
    log_lik = 0.5 * N * (e_log_tau - math.log(2 * math.pi)) - 0.5 * e_tau * e_sq_data
    log_prior_mu = (0.5 * (math.log(lam0 / (2 * math.pi)) + e_log_tau)
                    - 0.5 * lam0 * e_tau * e_sq_prior)
    log_prior_tau = a0 * math.log(b0) - math.lgamma(a0) + (a0 - 1) * e_log_tau - b0 * e_tau
    entropy_mu = 0.5 * math.log(2 * math.pi * math.e * s2)
    entropy_tau = a - math.log(b) + math.lgamma(a) + (1 - a) * digamma(a)
    return log_lik + log_prior_mu + log_prior_tau + entropy_mu + entropy_tau


# CAVI from a deliberately poor start: q(mu) = N(-3, 4), q(tau) = Gamma(1, 10)
m, s2, a, b = -3.0, 4.0, 1.0, 10.0
elbos = [elbo(m, s2, a, b)]
for _ in range(6):
    # update q(mu) given q(tau): its mean is mu_n whatever q(tau) is; its width depends on E[tau]
    e_tau = a / b
    m, s2 = mu_n, 1 / (kappa_n * e_tau)
    elbos.append(elbo(m, s2, a, b))
    a = a0 + (N + 1) / 2                           # update q(tau) given q(mu)
    b = b0 + 0.5 * (np.sum((x - m) ** 2) + N * s2 + lam0 * ((m - mu0) ** 2 + s2))
    elbos.append(elbo(m, s2, a, b))
elbos = np.array(elbos)

print(f"posterior mean of mu:   exact {mu_n:.4f}   mean field {m:.4f}")
print(f"posterior mean of tau:  exact {a_n / b_n:.4f}   mean field {a / b:.4f}")
print(f"posterior var of mu:    exact {exact_var_mu:.4f}   mean field {s2:.4f}")
print(f"variance ratio mean field / exact: {s2 / exact_var_mu:.4f}"
      f"  ((a_n - 1) / a_n = {(a_n - 1) / a_n:.4f})")
print(f"ELBO start {elbos[0]:.4f}, converged {elbos[-1]:.4f}, log evidence {log_evidence:.4f}")
print(f"KL(q || posterior) at convergence = log evidence - ELBO = {log_evidence - elbos[-1]:.4f}")

# Figure: joint posterior against the mean-field product, and the ELBO per half-sweep
mus = np.linspace(mu_n - 4 * math.sqrt(exact_var_mu), mu_n + 4 * math.sqrt(exact_var_mu), 80)
taus = np.linspace(1e-3, 4 * a_n / b_n, 80)
MU, TAU = np.meshgrid(mus, taus)
log_exact = ((a_n - 0.5) * np.log(TAU) - b_n * TAU - 0.5 * kappa_n * TAU * (MU - mu_n) ** 2)
log_mf = (a - 1) * np.log(TAU) - b * TAU - 0.5 * (MU - m) ** 2 / s2
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(8, 3.2), layout="constrained")
levels = [np.exp(-4.5), np.exp(-2), np.exp(-0.5)]  # fractions of each density's peak
ax1.contour(MU, TAU, np.exp(log_exact - log_exact.max()), levels=levels, colors="C0")
ax1.contour(MU, TAU, np.exp(log_mf - log_mf.max()), levels=levels, colors="C1", linestyles="--")
ax1.plot([], [], "C0", label=r"exact $p(\mu, \tau \mid x)$")
ax1.plot([], [], "C1--", label=r"mean field $q(\mu)\,q(\tau)$")
ax1.set(xlabel=r"$\mu$", ylabel=r"$\tau$", title="Posterior contours")
ax1.legend(fontsize=8)
ax2.plot(elbos, "o-", label="ELBO after each update")
ax2.axhline(log_evidence, color="k", linestyle=":", label="log evidence")
ax2.set(xlabel="coordinate update", ylabel="nats", title="CAVI raises the ELBO")
ax2.legend(fontsize=8)

assert np.all(np.diff(elbos) > -1e-10), "the ELBO decreased during CAVI"
assert abs(m - mu_n) < 1e-3 * math.sqrt(exact_var_mu), "mean-field mean of mu is off the exact one"
assert abs(a / b - a_n / b_n) < 1e-3 * a_n / b_n, "mean-field mean of tau is off the exact one"
assert s2 < 0.95 * exact_var_mu, f"mean field var(mu) {s2:.4f} is not below {exact_var_mu:.4f}"
assert 0 < log_evidence - elbos[-1] < 0.5, "ELBO is not a tight lower bound on the log evidence"
