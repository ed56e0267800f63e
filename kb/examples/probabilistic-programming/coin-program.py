"""A tiny probabilistic programming language: a model as a Python function with sample and
observe statements, and two generic inference engines that only run it.

Likelihood weighting runs the program forwards and weights each run by its observe scores.
Trace-based Metropolis-Hastings perturbs the value at one address, re-runs the program and
accepts or rejects. For the Beta-Bernoulli coin both must match the exact Beta posterior.
"""
import math

import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(0)


# --- Distributions: each can draw a value and score one -------------------------------------
class Beta:
    def __init__(self, a, b):
        self.a, self.b = a, b

    def sample(self):
        return rng.beta(self.a, self.b)

    def log_prob(self, x):
        if not 0 < x < 1:
            return -math.inf
        log_norm = math.lgamma(self.a + self.b) - math.lgamma(self.a) - math.lgamma(self.b)
        return log_norm + (self.a - 1) * math.log(x) + (self.b - 1) * math.log(1 - x)


class Bernoulli:
    def __init__(self, p):
        self.p = p

    def log_prob(self, y):
        return math.log(self.p if y == 1 else 1 - self.p)


# --- The language: sample and observe ask the current inference handler what to do --------
handler = None


def sample(address, dist):
    return handler.sample(address, dist)


def observe(dist, value):
    handler.observe(dist, value)


class Run:
    """Runs a program once. Sample sites reuse values from `replay` or draw from the prior;
    log_prior and log_lik accumulate the two kinds of factors of p(x, y)."""

    def __init__(self, replay=None):
        self.replay, self.trace, self.log_prior, self.log_lik = replay or {}, {}, 0.0, 0.0

    def sample(self, address, dist):
        value = self.replay[address] if address in self.replay else dist.sample()
        self.trace[address] = value
        self.log_prior += dist.log_prob(value)
        return value

    def observe(self, dist, value):
        if self.log_prior > -math.inf:  # a run with an impossible latent value scores nothing
            self.log_lik += dist.log_prob(value)


def execute(program, data, replay=None):
    global handler
    handler = Run(replay)
    program(data)
    return handler


# --- The model, written as a program ---------------------------------------------------------
def coin(flips):
    theta = sample("theta", Beta(2, 2))
    for y in flips:
        observe(Bernoulli(theta), y)
    return theta


flips = (rng.random(30) < 0.7).astype(int)  # 30 flips of a coin with true bias 0.7
heads, tails = int(flips.sum()), int(len(flips) - flips.sum())

# --- Engine 1: likelihood weighting (importance sampling with the prior as proposal) --------
runs = [execute(coin, flips) for _ in range(5000)]
lw_theta = np.array([r.trace["theta"] for r in runs])
log_w = np.array([r.log_lik for r in runs])
w = np.exp(log_w - log_w.max())
lw_mean = np.sum(w * lw_theta) / w.sum()
lw_sd = np.sqrt(np.sum(w * (lw_theta - lw_mean) ** 2) / w.sum())
log_evidence = log_w.max() + np.log(np.mean(w))  # log of the average weight
ess = w.sum() ** 2 / np.sum(w**2)

# --- Engine 2: single-site trace Metropolis-Hastings with a random-walk proposal ------------
current = execute(coin, flips)
chain = []
for _ in range(5000):
    proposal = {"theta": current.trace["theta"] + 0.15 * rng.standard_normal()}
    new = execute(coin, flips, replay=proposal)  # re-run the program with the new value
    log_ratio = (new.log_prior + new.log_lik) - (current.log_prior + current.log_lik)
    if math.log(rng.random()) < log_ratio:  # symmetric proposal: ratio of p(x, y)
        current = new
    chain.append(current.trace["theta"])
mh_theta = np.array(chain[500:])  # drop a short burn-in

# --- Exact answer: Beta(2 + heads, 2 + tails), evidence B(2 + h, 2 + t) / B(2, 2) ----------
a, b = 2 + heads, 2 + tails
exact_mean, exact_sd = a / (a + b), math.sqrt(a * b / ((a + b) ** 2 * (a + b + 1)))
def log_beta_fn(p, q):
    return math.lgamma(p) + math.lgamma(q) - math.lgamma(p + q)


exact_log_evidence = log_beta_fn(a, b) - log_beta_fn(2, 2)

print(f"data: {heads} heads, {tails} tails; exact posterior Beta({a}, {b})")
print(f"posterior mean: exact {exact_mean:.4f}, likelihood weighting {lw_mean:.4f},"
      f" MH {mh_theta.mean():.4f}")
print(f"posterior sd:   exact {exact_sd:.4f}, likelihood weighting {lw_sd:.4f},"
      f" MH {mh_theta.std():.4f}")
print(f"log evidence:   exact {exact_log_evidence:.4f}, likelihood weighting {log_evidence:.4f}")
print(f"likelihood weighting: effective sample size {ess:.0f} of {len(runs)} runs")

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(8, 3.2), layout="constrained")
grid = np.linspace(0.01, 0.99, 300)
bins = np.linspace(0, 1, 41)
ax1.hist(lw_theta, bins=bins, weights=w, density=True, alpha=0.5, label="likelihood weighting")
ax1.hist(mh_theta, bins=bins, density=True, histtype="step", lw=1.5, label="trace MH")
ax1.plot(grid, [math.exp(Beta(a, b).log_prob(t)) for t in grid], "k", lw=1.5,
         label=f"exact Beta({a}, {b})")
ax1.plot(grid, [math.exp(Beta(2, 2).log_prob(t)) for t in grid], "k:", lw=1,
         label="prior Beta(2, 2)")
ax1.set_xlabel("theta (bias of the coin)")
ax1.set_ylabel("density")
ax1.set_title("Posterior from running the program")
ax1.legend(fontsize=8)
shown = np.unique(np.geomspace(1, len(mh_theta), 300).astype(int))  # runs 1 .. 4500, log-spaced
lw_running = np.cumsum(w * lw_theta) / np.cumsum(w)
mh_running = np.cumsum(mh_theta) / np.arange(1, len(mh_theta) + 1)
ax2.semilogx(shown, lw_running[shown - 1], label="likelihood weighting")
ax2.semilogx(shown, mh_running[shown - 1], label="trace MH (after burn-in)")
ax2.axhline(exact_mean, color="k", ls="--", lw=1, label="exact posterior mean")
ax2.set_xlabel("number of program runs")
ax2.set_ylabel("estimate of E[theta | data]")
ax2.set_title("Running estimates of the posterior mean")
ax2.legend(fontsize=8)

assert abs(lw_mean - exact_mean) < 0.01, f"LW mean {lw_mean:.4f} vs exact {exact_mean:.4f}"
assert abs(lw_sd / exact_sd - 1) < 0.1, f"LW sd {lw_sd:.4f} vs exact {exact_sd:.4f}"
assert abs(mh_theta.mean() - exact_mean) < 0.02, f"MH mean {mh_theta.mean():.4f} is off"
assert abs(mh_theta.std() / exact_sd - 1) < 0.15, f"MH sd {mh_theta.std():.4f} is off"
assert abs(log_evidence - exact_log_evidence) < 0.05, "LW evidence estimate is off by more than 5%"
