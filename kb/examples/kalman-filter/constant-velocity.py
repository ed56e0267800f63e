"""An object moves in the plane with nearly constant velocity, and we see only noisy positions.
The Kalman filter estimates position and velocity online from the past; the
Rauch-Tung-Striebel smoother then revises every estimate using the future as well. The
root-mean-square position errors come out in the order smoother < filter < raw measurements."""
import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(7)

# State z = (px, py, vx, vy); one time step dt = 1; random accelerations of intensity q.
T, dt, q, r = 200, 1.0, 0.02, 2.0
A = np.eye(4)
A[0, 2] = A[1, 3] = dt
# per axis: (position, velocity)
Q1 = q * np.array([[dt ** 3 / 3, dt ** 2 / 2], [dt ** 2 / 2, dt]])
Q = np.zeros((4, 4))
Q[np.ix_([0, 2], [0, 2])] = Q1
Q[np.ix_([1, 3], [1, 3])] = Q1
C = np.array([[1.0, 0, 0, 0], [0, 1.0, 0, 0]])                        # we observe positions only
R = r ** 2 * np.eye(2)
mu0, V0 = np.array([0.0, 0.0, 0.5, 0.2]), np.diag([10.0, 10.0, 0.1, 0.1])

# Simulate the true track and the measurements.
z = np.zeros((T, 4))
z[0] = rng.multivariate_normal(mu0, V0)
for t in range(1, T):
    z[t] = A @ z[t - 1] + rng.multivariate_normal(np.zeros(4), Q)
x = z @ C.T + rng.standard_normal((T, 2)) * r

# Kalman filter: predict, then update with the innovation.
mu, V = np.zeros((T, 4)), np.zeros((T, 4, 4))
P = np.zeros((T, 4, 4))                                              # predicted covariances
for t in range(T):
    mu_pred = mu0 if t == 0 else A @ mu[t - 1]
    P[t] = V0 if t == 0 else A @ V[t - 1] @ A.T + Q
    K = P[t] @ C.T @ np.linalg.inv(C @ P[t] @ C.T + R)               # Kalman gain
    mu[t] = mu_pred + K @ (x[t] - C @ mu_pred)
    V[t] = (np.eye(4) - K @ C) @ P[t]

# RTS smoother: a backward pass over the filter's outputs.
mu_s, V_s = mu.copy(), V.copy()
for t in range(T - 2, -1, -1):
    J = V[t] @ A.T @ np.linalg.inv(P[t + 1])
    mu_s[t] = mu[t] + J @ (mu_s[t + 1] - A @ mu[t])
    V_s[t] = V[t] + J @ (V_s[t + 1] - P[t + 1]) @ J.T


def rmse(estimate):
    return np.sqrt(np.mean(np.sum((estimate[:, :2] - z[:, :2]) ** 2, axis=1)))


rmse_raw, rmse_filter, rmse_smooth = rmse(x), rmse(mu), rmse(mu_s)
# Is the filter's uncertainty honest? Share of x-positions inside the filter's 95% interval.
coverage = np.mean(np.abs(mu[:, 0] - z[:, 0]) < 1.96 * np.sqrt(V[:, 0, 0]))
print(f"Position RMSE, raw measurements: {rmse_raw:.4f}")
print(f"Position RMSE, Kalman filter:    {rmse_filter:.4f}")
print(f"Position RMSE, RTS smoother:     {rmse_smooth:.4f}")
print(f"Velocity RMSE, filter {np.sqrt(np.mean(np.sum((mu[:, 2:] - z[:, 2:]) ** 2, 1))):.4f}, "
      f"smoother {np.sqrt(np.mean(np.sum((mu_s[:, 2:] - z[:, 2:]) ** 2, 1))):.4f}")
print(f"Share of true x inside the filter's 95% interval: {coverage:.4f}")

fig, axes = plt.subplots(1, 2, figsize=(8, 3.2), layout="constrained")
ax = axes[0]
window = slice(100, 140)                                  # a zoomed stretch of the track
ax.scatter(x[window, 0], x[window, 1], s=8, color="0.6", label="measurements")
ax.plot(z[window, 0], z[window, 1], color="k", lw=1.5, label="true track")
ax.plot(mu[window, 0], mu[window, 1], lw=1, marker=".", ms=3, label="filter")
ax.plot(mu_s[window, 0], mu_s[window, 1], lw=1, label="smoother")
ax.set_xlabel("x position")
ax.set_ylabel("y position")
ax.set_title("Time steps 100 to 139 in the plane")
ax.legend(fontsize=8)
ax = axes[1]
steps = np.arange(T)
ax.plot(steps, np.linalg.norm(x - z[:, :2], axis=1), color="0.6", lw=1, label="measurements")
ax.plot(steps, np.linalg.norm(mu[:, :2] - z[:, :2], axis=1), lw=1, label="filter")
ax.plot(steps, np.linalg.norm(mu_s[:, :2] - z[:, :2], axis=1), lw=1, label="smoother")
ax.set_xlabel("time step")
ax.set_ylabel("position error")
ax.set_title("Distance from the true position")
ax.legend(fontsize=8, loc="upper right")

assert rmse_filter < 0.8 * rmse_raw, \
    f"filter RMSE {rmse_filter:.3f} is not well below raw {rmse_raw:.3f}"
assert rmse_smooth < 0.9 * rmse_filter, \
    f"smoother RMSE {rmse_smooth:.3f} is not below filter {rmse_filter:.3f}"
assert 0.85 < coverage < 0.99, f"filter 95% interval covers {coverage:.2f} of the truth"
