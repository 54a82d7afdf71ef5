"""Multinomial logistic regression in numpy (L-BFGS): the classifier over sentence embeddings.

Same objective as scikit-learn's LogisticRegression(C=...) with the lbfgs solver, 0.5 |W|^2 + C * sum of
cross-entropies (intercepts unpenalised), without pulling scikit-learn and scipy (about 90 MB resident)
into the robot's process.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

import numpy as np

HISTORY = 10  # L-BFGS memory
TOLERANCE = 1e-4  # as scikit-learn: stop when the (scaled) gradient's largest component falls below this


def _softmax(logits: np.ndarray) -> np.ndarray:
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    return shifted / shifted.sum(axis=1, keepdims=True)


class SoftmaxHead:
    """`fit(vectors, labels)` then `predict_proba(vectors)`, columns in the order of `classes_`."""

    def __init__(self, c: float = 20.0, max_iter: int = 500) -> None:
        self.c = c
        self.max_iter = max_iter
        self.classes_ = np.zeros(0, dtype=np.int64)
        self._weights = np.zeros((0, 0), dtype=np.float32)
        self._bias = np.zeros(0, dtype=np.float32)

    def fit(self, vectors: np.ndarray, labels: np.ndarray) -> SoftmaxHead:
        x = np.asarray(vectors, dtype=np.float64)
        self.classes_, y = np.unique(np.asarray(labels), return_inverse=True)
        n, d = x.shape
        k = len(self.classes_)
        onehot = np.zeros((n, k))
        onehot[np.arange(n), y] = 1.0
        # Scaled by 1/(C n) so the numbers stay near 1 whatever the data size; same minimiser.
        reg = 1.0 / (self.c * n)

        def loss_grad(theta: np.ndarray) -> tuple[float, np.ndarray]:
            w, b = theta[: d * k].reshape(d, k), theta[d * k :]
            logits = x @ w + b
            logits -= logits.max(axis=1, keepdims=True)
            log_norm = np.log(np.exp(logits).sum(axis=1, keepdims=True))
            log_p = logits - log_norm
            loss = -(onehot * log_p).sum() / n + 0.5 * reg * float((w * w).sum())
            delta = (np.exp(log_p) - onehot) / n
            grad_w = x.T @ delta + reg * w
            return loss, np.concatenate([grad_w.ravel(), delta.sum(axis=0)])

        theta = _lbfgs(loss_grad, np.zeros(d * k + k), self.max_iter, TOLERANCE)
        self._weights = theta[: d * k].reshape(d, k).astype(np.float32)
        self._bias = theta[d * k :].astype(np.float32)
        return self

    def state(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(classes, weights, bias): what restore() takes back."""
        return self.classes_, self._weights, self._bias

    def restore(self, classes: np.ndarray, weights: np.ndarray, bias: np.ndarray) -> SoftmaxHead:
        """The head as fitted before (see state()); the shapes must agree."""
        k = len(classes)
        if weights.ndim != 2 or weights.shape[1] != k or bias.shape != (k,):
            raise ValueError(f"stored head shapes disagree: {weights.shape}, {bias.shape}, {k} classes")
        self.classes_ = np.asarray(classes, dtype=np.int64)
        self._weights = np.asarray(weights, dtype=np.float32)
        self._bias = np.asarray(bias, dtype=np.float32)
        return self

    def decision_function(self, vectors: np.ndarray) -> np.ndarray:
        return np.asarray(vectors, dtype=np.float32) @ self._weights + self._bias

    def predict_proba(self, vectors: np.ndarray) -> np.ndarray:
        return _softmax(self.decision_function(vectors).astype(np.float64))


LossGrad = Callable[[np.ndarray], tuple[float, np.ndarray]]


def _lbfgs(loss_grad: LossGrad, theta: np.ndarray, max_iter: int, tolerance: float) -> np.ndarray:
    """Minimises a smooth convex function: two-loop recursion with a backtracking (Armijo) line search."""
    loss, grad = loss_grad(theta)
    steps: deque[tuple[np.ndarray, np.ndarray, float]] = deque(maxlen=HISTORY)
    for _ in range(max_iter):
        if np.abs(grad).max() < tolerance:
            break
        direction = -grad
        alphas = []
        for s, g, rho in reversed(steps):
            alpha = rho * float(s @ direction)
            direction = direction - alpha * g
            alphas.append(alpha)
        if steps:
            s, g, _ = steps[-1]
            direction = direction * (float(s @ g) / float(g @ g))
        for (s, g, rho), alpha in zip(steps, reversed(alphas), strict=True):
            beta = rho * float(g @ direction)
            direction = direction + s * (alpha - beta)
        slope = float(grad @ direction)
        if slope >= 0.0:  # not a descent direction (numerical trouble): restart from the gradient
            steps.clear()
            direction, slope = -grad, -float(grad @ grad)
        step = 1.0 if steps else min(1.0, 1.0 / max(float(np.abs(grad).sum()), 1e-12))
        while True:
            candidate = theta + step * direction
            new_loss, new_grad = loss_grad(candidate)
            if new_loss <= loss + 1e-4 * step * slope or step < 1e-10:
                break
            step *= 0.5
        s, g = candidate - theta, new_grad - grad
        curvature = float(s @ g)
        if curvature > 1e-10:
            steps.append((s, g, 1.0 / curvature))
        if loss - new_loss < 1e-12 * max(abs(loss), 1.0) and step < 1e-10:
            theta, loss, grad = candidate, new_loss, new_grad
            break
        theta, loss, grad = candidate, new_loss, new_grad
    return theta
