"""Game-free numerics of the solvers: linear programs (HiGHS), 2-D convex geometry,
fraction-free integer elimination and payoff scaling.

Nothing here knows about games: inputs are arrays and numbers, so each helper can
be tested and reused on its own (as QuantEcon keeps its ``optimize`` and pivoting
code apart from its games).
"""
