"""A small declarative schema for configuration files: strict keys, strict types, clear errors.

blitzgame reads two kinds of TOML configuration -- model files
(:mod:`blitzgame.model.config`, ``bg.read_model``, ``blitzgame report --model``)
and sweep configs (:mod:`blitzgame.cli.sweep_config`, ``blitzgame sweep``) -- and both
are checked by the rules of this module, so both are equally strict:

* a key the schema does not know is an error, with a "did you mean ...?"
  suggestion (:func:`difflib.get_close_matches`) or, when no valid key is
  close, a few of the valid ones -- never the whole list;
* a value of the wrong type is an error: a boolean is not a number, a number
  is not a boolean, and ``2.5`` (or ``2.0``) is not an integer -- TOML keeps
  integers and floats apart, and so does the schema;
* every error is an :class:`~blitzgame.exceptions.InvalidParameterError` whose
  message names the file, the key path in TOML spelling
  (``[grid."market.sharpness"].num``), what was expected and what was received.

A schema is a tree of rules: :class:`Table` (known keys, or free-form keys
whose values share a rule), :class:`Array`, :class:`Number`, :class:`Integer`,
:class:`Boolean`, :class:`String` (optionally one of a few choices),
:class:`Union` (the first rule that accepts the value's type) and
:class:`Tagged` (a table whose ``type`` key picks its schema). :func:`validate`
walks the data and the schema together and returns the data, tables as plain
dicts. Checks that need the whole file (names that must exist in the model,
probabilities that sum to one) are made afterwards by the reader with
:meth:`Where.fail`, so that their errors read the same.

The rules are written here rather than taken from pydantic or msgspec: neither
is a dependency of blitzgame, the schemas are small, and the error messages
(TOML key paths, suggestions, no list dumps) would need custom code with
either one.

Examples
--------
>>> axis = Table({"start": Number(), "stop": Number(), "num": Integer(1, 10),
...               "log": Boolean()}, required=("start", "stop", "num"))
>>> validate({"start": 0, "stop": 1.0, "num": 3}, axis)
{'start': 0, 'stop': 1.0, 'num': 3}
>>> validate({"start": 0, "stop": 1, "num": 2.5}, axis, source="sweep.toml",
...          path=("grid", "market.sharpness"))
Traceback (most recent call last):
...
blitzgame.exceptions.InvalidParameterError: sweep.toml: [grid."market.sharpness"].num: expected an integer in [1, 10]; got 2.5 (a float)
>>> validate({"start": 0, "stop": 1, "num": 2, "lg": True}, axis, path=("grid", "x"))
Traceback (most recent call last):
...
blitzgame.exceptions.InvalidParameterError: [grid.x]: unknown key 'lg'; did you mean 'log'?
"""  # noqa: E501

from __future__ import annotations

import difflib
import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NoReturn

from ..exceptions import InvalidParameterError

__all__ = ["Where", "Rule", "Number", "Integer", "Boolean", "String", "Array", "Table",
           "Union", "Tagged", "validate", "unknown_name", "render_path", "describe"]

#: At most this many valid names are shown when no name is close to a misspelt one.
SHOWN_NAMES = 5

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _key(k: str) -> str:
    """A key as TOML spells it: bare if it can be, else a quoted string."""
    return k if _BARE_KEY.fullmatch(k) else json.dumps(k)


def render_path(path: Sequence[str | int], *, table: bool = False) -> str:
    """Spell a key path as in TOML: the enclosing table in brackets, then the key.

    Array items are written ``[i]`` (0-based); ``table=True`` spells the path
    of a table itself (``[market]``); the empty path is the top level.

    Examples
    --------
    >>> render_path(("grid", "market.sharpness", "num"))
    '[grid."market.sharpness"].num'
    >>> render_path(("firms", 0, "postures", 1))
    '[firms[0]].postures[1]'
    >>> render_path(("market",), table=True), render_path(("rng",)), render_path(())
    ('[market]', 'rng', 'top level')
    """
    def dotted(parts: Sequence[str | int]) -> str:
        out = ""
        for p in parts:
            out += f"[{p}]" if isinstance(p, int) else ("." if out else "") + _key(p)
        return out

    if not path:
        return "top level"
    if table:
        return f"[{dotted(path)}]"
    cut = max((k for k, p in enumerate(path) if isinstance(p, str)), default=0)
    head, leaf = path[:cut], dotted(path[cut:])
    return f"[{dotted(head)}].{leaf}" if head else leaf


