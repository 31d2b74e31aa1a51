"""Fitting the logistic regressions of paperkg/extract/logistic.py: L2-regularised, full-batch
gradient descent with Adam, deterministic (no sampling)."""

from __future__ import annotations

import numpy as np

L2 = 1.0
STEPS = 3000


def fit(
    xs: list[list[str]], ys: list[int], l2: float = L2, steps: int = STEPS
) -> tuple[dict[str, float], float]:
    """Weights per feature name and the bias, for examples given as lists of the features that hold."""
    names = sorted({f for x in xs for f in x})
    index = {f: i for i, f in enumerate(names)}
    X = np.zeros((len(xs), len(names)))
    for i, x in enumerate(xs):
        X[i, [index[f] for f in x]] = 1.0
    y = np.asarray(ys, dtype=float)
    w, b = np.zeros(len(names)), 0.0
    m_w, v_w, m_b, v_b = np.zeros_like(w), np.zeros_like(w), 0.0, 0.0
    lr, beta1, beta2, eps = 0.05, 0.9, 0.999, 1e-8
    for t in range(1, steps + 1):
        p = 1 / (1 + np.exp(-(X @ w + b)))
        g_w = X.T @ (p - y) / len(y) + l2 * w / len(y)
        g_b = float(np.mean(p - y))
        m_w = beta1 * m_w + (1 - beta1) * g_w
        v_w = beta2 * v_w + (1 - beta2) * g_w**2
        m_b = beta1 * m_b + (1 - beta1) * g_b
        v_b = beta2 * v_b + (1 - beta2) * g_b**2
        w -= lr * (m_w / (1 - beta1**t)) / (np.sqrt(v_w / (1 - beta2**t)) + eps)
        b -= lr * (m_b / (1 - beta1**t)) / (np.sqrt(v_b / (1 - beta2**t)) + eps)
    return {f: round(float(w[i]), 4) for f, i in index.items()}, round(b, 4)
