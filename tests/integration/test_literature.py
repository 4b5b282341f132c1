"""Acceptance tests: published cases from the literature and peer libraries on the same inputs.

Every case states where its answer comes from (a published equilibrium set, value or
threshold, or a derivation by hand given in the docstring) and, where a peer library
implements the same question, checks blitzgame against it on the same input:
pygambit (exact, ``enummixed_solve``/``lcp_solve``/``logit_solve``/``enumpure_solve``/
``read_nfg``) and quantecon (float, ``vertex_enumeration``, ``RepeatedGame``).

References
----------
- von Stengel, B. (2007). Equilibrium computation for two-player games in strategic and
  extensive form. In Nisan, Roughgarden, Tardos, Vazirani (eds.), *Algorithmic Game
  Theory*, ch. 3. Cambridge University Press.
- Shapley, L. S. (1964). Some topics in two-person games. *Advances in Game Theory*,
  Annals of Math. Studies 52, 1-28.  (The 3x3 "Shapley game".)
- Shapley, L. S. (1974). A note on the Lemke-Howson algorithm. *Math. Programming
  Study* 1, 175-189.  (Index of equilibria reached by Lemke-Howson.)
- Quint, T. and Shubik, M. (1997). A theorem on the number of Nash equilibria in a
  bimatrix game. *IJGT* 26, 353-359.  (n x n coordination game: 2^n - 1 equilibria.)
- Dresher, M. (1961). *Games of Strategy*; Ferguson, T. S., *Game Theory* (lecture
  notes), Part II §4 (two-finger Morra: value 0, optimal set [(0,4/7,3/7,0),(0,3/5,2/5,0)]).
- Aumann, R. (1974). Subjectivity and correlation in randomized strategies. *J. Math.
  Econ.* 1, 67-96.  (Chicken and correlated equilibrium.)
- Gibbons, R. (1992). *A Primer in Game Theory*, §1.1.B and §1.3.A.
- Fudenberg, D. and Tirole, J. (1991). *Game Theory*, §1.1 and §2.1 (dominance by mixed
  strategies), §5.1 (repeated games, minmax).
- Jordan, J. S. (1993). Three problems in learning mixed-strategy Nash equilibria.
  *GEB* 5, 368-386.  (Cyclic three-player matching pennies.)
- Gillette, D. (1957); Blackwell, D. and Ferguson, T. S. (1968). The Big Match. *Ann.
  Math. Statist.* 39, 159-163.  (Discounted value 1/2 per period.)
- Tullock, G. (1980). Efficient rent seeking; Szidarovszky, F. and Okuguchi, K. (1997).
  On the existence and uniqueness of pure Nash equilibrium in rent-seeking games. *GEB*
  18, 135-140.
- Abreu, D., Pearce, D. and Stacchetti, E. (1990); Judd, K., Yeltekin, S. and Conklin, J.
  (2003). Computing supergame equilibria. *Econometrica* 71, 1239-1254.
"""

from __future__ import annotations

import itertools
from fractions import Fraction as F

import numpy as np
import pytest

import blitzgame as bg

# ---------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------


def _key(strategies) -> tuple:
    """Exact hashable key of a profile (Fractions as given)."""
    return tuple(F(v) for s in strategies for v in s)


def _keys(res) -> list[tuple]:
    return [_key(e.strategies) for e in res]


def _profile(*mixes) -> tuple:
    return tuple(F(v) for m in mixes for v in m)


def _float_rows(profiles) -> np.ndarray:
    rows = [np.concatenate([np.asarray(s, dtype=float) for s in p]) for p in profiles]
    return np.array(sorted(tuple(np.round(r, 9)) for r in rows))


def _solve(game, method, degenerate=False):
    if degenerate:
        with pytest.warns(bg.DegenerateGameWarning):
            return bg.solve(game, method=method)
    return bg.solve(game, method=method)


def _gambit_game(gbt, *arrays):
    return gbt.Game.from_arrays(*[np.asarray(a).tolist() for a in arrays])


def _gambit_profiles(G, res) -> set[tuple]:
    return {tuple(F(str(e[s])) for p in G.players for s in p.strategies)
            for e in res.equilibria}


# ---------------------------------------------------------------------------------------
# two-player equilibrium sets
# ---------------------------------------------------------------------------------------