def describe(value: Any, *, typed: bool = True) -> str:
    """A received value as TOML writes it, with its type unless ``typed=False``.

    Examples
    --------
    >>> describe(True), describe(2.5), describe("yes"), describe(float("nan"))
    ('true (a boolean)', '2.5 (a float)', '"yes" (a string)', 'NaN (a float)')
    >>> describe(-1, typed=False)
    '-1'
    """
    if not typed:
        return describe(value).rsplit(" (", 1)[0]
    if isinstance(value, bool):
        return f"{'true' if value else 'false'} (a boolean)"
    if isinstance(value, int):
        return f"{value} (an integer)"
    if isinstance(value, float):
        return f"{'NaN' if math.isnan(value) else repr(value)} (a float)"
    if isinstance(value, str):
        return f"{_short(json.dumps(value))} (a string)"
    if isinstance(value, Mapping):
        return f"{_short(repr(dict(value)))} (a table)"
    if isinstance(value, (list, tuple)):
        return f"{_short(repr(list(value)))} (an array)"
    return f"{_short(repr(value))} (a {type(value).__name__})"


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def unknown_name(kind: str, name: str, valid: Iterable[str]) -> str:
    """The message for a misspelt name: a suggestion, or a few valid names.

    Examples
    --------
    >>> unknown_name("key", "senario", ["model", "scenario", "file"])
    "unknown key 'senario'; did you mean 'scenario'?"
    >>> unknown_name("measure", "zzz", [f"m{k}" for k in range(9)])
    "unknown measure 'zzz'; expected one of: 'm0', 'm1', 'm2', 'm3', 'm4', ... (9 in all)"
    """
    names = list(valid)
    close = difflib.get_close_matches(str(name), names, n=3, cutoff=0.6)
    if close:  # the best match, and others only if nearly as good

        def score(c: str) -> float:
            return difflib.SequenceMatcher(None, str(name), c).ratio()

        best = score(close[0])
        close = [c for c in close if score(c) >= best - 0.05]
    if close:
        return f"unknown {kind} {name!r}; did you mean {' or '.join(map(repr, close))}?"
    if not names:
        return f"unknown {kind} {name!r}; none is allowed here"
    shown = ", ".join(map(repr, names[:SHOWN_NAMES]))
    more = f", ... ({len(names)} in all)" if len(names) > SHOWN_NAMES else ""
    return f"unknown {kind} {name!r}; expected one of: {shown}{more}"


@dataclass(frozen=True, slots=True)
class Where:
    """A place in a configuration: the file (``source``) and the key path.

    ``where / key`` is the place one level down; :meth:`fail` raises an
    :class:`~blitzgame.exceptions.InvalidParameterError` that names the place.

    Examples
    --------
    >>> w = Where("m.toml") / "market" / "prize"
    >>> w.message("expected a number; got true (a boolean)")
    'm.toml: [market].prize: expected a number; got true (a boolean)'
    """

    source: str | None = None
    path: tuple[str | int, ...] = ()

    def __truediv__(self, key: str | int) -> Where:
        return Where(self.source, (*self.path, key))

    def message(self, problem: str, *, table: bool = False) -> str:
        """``"FILE: PATH: problem"`` (no path part at the top level of a table)."""
        parts = [self.source] if self.source else []
        if self.path or not table:
            parts.append(render_path(self.path, table=table))
        return ": ".join([*parts, problem])

    def fail(self, problem: str, *, table: bool = False) -> NoReturn:
        """Raise :class:`~blitzgame.exceptions.InvalidParameterError` for this place."""
        raise InvalidParameterError(self.message(problem, table=table))


class Rule:
    """Base class of the schema's rules: a type test, then the rule's own checks."""

    @property
    def expect(self) -> str:
        """What the rule expects, in words ("an integer in [1, 10]")."""
        raise NotImplementedError

    def accepts(self, value: Any) -> bool:
        """Whether the value has the rule's type (how :class:`Union` picks a rule)."""
        raise NotImplementedError

    def check(self, value: Any, where: Where) -> Any:
        """Return the validated value, or raise naming ``where``."""
        if not self.accepts(value):
            where.fail(f"expected {self.expect}; got {describe(value)}")
        return self._check(value, where)

    def _check(self, value: Any, where: Where) -> Any:
        return value


