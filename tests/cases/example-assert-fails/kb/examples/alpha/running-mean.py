"""A demonstration that no longer demonstrates: the mean of few rolls is far from 3.5."""
import numpy as np

rng = np.random.default_rng(1)
rolls = rng.integers(1, 7, size=3)
print(f"mean of 3 rolls: {rolls.mean():.3f}")

assert rolls.size > 0
assert abs(rolls.mean() - 3.5) < 0.01, f"the mean {rolls.mean():.3f} is far from 3.5"
