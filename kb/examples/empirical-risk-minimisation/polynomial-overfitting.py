"""Least-squares polynomial fits of increasing degree to 15 noisy samples of a sine wave.
Because the model classes are nested, the training error (the minimised empirical risk) can
only fall as the degree grows, reaching zero when the polynomial interpolates the data.
The error on fresh test data from the same distribution (an estimate of the risk) falls at first,
then rises: the generalisation gap opens up as capacity grows."""
import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(0)
noise_std, n_train, n_test = 0.2, 15, 2000

def truth(x):
    return np.sin(2 * np.pi * x)

# Training inputs evenly spaced on [0, 1]; test inputs uniform on the same interval.
x_train = np.linspace(0, 1, n_train)
y_train = truth(x_train) + noise_std * rng.standard_normal(n_train)
x_test = rng.uniform(0, 1, n_test)
y_test = truth(x_test) + noise_std * rng.standard_normal(n_test)

degrees = np.arange(n_train)       # degree 14 has 15 coefficients: it interpolates 15 points
train_mse, test_mse, fits = [], [], {}
for deg in degrees:
    # Polynomial.fit rescales x to [-1, 1] internally, which keeps least squares well conditioned.
    poly = np.polynomial.Polynomial.fit(x_train, y_train, deg)
    train_mse.append(np.mean((poly(x_train) - y_train) ** 2))
    test_mse.append(np.mean((poly(x_test) - y_test) ** 2))
    fits[deg] = poly
train_mse, test_mse = np.array(train_mse), np.array(test_mse)
best = degrees[test_mse.argmin()]

print(f"{n_train} training points, {n_test} test points; "
      f"noise variance (the smallest possible test MSE) {noise_std**2:.4f}")
for deg in sorted({0, 1, 3, int(best), 6, 9, 12, 14}):
    print(f"degree {deg:2d}: train MSE {train_mse[deg]:.4f}, test MSE {test_mse[deg]:.4f}")
print(f"degree with the lowest test MSE: {best}")

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(8, 3.2), layout="constrained")
ax1.semilogy(degrees, np.maximum(train_mse, 1e-6), "o-", label="training MSE (floored at 1e-6)")
ax1.semilogy(degrees, test_mse, "s-", label="test MSE")
ax1.axhline(noise_std**2, color="gray", ls="--", label="noise variance")
ax1.set_xlabel("polynomial degree")
ax1.set_ylabel("mean squared error")
ax1.set_title("Empirical risk vs test error")
ax1.legend(fontsize="small")
grid = np.linspace(0, 1, 400)
ax2.plot(x_train, y_train, "ko", label="training data")
ax2.plot(grid, truth(grid), color="gray", ls="--", label="true function")
for deg in [1, int(best), 14]:
    ax2.plot(grid, fits[deg](grid), label=f"degree {deg}")
ax2.set_ylim(-2, 2)
ax2.set_xlabel("x")
ax2.set_ylabel("y")
ax2.set_title("Under-fit, good fit, over-fit")
ax2.legend(fontsize="small", ncols=2, loc="lower left")

assert np.all(np.diff(train_mse) <= 1e-9), "training error rose with degree (nested fits cannot)"
assert train_mse[-1] < 1e-8, "the degree-14 polynomial does not interpolate the 15 points"
assert 2 <= best <= 10, f"best degree {best} is not a moderate one"
assert test_mse[best] < 2 * noise_std**2, "best test error is far above the noise floor"
assert test_mse[-1] > 5 * test_mse[best], "interpolating fit does not over-fit badly"
