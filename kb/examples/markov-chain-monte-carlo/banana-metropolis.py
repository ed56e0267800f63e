"""Random-walk Metropolis on a banana-shaped (twisted Gaussian) density, with traces,
the acceptance rate and an effective sample size from the chain's autocorrelations.
The ESS is checked against reality: the spread of the means of many independent chains
matches the Monte Carlo error the ESS predicts, and is far larger than naive i.i.d. error."""
import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(1)
S1, B = 3.0, 0.1  # z1 ~ N(0, S1^2), z2 | z1 ~ N(B (z1^2 - S1^2), 1): so E[z2] = 0, E[z1^2] = 9


def log_target(z):
    """Unnormalised log density; Metropolis never needs the normaliser."""
    z1, z2 = z[..., 0], z[..., 1]
    return -0.5 * z1**2 / S1**2 - 0.5 * (z2 - B * (z1**2 - S1**2)) ** 2


def ess(chain):
    """S / tau with tau = 1 + 2 sum of autocorrelations, summed by Geyer's initial positive
    sequence: add pairs rho_2k + rho_2k+1 while the pair sum stays positive."""
    n = len(chain)
    c = chain - chain.mean()
    f = np.fft.rfft(c, 2 * n)
    acov = np.fft.irfft(f * np.conj(f))[:n] / n
    rho = acov / acov[0]
    tau = -1.0
    for k in range(0, n - 1, 2):
        pair = rho[k] + rho[k + 1]
        if pair <= 0:
            break
        tau += 2 * pair
    return n / tau


# 40 chains run side by side from dispersed starts; the first 1000 steps are burn-in
n_chains, n_burn, n_keep, step = 40, 1000, 5000, 3.0
z = rng.normal(scale=[6.0, 6.0], size=(n_chains, 2))
logp = log_target(z)
samples = np.empty((n_keep, n_chains, 2))
accepted = 0
for t in range(n_burn + n_keep):
    proposal = z + step * rng.normal(size=z.shape)  # symmetric proposal: q cancels
    logp_new = log_target(proposal)
    accept = np.log(rng.uniform(size=n_chains)) < logp_new - logp
    z[accept], logp[accept] = proposal[accept], logp_new[accept]
    if t >= n_burn:
        samples[t - n_burn] = z
        accepted += accept.sum()
acceptance = accepted / (n_keep * n_chains)

# Estimate E[z2] (true value 0) from each chain, with its ESS-based standard error
z2 = samples[:, :, 1]
chain_means = z2.mean(axis=0)
ess_z2 = np.array([ess(z2[:, c]) for c in range(n_chains)])
predicted_se = np.sqrt(np.mean(z2.var(axis=0) / ess_z2))   # typical MCSE of one chain's mean
naive_se = np.sqrt(z2.var() / n_keep)                      # pretends the samples are independent
observed_se = chain_means.std(ddof=1)                       # what the chains actually show
pooled_mean, pooled_se = chain_means.mean(), observed_se / np.sqrt(n_chains)
mean_z1_sq = np.mean(samples[:, :, 0] ** 2)

print(f"acceptance rate: {acceptance:.4f}")
print(f"ESS of z2 per chain of {n_keep}: median {np.median(ess_z2):.1f}"
      f" ({np.median(ess_z2) / n_keep:.2%} of the samples)")
print(f"std of chain means of z2: observed {observed_se:.4f}, ESS-predicted {predicted_se:.4f},"
      f" naive i.i.d. {naive_se:.4f}")
print(f"E[z2]   = 0: estimate {pooled_mean:.4f} +- {pooled_se:.4f}")
print(f"E[z1^2] = {S1**2:.0f}: estimate {mean_z1_sq:.4f}")

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(8, 3.2), layout="constrained")
g1, g2 = np.meshgrid(np.linspace(-10, 10, 120), np.linspace(-5, 12, 120))
ax1.contour(g1, g2, log_target(np.stack([g1, g2], axis=-1)), levels=[-8, -4.5, -2, -0.5],
            colors="0.6", linestyles="solid")
thin = samples[::25, 0]  # one chain, every 25th sample: 200 points
ax1.scatter(thin[:, 0], thin[:, 1], s=6, color="C0", label="chain 1, every 25th sample")
ax1.set(xlabel="$z_1$", ylabel="$z_2$", title="Banana target and samples")
ax1.legend(fontsize=8, loc="upper center")
ax2.plot(samples[:800, 0, 0], lw=0.8, label="$z_1$")
ax2.plot(samples[:800, 0, 1], lw=0.8, label="$z_2$")
ax2.set(xlabel="iteration after burn-in", ylabel="value", title="Traces of chain 1")
ax2.legend(fontsize=8)

assert 0.15 < acceptance < 0.5, f"acceptance {acceptance:.3f} outside a sensible range"
assert 0.6 < observed_se / predicted_se < 1.6, "the ESS does not predict the spread of chain means"
assert observed_se > 3 * naive_se, "the chain looks i.i.d.: the autocorrelation went missing"
assert pooled_se < 0.1, f"standard error {pooled_se:.3f} of the E[z2] estimate is not small"
assert abs(pooled_mean) < 4 * pooled_se, "E[z2] estimate is off its known value 0"
assert abs(mean_z1_sq - S1**2) < 0.5, "E[z1^2] estimate is off its known value"
