"""The same questions answered for many games at once: :func:`solve_batch` and its kernels.

* :mod:`.solve_batch` -- the entry point: pure equilibria, dominance, all
  equilibria (2x2 closed form, support enumeration) and Lemke-Howson over a stack
  of games, in any array-API namespace (numpy on the CPU, torch or CuPy on a GPU).
* :mod:`.kernels` -- best responses, pure equilibria, dominance and the one
  batch tolerance rule, shared with the sweep measures and the single-game solvers.
* private kernels: the 2x2 closed form, batched support enumeration (plain and
  pruned), batched Lemke-Howson, and the thread pool that runs numpy chunks.

Each function has one home, its module; the public names are ``blitzgame.<name>``.
"""
