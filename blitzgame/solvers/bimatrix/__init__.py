"""Two-player (bimatrix) equilibrium algorithms.

* :mod:`.support` -- support enumeration (all equilibria of non-degenerate games);
* :mod:`.vertex` -- vertex enumeration (all extreme equilibria, degenerate games too);
* :mod:`.lemke_howson` -- complementary pivoting from every initial label;
* :mod:`.zero_sum` -- the value and optimal strategies of a zero-sum game by LP;
* :mod:`.closed_2x2` -- the closed form of non-degenerate 2x2 games (all methods use it);
* :mod:`.support_pairs`, :mod:`.support_systems` -- support pairs, their pruning and the
  batched indifference systems, shared with :mod:`blitzgame.solvers.batch`;
  ``_polar`` -- the polar polytopes of vertex enumeration.

Each function has one home, its module; the public names are ``blitzgame.<name>``.
"""