def _interval(lo: float, hi: float, lo_open: bool, hi_open: bool) -> str:
    return f"{'(' if lo_open else '['}{lo:g}, {hi:g}{')' if hi_open else ']'}"


@dataclass(frozen=True, slots=True)
class Number(Rule):
    """A real number (an integer or a float, never a boolean), not NaN, in a range.

    ``+inf`` is accepted only with ``allow_inf``. :meth:`from_rule` takes a
    model class's rule tuple ``(lo, hi, lo_open, hi_open[, allow_inf])``.
    """

    lo: float = -math.inf
    hi: float = math.inf
    lo_open: bool = False
    hi_open: bool = False
    allow_inf: bool = False

    @classmethod
    def from_rule(cls, rule: tuple[Any, ...]) -> Number:
        """The rule of a ``RULES`` entry of :class:`~blitzgame.model.Market` and the like."""
        return cls(*rule)

    @property
    def expect(self) -> str:
        if self.lo == -math.inf and self.hi == math.inf:
            return "a number" if self.allow_inf else "a finite number"
        hi_open = self.hi_open or (self.hi == math.inf and not self.allow_inf)
        return f"a number in {_interval(self.lo, self.hi, self.lo_open, hi_open)}"

    def accepts(self, value: Any) -> bool:
        return isinstance(value, (int, float)) and not isinstance(value, bool)

    def _check(self, value: Any, where: Where) -> Any:
        v = float(value)
        bad = (math.isnan(v) or (math.isinf(v) and not (self.allow_inf and v > 0))
               or (v <= self.lo if self.lo_open else v < self.lo)
               or (v >= self.hi if self.hi_open else v > self.hi))
        if bad:
            where.fail(f"expected {self.expect}; got {describe(value, typed=False)}")
        return value


@dataclass(frozen=True, slots=True)
class Integer(Rule):
    """An integer (not a boolean, not a float such as ``2.0``) in ``[lo, hi]``."""

    lo: int | None = None
    hi: int | None = None

    @property
    def expect(self) -> str:
        if self.lo is not None and self.hi is not None:
            return f"an integer in [{self.lo}, {self.hi}]"
        if self.lo is not None:
            return f"an integer >= {self.lo}"
        if self.hi is not None:
            return f"an integer <= {self.hi}"
        return "an integer"

    def accepts(self, value: Any) -> bool:
        return isinstance(value, int) and not isinstance(value, bool)

    def _check(self, value: Any, where: Where) -> Any:
        if (self.lo is not None and value < self.lo) or (self.hi is not None
                                                         and value > self.hi):
            where.fail(f"expected {self.expect}; got {value}")
        return value


@dataclass(frozen=True, slots=True)
class Boolean(Rule):
    """``true`` or ``false`` (not a number, not a string such as ``"yes"``)."""

    @property
    def expect(self) -> str:
        return "a boolean (true or false)"

    def accepts(self, value: Any) -> bool:
        return isinstance(value, bool)


@dataclass(frozen=True, slots=True)
class String(Rule):
    """A non-empty string, optionally one of ``choices`` (a misspelling gets a suggestion)."""

    choices: tuple[str, ...] | None = None
    kind: str = "value"

    @property
    def expect(self) -> str:
        return "a string" if self.choices is None else f"a string (a {self.kind} name)"

    def accepts(self, value: Any) -> bool:
        return isinstance(value, str)

    def _check(self, value: Any, where: Where) -> Any:
        if not value:
            where.fail("expected a non-empty string; got \"\"")
        if self.choices is not None and value not in self.choices:
            where.fail(unknown_name(self.kind, value, self.choices))
        return value


@dataclass(frozen=True, slots=True)
class Array(Rule):
    """An array whose items all follow ``item``, with ``min_len <= length <= max_len``."""

    item: Rule
    min_len: int = 0
    max_len: int | None = None

    @property
    def expect(self) -> str:
        return "an array" if self.min_len == 0 else "a non-empty array"

    def accepts(self, value: Any) -> bool:
        return isinstance(value, (list, tuple))

    def _check(self, value: Any, where: Where) -> Any:
        if len(value) < self.min_len:
            where.fail(f"expected at least {self.min_len} item(s); got {describe(value)}")
        if self.max_len is not None and len(value) > self.max_len:
            where.fail(f"expected at most {self.max_len} items; got {len(value)}")
        return [self.item.check(v, where / k) for k, v in enumerate(value)]


