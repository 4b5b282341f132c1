"""Game classes: normal-form, repeated and stochastic games."""

from .normal_form import NormalFormGame

__all__ = ["NormalFormGame"]