# von Stengel (2007), eq. (3.3): the 3x2 non-degenerate example with three equilibria.
VS_A = [[3, 3], [2, 5], [0, 6]]
VS_B = [[3, 2], [2, 6], [3, 1]]
VS_EQUILIBRIA = {
    _profile((1, 0, 0), (1, 0)),
    _profile((F(4, 5), F(1, 5), 0), (F(2, 3), F(1, 3))),
    _profile((0, F(1, 3), F(2, 3)), (F(1, 3), F(2, 3))),
}
# Its degenerate variant (von Stengel 2007, §3.4): B's top row becomes (3, 3), so the top
# row has two pure best responses; equilibria are the segment {(1,0,0)} x {y: y_1 >= 2/3}
# (extreme points y = (1,0) and (2/3,1/3)) and the isolated ((0,1/3,2/3), (1/3,2/3)).
VS_B_DEGENERATE = [[3, 3], [2, 6], [3, 1]]
VS_DEGENERATE_EXTREME = {
    _profile((1, 0, 0), (1, 0)),
    _profile((1, 0, 0), (F(2, 3), F(1, 3))),
    _profile((0, F(1, 3), F(2, 3)), (F(1, 3), F(2, 3))),
}
# Shapley (1964): unique equilibrium, both players uniform, payoffs 1/3 each.
SHAPLEY_A = [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
SHAPLEY_B = [[0, 1, 0], [0, 0, 1], [1, 0, 0]]
# Two-finger Morra (Dresher 1961; Ferguson, Part II §4): strategies (show, guess) in
# order (1,1), (1,2), (2,1), (2,2); value 0; optimal set = segment between
# (0, 4/7, 3/7, 0) and (0, 3/5, 2/5, 0) for both players (the game is symmetric).
MORRA = np.array([[0, 2, -3, 0], [-2, 0, 0, 3], [3, 0, 0, -4], [0, -3, 4, 0]])
MORRA_EXTREME = [(0, F(4, 7), F(3, 7), 0), (0, F(3, 5), F(2, 5), 0)]

ENUM_METHODS = ["support_enumeration", "vertex_enumeration", "auto"]


@pytest.mark.parametrize("method", ENUM_METHODS)
def test_von_stengel_nondegenerate_3x2(method):
    """von Stengel (2007), AGT ch. 3, eq. (3.3): exactly three equilibria.

    Hand check: rows 1,2 indifferent iff y_1 = 2/3, rows 2,3 iff y_1 = 1/3; the column
    player is indifferent against (4/5,1/5,0) and (0,1/3,2/3); payoffs (3,3), (3,14/5) and
    (4,8/3).
    """
    g = bg.NormalFormGame.from_bimatrix(VS_A, VS_B)
    res = _solve(g, method)
    assert res.exact and res.success and res.status == bg.Status.OK
    assert sorted(_keys(res)) == sorted(VS_EQUILIBRIA)  # no extra, no duplicate
    payoffs = {_key(e.strategies): tuple(e.payoffs) for e in res}
    assert payoffs[_profile((1, 0, 0), (1, 0))] == (3, 3)
    assert payoffs[_profile((F(4, 5), F(1, 5), 0), (F(2, 3), F(1, 3)))] == (3, F(14, 5))
    assert payoffs[_profile((0, F(1, 3), F(2, 3)), (F(1, 3), F(2, 3)))] == (4, F(8, 3))
    assert all(e.max_regret == 0 for e in res)


def test_von_stengel_lemke_howson_reaches_positive_index_equilibria():
    """Lemke-Howson from the artificial equilibrium ends only at index +1 equilibria.

    Shapley (1974); von Stengel (2007) §3.5.  In the 3x2 example the mixed equilibrium
    ((4/5,1/5,0),(2/3,1/3)) has index -1 (the three indices sum to +1), so LH from every
    initial label finds exactly the other two.
    """
    g = bg.NormalFormGame.from_bimatrix(VS_A, VS_B)
    res = bg.solve(g, method="lemke_howson")
    assert res.exact and res.success
    assert set(_keys(res)) == {_profile((1, 0, 0), (1, 0)),
                               _profile((0, F(1, 3), F(2, 3)), (F(1, 3), F(2, 3)))}
    assert len(res) == len(set(_keys(res)))


@pytest.mark.parametrize("method", ["support_enumeration", "vertex_enumeration", "auto",
                                    "lemke_howson"])
def test_von_stengel_degenerate(method):
    """von Stengel (2007) §3.4 degenerate example: a continuum plus an isolated point.

    Vertex enumeration (and "auto", which uses it for small games) must list exactly the
    three extreme equilibria with status "degenerate"; the other methods may list fewer,
    but only true (extreme) equilibria, and must also report the degeneracy.
    """
    g = bg.NormalFormGame.from_bimatrix(VS_A, VS_B_DEGENERATE)
    res = _solve(g, method, degenerate=True)
    assert res.status == bg.Status.DEGENERATE
    keys = _keys(res)
    assert len(keys) == len(set(keys))
    if method in ("vertex_enumeration", "auto"):
        assert set(keys) == VS_DEGENERATE_EXTREME
        assert res.complete
    else:
        assert set(keys) <= VS_DEGENERATE_EXTREME and keys


@pytest.mark.parametrize("n", [2, 3, 4, 5])
@pytest.mark.parametrize("method", ENUM_METHODS)
def test_identity_coordination_has_2_pow_n_minus_1(n, method):
    """The n x n coordination game (I, I) has exactly 2^n - 1 equilibria (Quint & Shubik 1997).

    One per non-empty support S: both players uniform on S, payoff 1/|S| each.
    """
    g = bg.NormalFormGame.from_bimatrix(np.eye(n, dtype=int), np.eye(n, dtype=int))
    res = _solve(g, method)
    assert res.status == bg.Status.OK
    want = set()
    for k in range(1, n + 1):
        for S in itertools.combinations(range(n), k):
            x = tuple(F(1, k) if i in S else F(0) for i in range(n))
            want.add(x + x)
    assert len(res) == 2**n - 1
    assert set(_keys(res)) == want
    for e in res:
        k = len(e.support[0])
        assert tuple(e.payoffs) == (F(1, k), F(1, k))


@pytest.mark.parametrize("method", ENUM_METHODS + ["lemke_howson"])
def test_shapley_game_unique_uniform_equilibrium(method):
    """Shapley (1964) 3x3 game: the unique equilibrium is uniform, payoffs (1/3, 1/3)."""
    g = bg.NormalFormGame.from_bimatrix(SHAPLEY_A, SHAPLEY_B)
    res = _solve(g, method)
    third = (F(1, 3),) * 3
    assert _keys(res) == [third + third]
    assert tuple(res[0].payoffs) == (F(1, 3), F(1, 3))


def test_constant_game_continuum_extreme_points():
    """A constant game: every profile is an equilibrium (the whole product of simplices).

    Derivation: all payoffs equal, so every strategy is a best response. The extreme
    equilibria are the four pure profiles.
    """
    g = bg.NormalFormGame.from_bimatrix([[1, 1], [1, 1]], [[1, 1], [1, 1]])
    res = _solve(g, "vertex_enumeration", degenerate=True)
    assert res.status == bg.Status.DEGENERATE
    assert sorted(_keys(res)) == sorted(_profile(a, b) for a in ((1, 0), (0, 1))
                                        for b in ((1, 0), (0, 1)))


# ---------------------------------------------------------------------------------------
# two-player: agreement with pygambit and quantecon on the same inputs
# ---------------------------------------------------------------------------------------

LITERATURE_BIMATRICES = {
    "von_stengel_3x2": (VS_A, VS_B),
    "von_stengel_degenerate": (VS_A, VS_B_DEGENERATE),
    "shapley": (SHAPLEY_A, SHAPLEY_B),
    "identity4": (np.eye(4, dtype=int), np.eye(4, dtype=int)),
    "morra": (MORRA, -MORRA),
    "constant": ([[1, 1], [1, 1]], [[1, 1], [1, 1]]),
    "chicken": ([[6, 2], [7, 0]], [[6, 7], [2, 0]]),
}
DEGENERATE_CASES = {"von_stengel_degenerate", "morra", "constant"}


@pytest.mark.gambit
@pytest.mark.parametrize("name", list(LITERATURE_BIMATRICES))
def test_vertex_enumeration_equals_gambit_enummixed(name):
    """blitzgame's vertex enumeration lists exactly Gambit's extreme equilibria (rational).

    Gambit's ``enummixed_solve`` (Avis-Fukuda / lrs style enumeration of the best-response
    polytopes, von Stengel 2007 §3.3) returns every extreme equilibrium, degenerate games
    included: same set, no missing, no extra, no duplicates.
    """
    gbt = pytest.importorskip("pygambit")
    A, B = LITERATURE_BIMATRICES[name]
    G = _gambit_game(gbt, A, B)
    want = _gambit_profiles(G, gbt.nash.enummixed_solve(G, rational=True))
    g = bg.NormalFormGame.from_bimatrix(A, B)
    degenerate = name in DEGENERATE_CASES
    res = _solve(g, "vertex_enumeration", degenerate=degenerate)
    assert res.status == (bg.Status.DEGENERATE if degenerate else bg.Status.OK)
    keys = _keys(res)
    assert len(keys) == len(set(keys))
    assert set(keys) == want
    if not degenerate:
        assert set(_keys(_solve(g, "support_enumeration"))) == want


@pytest.mark.gambit
@pytest.mark.parametrize("name", ["von_stengel_3x2", "shapley", "identity4", "chicken"])
def test_lemke_howson_equilibria_are_gambit_equilibria(name):
    """Every LH equilibrium is in Gambit's complete set; Gambit's lcp_solve is too."""
    gbt = pytest.importorskip("pygambit")
    A, B = LITERATURE_BIMATRICES[name]
    G = _gambit_game(gbt, A, B)
    full = _gambit_profiles(G, gbt.nash.enummixed_solve(G, rational=True))
    lcp = _gambit_profiles(G, gbt.nash.lcp_solve(G, rational=True))
    ours = set(_keys(bg.solve(bg.NormalFormGame.from_bimatrix(A, B), method="lemke_howson")))
    assert lcp <= full
    assert ours and ours <= full


@pytest.mark.xdist_group("quantecon")
@pytest.mark.parametrize("name", ["von_stengel_3x2", "shapley", "identity4", "chicken"])
def test_vertex_enumeration_equals_quantecon(name, qe):
    """quantecon's ``vertex_enumeration`` (float) on non-degenerate literature games."""
    A, B = LITERATURE_BIMATRICES[name]
    A, B = np.asarray(A, dtype=float), np.asarray(B, dtype=float)
    theirs = qe.game_theory.vertex_enumeration(
        qe.game_theory.NormalFormGame((qe.game_theory.Player(A), qe.game_theory.Player(B.T))))
    ours = bg.solve(bg.NormalFormGame.from_bimatrix(A, B), method="vertex_enumeration")
    assert not ours.exact
    np.testing.assert_allclose(_float_rows(e.strategies for e in ours),
                               _float_rows(theirs), atol=1e-8)


@pytest.mark.parametrize("name", sorted(DEGENERATE_CASES))
def test_degenerate_literature_games_in_float_mode(name):
    """Float payoffs: vertex enumeration lists the same extreme equilibria (to 1e-9) as the
    exact computation above, and reports the degeneracy."""
    A, B = LITERATURE_BIMATRICES[name]
    exact = _solve(bg.NormalFormGame.from_bimatrix(A, B), "vertex_enumeration", True)
    g = bg.NormalFormGame.from_bimatrix(np.asarray(A, float), np.asarray(B, float))
    res = _solve(g, "vertex_enumeration", degenerate=True)
    assert not res.exact and res.status == bg.Status.DEGENERATE
    assert len(res) == len(exact)
    np.testing.assert_allclose(_float_rows(e.strategies for e in res),
                               _float_rows(e.strategies for e in exact), atol=1e-9)


# ---------------------------------------------------------------------------------------
# zero-sum and correlated equilibrium
# ---------------------------------------------------------------------------------------


def test_morra_value_and_optimal_strategies():
    """Two-finger Morra (Dresher 1961; Ferguson, Game Theory Part II §4): value 0.

    The optimal strategies form the segment between (0,4/7,3/7,0) and (0,3/5,2/5,0); the LP
    optimum must lie on it, and the extreme equilibria of the bimatrix (A, -A) are the
    four products of its endpoints.
    """
    g = bg.NormalFormGame.from_bimatrix(MORRA, -MORRA)
    assert bg.game_value(g) == 0
    res = bg.solve(g, method="zero_sum")
    assert res.exact and len(res) >= 1
    for e in res:
        for s in e.strategies:
            s = tuple(F(v) for v in s)
            assert s[0] == 0 and s[3] == 0 and sum(s) == 1
            assert F(4, 7) <= s[1] <= F(3, 5)
        assert tuple(e.payoffs) == (0, 0)
    ve = _solve(g, "vertex_enumeration", degenerate=True)
    assert sorted(_keys(ve)) == sorted(_profile(x, y) for x in MORRA_EXTREME
                                       for y in MORRA_EXTREME)


@pytest.mark.parametrize("a, b, c, d", [(3, -1, -2, 1), (1, -1, -1, 1), (0, 5, 2, -3)])
def test_2x2_zero_sum_value_formula(a, b, c, d):
    """2x2 zero-sum game without a saddle point: v = (ad - bc)/(a + d - b - c).

    Row player plays the first row with probability (d - c)/(a + d - b - c) (e.g.
    Ferguson, Part II §3.1; von Neumann & Morgenstern 1944). The cases have no saddle.
    """
    g = bg.NormalFormGame.from_bimatrix([[a, b], [c, d]], [[-a, -b], [-c, -d]])
    den = a + d - b - c
    assert bg.game_value(g) == F(a * d - b * c, den)
    eq = bg.solve(g, method="zero_sum")[0]
    assert tuple(eq.strategies[0]) == (F(d - c, den), F(a - b, den))
    assert tuple(eq.strategies[1]) == (F(d - b, den), F(a - c, den))


def test_chicken_max_welfare_correlated_equilibrium():
    """Aumann (1974) chicken, payoffs (6,6),(2,7),(7,2),(0,0): max-welfare CE = 21/2.

    Derivation: maximise 12p_CC + 9p_CD + 9p_DC subject to the obedience constraints
    2p_CD >= p_CC, p_DC >= 2p_DD (row) and their mirror images (column): the optimum is
    p_CC = 1/2, p_CD = p_DC = 1/4, p_DD = 0 with payoffs (21/4, 21/4), above every Nash
    equilibrium's welfare (9, 9 and 28/3).
    """
    g = bg.NormalFormGame.from_bimatrix([[6, 2], [7, 0]], [[6, 7], [2, 0]])
    ce = bg.correlated_equilibrium(g)
    assert ce.success and ce.exact
    assert ce.objective_value == F(21, 2)
    assert tuple(ce.payoffs) == (F(21, 4), F(21, 4))
    assert [[F(v) for v in row] for row in ce.distribution] == [[F(1, 2), F(1, 4)],
                                                                [F(1, 4), 0]]
    best_nash = max(sum(e.payoffs) for e in bg.solve(g))
    assert best_nash == F(28, 3)


# ---------------------------------------------------------------------------------------
# dominance
# ---------------------------------------------------------------------------------------


def test_gibbons_iterated_strict_dominance():
    """Gibbons (1992) §1.1.B, Figure 1.1.1: IESDS leaves (Up, Middle).

    Right is strictly dominated by Middle; then Down by Up; then Left by Middle.
    """
    g = bg.NormalFormGame.from_bimatrix([[1, 1, 0], [0, 0, 2]], [[0, 2, 1], [3, 1, 0]])
    res = bg.iterated_elimination(g)
    assert res.remaining == ((0,), (1,))
    order = [(rnd, p, str(label)) for rnd, p, label, _ in res.eliminated]
    assert [(p, lab) for _, p, lab in order] == [(1, "2"), (0, "1"), (1, "0")]
    assert [list(r[3]) for r in res.eliminated] == [[0, 1, 0], [1, 0], [0, 1, 0]]
    assert bg.solve(g).equilibria[0].pure_profile == (0, 1) and len(bg.solve(g)) == 1


def test_dominated_only_by_a_mixed_strategy():
    """Gibbons (1992) §1.3.A / Fudenberg & Tirole (1991) §2.1: B = (1, 1) against T = (3, 0)
    and M = (0, 3) is dominated by neither pure strategy but strictly by (1/2, 1/2, 0).

    Every mixture pT + (1-p)M with 1/3 < p < 2/3 dominates B; the dominating mixture found
    must be one of them.
    """
    g = bg.NormalFormGame.from_bimatrix([[3, 0], [0, 3], [1, 1]], [[0, 0], [0, 0], [0, 0]])
    mixed = bg.is_dominated(g, 0, 2)
    assert mixed.kind == "strict"
    p = F(mixed.dominated_by[0])
    assert F(1, 3) < p < F(2, 3) and mixed.dominated_by[2] == 0
    assert bg.is_dominated(g, 0, 2, mixed=False).kind == "none"


def test_prisoners_dilemma_defection_strictly_dominant():
    """PD (T=7 > R=4 > P=2 > S=0): defection is strictly dominant (any textbook)."""
    g = bg.NormalFormGame.from_bimatrix([[4, 0], [7, 2]], [[4, 7], [0, 2]])
    for p in (0, 1):
        assert bg.is_dominant(g, p, 1).kind == "strict"
        res = bg.is_dominant(g, p, 0)
        assert res.kind == "none" and res.witness is not None


# ---------------------------------------------------------------------------------------
# N players
# ---------------------------------------------------------------------------------------


def _cyclic_pennies() -> np.ndarray:
    """Three-player cyclic matching pennies with unequal stakes (after Jordan 1993).

    u_1(a_1,a_2) = 2 if both 0, 1 if both 1 (1 matches 2);  u_2(a_2,a_3) = 3 / 1 likewise
    (2 matches 3);  u_3(a_3,a_1) = 1 if (0,1), 2 if (1,0) (3 mismatches 1), else 0.
    """
    u = np.zeros((2, 2, 2, 3), dtype=int)
    for a, b, c in itertools.product(range(2), repeat=3):
        u[a, b, c] = [{(0, 0): 2, (1, 1): 1}.get((a, b), 0),
                      {(0, 0): 3, (1, 1): 1}.get((b, c), 0),
                      {(0, 1): 1, (1, 0): 2}.get((c, a), 0)]
    return u


CYCLIC_EQ = ((F(1, 3), F(2, 3)), (F(1, 3), F(2, 3)), (F(1, 4), F(3, 4)))


@pytest.mark.parametrize("solver", ["solve", "logit_qre"])
def test_cyclic_pennies_unique_mixed_equilibrium(solver):
    """Unique equilibrium P(a_1=0)=1/3, P(a_2=0)=1/3, P(a_3=0)=1/4 (derived by hand).

    No pure equilibrium (1 matches 2, 2 matches 3, 3 mismatches 1 is cyclic); if player 1
    were pure the chain of strict best replies 3 -> 2 -> 1 contradicts it, so 1 mixes,
    which forces 2 to make 1 indifferent (2q = 1 - q: q = 1/3), and so on around the cycle.
    """
    g = bg.NormalFormGame(_cyclic_pennies())
    res = bg.solve(g) if solver == "solve" else bg.logit_qre(g)
    assert res.success and len(res) == 1
    assert tuple(tuple(F(v) for v in s) for s in res[0].strategies) == CYCLIC_EQ
    assert res[0].max_regret == 0
    assert len(bg.pure_equilibria(g)) == 0


@pytest.mark.gambit
def test_cyclic_pennies_matches_gambit_logit():
    """pygambit's ``logit_solve`` (McKelvey & Palfrey QRE tracing) finds the same point."""
    gbt = pytest.importorskip("pygambit")
    u = _cyclic_pennies()
    G = _gambit_game(gbt, u[..., 0], u[..., 1], u[..., 2])
    eq = gbt.nash.logit_solve(G).equilibria[0]
    theirs = np.array([float(eq[s]) for p in G.players for s in p.strategies])
    ours = np.concatenate([np.asarray(s, float) for s in
                           bg.logit_qre(bg.NormalFormGame(u))[0].strategies])
    np.testing.assert_allclose(ours, theirs, atol=1e-6)
    np.testing.assert_allclose(ours, [float(v) for s in CYCLIC_EQ for v in s], atol=1e-12)


@pytest.mark.gambit
@pytest.mark.parametrize("shape, seed", [((3, 3, 2), 0), ((2, 2, 2, 2), 1), ((4, 3, 3), 2),
                                         ((2, 3, 2, 2), 3), ((3, 2, 2, 2, 2), 4)])
def test_pure_equilibria_equal_gambit_enumpure(shape, seed):
    """Pure equilibria of random N-player games (small integer payoffs, many ties)
    equal pygambit's ``enumpure_solve`` exactly."""
    gbt = pytest.importorskip("pygambit")
    rng = np.random.default_rng(seed)
    n = len(shape)
    u = rng.integers(0, 3, size=(*shape, n))
    G = _gambit_game(gbt, *(u[..., p] for p in range(n)))
    want = _gambit_profiles(G, gbt.nash.enumpure_solve(G))
    res = bg.pure_equilibria(bg.NormalFormGame(u))
    keys = _keys(res)
    assert len(keys) == len(set(keys))
    assert set(keys) == want


# ---------------------------------------------------------------------------------------
# repeated games
# ---------------------------------------------------------------------------------------

PD_A = [[4, 0], [7, 2]]  # R = 4, S = 0, T = 7, P = 2
PD_B = [[4, 7], [0, 2]]


@pytest.mark.parametrize("T, R, P, S", [(7, 4, 2, 0), (5, 3, 1, 0), (10, 6, 1, -2)])
def test_prisoners_dilemma_critical_discount(T, R, P, S):
    """Grim trigger sustains (C, C) iff delta >= (T - R)/(T - P) (Fudenberg & Tirole §5.1)."""
    g = bg.NormalFormGame.from_bimatrix([[R, S], [T, P]], [[R, T], [S, P]])
    cd = bg.critical_discount(g, (0, 0))
    assert cd.exact and cd.sufficient
    assert cd.discount == F(T - R, T - P)
    assert tuple(cd.punishment_payoffs) == (P, P)


def test_minmax_values_published():
    """Minmax values: PD minmax = P; matching pennies pure minmax 1 but mixed minmax 0.

    Fudenberg & Tirole (1991) §5.1.2: with mixed punishments the minmax can be lower than
    with pure ones; matching pennies is the standard illustration.
    """
    pd = bg.NormalFormGame.from_bimatrix(PD_A, PD_B)
    assert tuple(bg.minmax_values(pd).values) == (2, 2)
    mp = bg.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    assert tuple(bg.minmax_values(mp).values) == (0, 0)
    assert tuple(bg.minmax_values(mp, mixed=False).values) == (1, 1)
    mixed = bg.minmax_values(mp)
    for s in mixed.punishments[0][1:]:
        assert tuple(F(v) for v in s) == (F(1, 2), F(1, 2))


def _point_polygon_distance(v: np.ndarray, V: np.ndarray) -> float:
    """Euclidean distance from point v to the convex polygon with vertices V (0 inside)."""
    V = np.unique(np.round(np.asarray(V, float), 12), axis=0)
    if len(V) == 1:
        return float(np.linalg.norm(v - V[0]))
    if len(V) >= 3:
        from scipy.spatial import ConvexHull

        hull = ConvexHull(V)
        if np.all(hull.equations[:, :2] @ v + hull.equations[:, 2] <= 1e-12):
            return 0.0
        V = V[hull.vertices]
    best = np.inf
    for a, b in zip(V, np.roll(V, -1, axis=0), strict=True):
        ab = b - a
        t = np.clip(np.dot(v - a, ab) / max(np.dot(ab, ab), 1e-300), 0.0, 1.0)
        best = min(best, float(np.linalg.norm(v - (a + t * ab))))
    return best


def _poly_hausdorff(P: np.ndarray, Q: np.ndarray) -> float:
    """Hausdorff distance between two convex polygons (attained at vertices: the distance
    to a convex set is a convex function, so its maximum over a polygon is at a vertex)."""
    P, Q = np.asarray(P, float), np.asarray(Q, float)
    return max(max(_point_polygon_distance(p, Q) for p in P),
               max(_point_polygon_distance(q, P) for q in Q))


@pytest.mark.xdist_group("quantecon")
@pytest.mark.parametrize("discount", [0.5, 0.9])
def test_pd_spe_payoffs_match_quantecon(discount, qe):
    """SPE payoff set of the repeated PD with public randomization (APS 1990; JYC 2003).

    Compared with quantecon's ``RepeatedGame(...).equilibrium_payoffs()`` (JYC outer
    approximation). At delta = 0.9 >= 3/5 it is the whole feasible individually rational
    set, vertices (2,2), (11/2,2), (4,4), (2,11/2) (derived: the segment from (4,4) to
    (7,0) meets u_2 = 2 at u_1 = 11/2).
    """
    ours = bg.spe_payoffs(bg.RepeatedGame(bg.NormalFormGame.from_bimatrix(PD_A, PD_B),
                                          discount=discount))
    assert ours.success and ours.inner_verified
    nfg = qe.game_theory.NormalFormGame(np.stack([np.array(PD_A), np.array(PD_B)], axis=-1))
    hull = qe.game_theory.RepeatedGame(nfg, discount).equilibrium_payoffs()
    theirs = hull.points[hull.vertices]
    assert _poly_hausdorff(ours.outer, theirs) <= ours.hausdorff_gap + 1e-4
    if discount == 0.9:
        fir = np.array([[2, 2], [5.5, 2], [4, 4], [2, 5.5]])
        assert _poly_hausdorff(ours.outer, fir) <= ours.hausdorff_gap + 1e-6


def test_pd_spe_payoffs_below_critical_discount_is_nash_only():
    """At delta = 0.3 the only SPE payoff is the stage Nash payoff (P, P) = (2, 2).

    Derivation (Abreu 1988, optimal penal codes; the worst SPE payoff is P = minmax):
    a profile other than (D, D) can be played only if some player's one-shot gain g
    satisfies (1 - delta) g <= delta (w_i - P) for a continuation w_i <= 11/2 (the largest
    individually rational feasible payoff). The smallest one-shot gain away from any
    profile other than (D, D) is 2 (S = 0 to P = 2; R = 4 to T = 7 gains 3), and
    0.7 * 2 = 1.4 > 0.3 * (11/2 - 2) = 1.05, so only (D, D) is ever played.
    (quantecon's ``equilibrium_payoffs`` fails on this singleton set: Qhull needs three
    points.)
    """
    ours = bg.spe_payoffs(bg.RepeatedGame(bg.NormalFormGame.from_bimatrix(PD_A, PD_B),
                                          discount=0.3))
    assert ours.success
    np.testing.assert_allclose(ours.outer, np.full_like(ours.outer, 2.0), atol=1e-6)


# ---------------------------------------------------------------------------------------
# stochastic games
# ---------------------------------------------------------------------------------------


def _big_match(discount):
    from blitzgame.games.stochastic import StochasticGame  # public class, lazy import path

    # state 0: row T absorbs (T,L) -> state 1 paying 1 forever, (T,R) -> state 2 paying 0;
    # row B stays and pays 1 on (B,R), 0 on (B,L)  (Blackwell & Ferguson 1968)
    trans = [np.array([[[0, 1, 0], [0, 0, 1]], [[1, 0, 0], [1, 0, 0]]]),
             np.array([[[0, 1, 0]]]), np.array([[[0, 0, 1]]])]
    pay = [np.array([[[1, -1], [0, 0]], [[0, 0], [1, -1]]]),
           np.array([[[1, -1]]]), np.array([[[0, 0]]])]
    return StochasticGame(3, None, trans, pay, discount)


@pytest.mark.parametrize("discount", [F(1, 2), F(9, 10), F(3, 4)])
def test_big_match_discounted_value(discount):
    """The discounted Big Match has value 1/2 per period for every delta (Gillette 1957;
    Blackwell & Ferguson 1968), i.e. 1/(2(1-delta)) in total discounted payoff; player 1
    absorbs with probability (1-delta)/(2-delta), player 2 is uniform.

    Derivation: with v the state-0 value, the auxiliary matrix game is
    [[1/(1-d), 0], [d v, 1 + d v]] whose value equals v iff v = 1/(2(1-d)).
    """
    res = bg.shapley_iteration(_big_match(discount))
    assert res.success
    eq = res[0]
    vals = [F(v) for v in eq.values[:, 0]]
    assert vals == [1 / (2 * (1 - discount)), 1 / (1 - discount), 0]
    assert tuple(F(v) for v in eq.strategies[0][0]) == ((1 - discount) / (2 - discount),
                                                         1 - (1 - discount) / (2 - discount))
    assert tuple(F(v) for v in eq.strategies[0][1]) == (F(1, 2), F(1, 2))


# ---------------------------------------------------------------------------------------
# the race model's Tullock anchor (DESIGN.md §3)
# ---------------------------------------------------------------------------------------


def _tullock(n: int, prize: float, r: float):
    from blitzgame.model import Firm, Market, RaceModel

    firms = [Firm(f"f{i}", 0, 100.0, unit_cost=1.0) for i in range(n)]
    return RaceModel(firms, Market.tullock(prize=prize, sharpness=r))


@pytest.mark.parametrize("n, r, prize", [(5, 0.8, 2.0), (3, 0.5, 6.0),
                                         pytest.param(6, 0.6, 3.0, marks=pytest.mark.slow)],
                         ids=lambda v: str(v))
def test_tullock_symmetric_equilibrium_unique_range(n, r, prize):
    """Tullock (1980): symmetric equilibrium spend r(N-1)V/N^2, payoff V/N - spend.

    For r <= 1 the pure equilibrium is unique (Szidarovszky & Okuguchi 1997), so the
    solver must find exactly this one.
    """
    eq = bg.continuous_equilibrium(_tullock(n, prize, r))
    spend = r * (n - 1) * prize / n**2
    assert eq.success, eq.message
    np.testing.assert_allclose(eq.spend, spend, rtol=1e-6)
    np.testing.assert_allclose(eq.payoffs, prize / n - spend, atol=1e-6 * prize)


@pytest.mark.slow
def test_tullock_lottery_contest_five_firms():
    """Tullock lottery contest (r = 1), N = 5, V = 2: unique equilibrium spend
    (N-1)V/N^2 = 8/25 = 0.32 each (Tullock 1980; Szidarovszky & Okuguchi 1997)."""
    eq = bg.continuous_equilibrium(_tullock(5, 2.0, 1.0))
    assert eq.success, eq.message
    np.testing.assert_allclose(eq.spend, 0.32, rtol=1e-6)
    np.testing.assert_allclose(eq.payoffs, 2.0 / 5 - 0.32, atol=1e-6)


def test_tullock_full_dissipation_at_r_equals_n_over_n_minus_1():
    """N = 2, r = 2 = N/(N-1): the symmetric equilibrium dissipates the whole rent.

    Spend r(N-1)V/N^2 = V/2 each, payoff 0 (Tullock 1980; the boundary of existence of
    the pure symmetric equilibrium).
    """
    eq = bg.continuous_equilibrium(_tullock(2, 1.0, 2.0))
    assert eq.success, eq.message
    np.testing.assert_allclose(eq.spend, 0.5, rtol=1e-6)
    np.testing.assert_allclose(eq.payoffs, 0.0, atol=1e-6)


@pytest.mark.slow
def test_tullock_increasing_returns_equilibrium_is_a_k_active_tullock_equilibrium():
    """N = 5, r = 1.2 <= N/(N-1): the returned equilibrium is a Tullock equilibrium.

    For r > 1 pure equilibria need not be unique: besides the symmetric one (spend
    r(N-1)V/N^2) there can be equilibria in which k < N firms are active at spend
    r(k-1)V/k^2 and the others stay out (entry does not pay when r > 1). Whatever the
    solver returns must be one of these, with verified regret.
    """
    n, r, prize = 5, 1.2, 2.0
    eq = bg.continuous_equilibrium(_tullock(n, prize, r))
    assert eq.success, eq.message
    spend = np.asarray(eq.spend)
    active = spend > 1e-3
    k = int(active.sum())
    assert 2 <= k <= n
    # the inactive firms sit at the lower bound of the range (1e-6 of their maximum scale),
    # not at 0, so they keep a share of order 1e-5 and move the active spend by as much
    np.testing.assert_allclose(spend[active], r * (k - 1) * prize / k**2, rtol=1e-4)
    assert eq.max_regret <= 1e-7 * prize


# ---------------------------------------------------------------------------------------
# .nfg files against pygambit's reader
# ---------------------------------------------------------------------------------------

NFG_PAYOFF = """NFG 1 R "payoff version, exact numbers" { "Row" "Col" }
{ { "up" "down" } { "left" "centre" "right" } }
"a comment, with \\"quotes\\""

1 2   3/4 -1
0.5 0   2 1e1
.25 7   -3 1/3
"""

NFG_OUTCOME = """NFG 1 R "outcome version, three players" { "A" "B" "C" }
{ { "a1" "a2" } { "b1" "b2" } { "c1" "c2" } }
{
{ "A wins" 1, 0, 0 }
{ "B wins" 0 1 0 }
{ "tie" 1/3, 1/3, 1/3 }
{ "burn" -1/2 -1/2 -0.25 }
}
1 2 3 0 4 4 2 1
"""

NFG_COUNTS = """NFG 1 R "counts instead of labels" { "1" "2" } { 3 2 }
1 1 2 2 3 3 4 4 5 5 6 6
"""


def _gambit_payoff_array(G) -> np.ndarray:
    shape = tuple(len(p.strategies) for p in G.players)
    out = np.empty((*shape, len(G.players)), dtype=object)
    for prof in itertools.product(*(range(k) for k in shape)):
        players = list(G.players)
        strategies = tuple(list(players[i].strategies)[a] for i, a in enumerate(prof))
        outcome = G[strategies]  # None: the null outcome, paying 0 to everyone
        out[prof] = [F(0) if outcome is None else F(str(outcome[pl])) for pl in G.players]
    return out


@pytest.mark.gambit
@pytest.mark.parametrize("text", [NFG_PAYOFF, NFG_OUTCOME, NFG_COUNTS],
                         ids=["payoff", "outcome", "counts"])
def test_read_nfg_agrees_with_gambit(text, tmp_path):
    """Gambit .nfg (NFG-FORMAT.md): player 1's strategy changes fastest; numbers exact.

    Each file is read by blitzgame and by pygambit; payoffs (exact rationals), player
    and strategy labels must agree. The payoff version's first profile (up, left) pays
    (1, 2); (down, left) pays (3/4, -1) -- column-major order.
    """
    gbt = pytest.importorskip("pygambit")
    path = tmp_path / "game.nfg"
    path.write_text(text)
    G = gbt.read_nfg(str(path))
    g = bg.read_nfg(text)
    assert g.exact
    assert g.num_players == len(G.players)
    theirs = _gambit_payoff_array(G)
    assert g.payoff_array.shape == theirs.shape
    assert [[F(v) for v in row] for row in g.payoff_array.reshape(-1, g.num_players)] == \
        [list(row) for row in theirs.reshape(-1, g.num_players)]
    assert tuple(g.players) == tuple(p.label for p in G.players)
    assert tuple(tuple(a) for a in g.actions) == tuple(
        tuple(s.label for s in p.strategies) for p in G.players)
    # the same file read from a path
    assert bg.read_nfg(path) == g


def test_read_nfg_payoff_version_by_hand():
    """Hand-decoded payoff version: column-major profile order and exact decimals."""
    g = bg.read_nfg(NFG_PAYOFF)
    u = g.payoff_array
    assert (u[0, 0, 0], u[0, 0, 1]) == (1, 2)
    assert (u[1, 0, 0], u[1, 0, 1]) == (F(3, 4), -1)
    assert (u[0, 1, 0], u[0, 1, 1]) == (F(1, 2), 0)
    assert (u[1, 1, 0], u[1, 1, 1]) == (2, 10)
    assert (u[0, 2, 0], u[0, 2, 1]) == (F(1, 4), 7)
    assert (u[1, 2, 0], u[1, 2, 1]) == (-3, F(1, 3))


def test_read_nfg_outcome_version_by_hand():
    """Hand-decoded outcome version: index 0 is the null outcome paying 0 to everyone."""
    g = bg.read_nfg(NFG_OUTCOME)
    u = g.payoff_array
    # profile order (a, b, c) with a fastest: 1 2 3 0 4 4 2 1
    assert tuple(u[0, 0, 0]) == (1, 0, 0)
    assert tuple(u[1, 0, 0]) == (0, 1, 0)
    assert tuple(u[0, 1, 0]) == (F(1, 3),) * 3
    assert tuple(u[1, 1, 0]) == (0, 0, 0)
    assert tuple(u[0, 0, 1]) == (F(-1, 2), F(-1, 2), F(-1, 4))
    assert tuple(u[1, 0, 1]) == (F(-1, 2), F(-1, 2), F(-1, 4))
    assert tuple(u[0, 1, 1]) == (0, 1, 0)
    assert tuple(u[1, 1, 1]) == (1, 0, 0)


@pytest.mark.gambit
def test_write_nfg_read_by_gambit_and_solved_alike(tmp_path):
    """blitzgame writes von Stengel's 3x2 game; pygambit reads it and finds the same set."""
    gbt = pytest.importorskip("pygambit")
    g = bg.NormalFormGame.from_bimatrix(VS_A, VS_B)
    for outcome_version in (False, True):
        path = tmp_path / f"vs_{outcome_version}.nfg"
        bg.write_nfg(g, path, outcome_version=outcome_version)
        G = gbt.read_nfg(str(path))
        assert _gambit_profiles(G, gbt.nash.enummixed_solve(G, rational=True)) == VS_EQUILIBRIA
        assert bg.read_nfg(path) == g