@dataclass(frozen=True, slots=True)
class Table(Rule):
    """A table of known ``keys`` (each with its rule) and, if ``values`` is set, other keys.

    Parameters
    ----------
    keys : mapping of str to Rule
        The known keys. Any other key is an error with a suggestion, unless
        ``values`` is given: then any other key is allowed and its value
        follows ``values`` (free-form names, checked by the reader).
    values : Rule, optional
    required : tuple of str
        Keys that must be present.
    exactly_one : tuple of str
        Keys of which exactly one must be present.
    """

    keys: Mapping[str, Rule] = field(default_factory=dict)
    values: Rule | None = None
    required: tuple[str, ...] = ()
    exactly_one: tuple[str, ...] = ()

    @property
    def expect(self) -> str:
        return "a table"

    def accepts(self, value: Any) -> bool:
        return isinstance(value, Mapping)

    def _check(self, value: Any, where: Where) -> Any:
        for k in value:
            if k not in self.keys and self.values is None:
                top = "top-level " if not where.path else ""
                where.fail(unknown_name(f"{top}key", k, self.keys), table=True)
        for k in self.required:
            if k not in value:
                if isinstance(self.keys[k], Table):
                    where.fail(f"missing table {render_path((*where.path, k), table=True)}",
                               table=True)
                where.fail(f"missing key {k!r} ({self.keys[k].expect})", table=True)
        if self.exactly_one:
            given = [k for k in self.exactly_one if k in value]
            if len(given) != 1:
                names = " or ".join(map(repr, self.exactly_one))
                where.fail(f"give exactly one of {names}; got "
                           + (" and ".join(map(repr, given)) if given else "none"), table=True)
        out = {}
        for k, v in value.items():
            rule = self.keys.get(k, self.values)
            assert rule is not None  # unknown keys were refused above
            out[k] = rule.check(v, where / k)
        return out


@dataclass(frozen=True, slots=True)
class Union(Rule):
    """The first of ``rules`` that accepts the value's type (e.g. a name or a table)."""

    rules: tuple[Rule, ...]

    @property
    def expect(self) -> str:
        return " or ".join(r.expect for r in self.rules)

    def accepts(self, value: Any) -> bool:
        return any(r.accepts(value) for r in self.rules)

    def _check(self, value: Any, where: Where) -> Any:
        rule = next(r for r in self.rules if r.accepts(value))
        return rule.check(value, where)


@dataclass(frozen=True, slots=True)
class Tagged(Rule):
    """A table whose ``tag`` key names its kind; ``variants[kind]`` checks the table."""

    tag: str
    variants: Mapping[str, Table]
    kind: str = "type"

    @property
    def expect(self) -> str:
        return f"a table with {self.tag!r}"

    def accepts(self, value: Any) -> bool:
        return isinstance(value, Mapping)

    def _check(self, value: Any, where: Where) -> Any:
        if self.tag not in value:
            where.fail(f"missing key {self.tag!r} (a {self.kind})", table=True)
        name = String(tuple(self.variants), self.kind).check(value[self.tag], where / self.tag)
        return self.variants[name].check(value, where)


def validate(data: Any, schema: Rule, *, source: str | None = None,
             path: Sequence[str | int] = ()) -> Any:
    """Check ``data`` against ``schema``; return it with tables as plain dicts.

    Parameters
    ----------
    data : object
        Parsed TOML (or JSON, or a plain dict).
    schema : Rule
    source : str, optional
        The file name to start error messages with.
    path : sequence of str or int
        Where ``data`` sits in the file (for the messages).

    Raises
    ------
    InvalidParameterError
        The first problem found, naming the file, the key path, the
        expectation and the value received.

    Examples
    --------
    >>> validate({"log": "yes"}, Table({"log": Boolean()}), source="s.toml")
    Traceback (most recent call last):
    ...
    blitzgame.exceptions.InvalidParameterError: s.toml: log: expected a boolean (true or false); got "yes" (a string)
    """  # noqa: E501
    return schema.check(data, Where(source, tuple(path)))
