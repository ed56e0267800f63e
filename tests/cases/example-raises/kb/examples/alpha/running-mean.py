"""Inverts a singular matrix: numpy raises deep inside, the problem names this line."""
import numpy as np

covariance = np.array([[1.0, 2.0], [2.0, 4.0]])
precision = np.linalg.inv(covariance)
print(precision)
