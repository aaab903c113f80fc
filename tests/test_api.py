"""The public API follows the one convention of CONTRIBUTING.md (issue 12).

Walks every public module (``recovery`` and every module or subpackage whose dotted name has no
part starting with ``_``) and every name in its ``__all__``, and checks, one test per name:

- every public module declares ``__all__`` and every name in it exists;
- no public parameter is called ``n``, ``ci``, ``level``, ``conf_level``, ``random_state`` or
  ``rng`` (``n_customers``, ``n_obs``, ``alpha``, ``seed`` instead);
- a function that draws random numbers (it calls a generator method, builds a stream or passes
  ``seed=`` on) accepts ``seed``; only ``recovery/_seeding.py`` builds numpy streams;
- a function or method that returns an interval (its code, or a private helper of its module it
  calls, makes ``ci_low`` / ``ci_high``) accepts ``alpha``;
- result classes (``*Result``) have ``summary()``, ``summary_frame()`` and
  ``conf_int(alpha=0.05)``; an instance made by a docstring example of its module has
  ``summary_frame()`` columns "identifying columns first, then estimate, se, z|t, p, ci_low,
  ci_high" and ``conf_int`` intervals that widen as ``alpha`` falls;
- simulator functions (those taking ``params`` or ``strategy``) take ``(params, strategy)``
  first and everything else keyword-only; estimators ``fit_*`` take ``(model, data)`` first
  and everything else keyword-only;
- every public function has a numpydoc docstring with Parameters, Returns and Examples
  (``numpydoc.validate``).

Each rule is checked on a made-up module too (``test_rules_catch_*``), so a rule that stopped
finding anything would fail here rather than pass silently.
"""
from __future__ import annotations

import ast
import doctest
import functools
import importlib
import inspect
import pkgutil
import textwrap
import types

import numpy as np
import pandas as pd
import pytest

import recovery

FORBIDDEN = {"n", "ci", "level", "conf_level", "random_state", "rng"}
#: Calls that make random numbers from a stream or build one.
STREAM_MAKERS = {"default_rng", "SeedSequence", "Generator", "RandomState", "SFC64", "PCG64", "PCG64DXSM", "Philox",
                 "MT19937", "spawn", "seed_sequence", "generator", "children", "spawn_generators"}
DRAWS = {"random", "integers", "normal", "uniform", "choice", "permutation", "shuffle", "binomial", "poisson",
         "exponential", "beta", "gamma", "multivariate_normal", "standard_normal", "lognormal", "multinomial",
         "geometric", "negative_binomial", "dirichlet", "logistic", "triangular", "weibull", "permuted"}
#: The statistics columns of a tidy result, in this order, after the identifying columns.
STAT_COLUMNS = ["estimate", "se", "z", "t", "p", "ci_low", "ci_high"]
#: numpydoc codes checked: no docstring, parameters missing or unknown, no Returns, no Examples.
DOC_CODES = {"GL08", "PR01", "PR02", "RT01", "EX01"}


# ------------------------------------------------------------------ walking the public API

def _public_modules(package: types.ModuleType = recovery) -> list[str]:
    names = [package.__name__]
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        if not any(part.startswith("_") for part in info.name.split(".")):
            names.append(info.name)
    return sorted(names)


MODULES = _public_modules()


def _module(name: str) -> types.ModuleType:
    return importlib.import_module(name)


def _defined_here(obj, module: types.ModuleType) -> bool:
    return getattr(obj, "__module__", None) == module.__name__


def _public_objects() -> dict[str, object]:
    """Every function and class named in a public ``__all__``, once: under the public module
    that defines it, else under the first public module that exports it."""
    found: dict[int, tuple[str, object]] = {}
    for name in MODULES:
        module = _module(name)
        for attr in getattr(module, "__all__", []):
            obj = getattr(module, attr, None)
            if not (inspect.isfunction(obj) or inspect.isclass(obj)):
                continue
            key = id(obj)
            if key not in found or _defined_here(obj, module):
                found[key] = (f"{name}.{attr}", obj)
    return dict(sorted(found.values(), key=lambda item: item[0]))


OBJECTS = _public_objects()
FUNCTIONS = {k: v for k, v in OBJECTS.items() if inspect.isfunction(v)}
CLASSES = {k: v for k, v in OBJECTS.items() if inspect.isclass(v)}
ALL_RESULTS = {k: v for k, v in CLASSES.items() if v.__name__.endswith("Result")}


def _methods(cls) -> dict[str, types.FunctionType]:
    """The public methods a class defines itself (not inherited from a library)."""
    return {name: member for name, member in vars(cls).items()
            if not name.startswith("_") and inspect.isfunction(member)}


def _callables() -> dict[str, object]:
    """Public functions, classes (their constructor) and public methods of public classes."""
    out = dict(FUNCTIONS)
    for name, cls in CLASSES.items():
        out[name] = cls
        out.update({f"{name}.{m}": f for m, f in _methods(cls).items()})
    return out


CALLABLES = _callables()


def _parameters(obj) -> list[inspect.Parameter]:
    try:
        params = list(inspect.signature(obj).parameters.values())
    except (TypeError, ValueError):   # some builtin-backed classes have no signature
        return []
    if params and params[0].name in ("self", "cls"):
        params = params[1:]
    return params


def _tree(obj) -> ast.AST | None:
    try:
        return ast.parse(textwrap.dedent(inspect.getsource(obj)))
    except (OSError, TypeError, SyntaxError):
        return None


def _called_names(node: ast.AST) -> set[str]:
    """The last name of every call in ``node``: ``np.random.default_rng(...)`` -> default_rng."""
    names = set()
    for call in ast.walk(node):
        if isinstance(call, ast.Call):
            func = call.func
            if isinstance(func, ast.Attribute):
                names.add(func.attr)
            elif isinstance(func, ast.Name):
                names.add(func.id)
    return names


@functools.cache
def _module_tree(module_name: str) -> ast.Module:
    return ast.parse(inspect.getsource(_module(module_name)))


def _private_helpers(module_name: str) -> dict[str, ast.AST]:
    """The module's private functions (``_name``), whose work its public functions share."""
    return {node.name: node for node in ast.walk(_module_tree(module_name))
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("_")
            and not node.name.startswith("__")}


def _reach(obj) -> list[ast.AST]:
    """The code of ``obj`` plus every private helper of its module it calls, transitively."""
    tree = _tree(obj)
    if tree is None:
        return []
    module_name = getattr(obj, "__module__", "") or ""
    helpers = _private_helpers(module_name) if module_name.startswith("recovery") else {}
    seen, todo, nodes = set(), [tree], []
    while todo:
        node = todo.pop()
        nodes.append(node)
        for name in _called_names(node) & set(helpers) - seen:
            seen.add(name)
            todo.append(helpers[name])
    return nodes


def _strings(nodes) -> set[str]:
    out = set()
    for node in nodes:
        for sub in ast.walk(node):
            if isinstance(sub, ast.Constant) and isinstance(sub.value, str):
                out.add(sub.value)
            elif isinstance(sub, ast.keyword) and sub.arg:
                out.add(sub.arg)
    return out


def uses_randomness(obj) -> bool:
    """``obj`` draws random numbers: it builds or draws from a numpy stream, or passes ``seed=``
    on to another call (directly or through a private helper of its module)."""
    nodes = [n for node in _reach(obj) for n in _code_of_node(node)]
    called = {name for node in nodes for name in _called_names(node)}
    passes_seed = any(isinstance(k, ast.keyword) and k.arg == "seed" for node in nodes for k in ast.walk(node))
    return bool(called & STREAM_MAKERS) or passes_seed or _draws_from_a_stream(nodes)


def _code_of_node(node: ast.AST) -> list[ast.AST]:
    """``node`` with docstrings dropped."""
    node = ast.parse(ast.unparse(node))
    for sub in ast.walk(node):
        body = getattr(sub, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
            sub.body = body[1:] or [ast.Pass()]
    return [node]


def _draws_from_a_stream(nodes) -> bool:
    """A draw method called on something named like a generator (``rng.normal``, ``gen.integers``)."""
    for node in nodes:
        for call in ast.walk(node):
            if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr in DRAWS:
                owner = call.func.value
                if isinstance(owner, ast.Name) and owner.id in {"rng", "gen", "generator", "random_state"}:
                    return True
    return False


def returns_interval(obj) -> bool:
    """``obj`` makes an interval: ``ci_low`` / ``ci_high`` appear in its code or in a private
    helper of its module it calls. Charts are left out: they draw the intervals they are given."""
    if (getattr(obj, "__module__", "") or "").startswith(("recovery.plots", "recovery.classroom")):
        return False
    return bool({"ci_low", "ci_high"} & _strings(n for node in _reach(obj) for n in _code_of_node(node)))


def _accepts(obj, name: str) -> bool:
    return any(p.name == name for p in _parameters(obj))


def _class_accepts(qualname: str, name: str) -> bool:
    """A method's class takes ``name`` in its constructor (or as a dataclass field)."""
    cls = CALLABLES.get(qualname.rsplit(".", 1)[0])
    return inspect.isclass(cls) and _accepts(cls, name)


# ------------------------------------------------------------------ modules

@pytest.mark.parametrize("name", MODULES)
def test_public_module_declares_all_and_every_name_exists(name):
    module = _module(name)
    assert hasattr(module, "__all__"), f"{name} has no __all__"
    missing = [attr for attr in module.__all__ if not hasattr(module, attr)]
    assert missing == [], f"{name}.__all__ names what it does not have: {missing}"


def shadowed_submodules(package: types.ModuleType) -> list[str]:
    """Submodules of ``package`` whose name, as an attribute of the package, is something else
    (``recovery.simulate`` the function hiding the module ``recovery.simulate``)."""
    if not hasattr(package, "__path__"):
        return []
    out = []
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        if getattr(package, info.name, module) is not module:
            out.append(f"{package.__name__}.{info.name}")
    return out


@pytest.mark.parametrize("name", [m for m in MODULES if hasattr(_module(m), "__path__")])
def test_no_name_shadows_a_submodule(name):
    shadowed = shadowed_submodules(_module(name))
    assert shadowed == [], f"{shadowed}: a name of the package hides the module; rename one (issue 12)"


def test_the_walk_reaches_every_subpackage():
    assert {"recovery", "recovery.plots", "recovery.survey", "recovery.journey", "recovery.classroom"} <= set(MODULES)
    assert not [m for m in MODULES if "._" in m]
    assert len(FUNCTIONS) > 100 and RESULTS
    import recovery.population
    assert recovery.population.SimulationResult in simulator_outputs()   # the classification finds them


def stream_builders(source: str) -> list[str]:
    """Calls outside ``recovery/_seeding.py`` that build a numpy stream themselves."""
    makers = {"default_rng", "SeedSequence", "Generator", "RandomState", "SFC64", "PCG64", "PCG64DXSM", "Philox",
              "MT19937"}
    return sorted(f"line {call.lineno}: {ast.unparse(call.func)}" for call in ast.walk(ast.parse(source))
                  if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute | ast.Name)
                  and (call.func.attr if isinstance(call.func, ast.Attribute) else call.func.id) in makers)


ALL_MODULES = sorted(info.name for info in pkgutil.walk_packages(recovery.__path__, "recovery.")
                     if info.name != "recovery._seeding")


@pytest.mark.parametrize("name", ALL_MODULES)
def test_streams_come_only_from_the_seeding_helper(name):
    """One place turns ``seed`` into streams (CONTRIBUTING.md, randomness): private modules too."""
    assert stream_builders(inspect.getsource(_module(name))) == [], \
        f"{name} builds numpy streams itself: use recovery._seeding (generator, children, spawn_generators)"


# ------------------------------------------------------------------ names and arguments

@pytest.mark.parametrize("name", CALLABLES)
def test_no_forbidden_parameter_names(name):
    bad = sorted(p.name for p in _parameters(CALLABLES[name]) if p.name in FORBIDDEN)
    assert bad == [], f"{name} takes {bad}: use n_customers / n_obs / n_items, alpha, seed"


RANDOM = [name for name, obj in CALLABLES.items() if inspect.isfunction(obj) and uses_randomness(obj)]


@pytest.mark.parametrize("name", RANDOM)
def test_randomness_takes_seed(name):
    obj = CALLABLES[name]
    assert _accepts(obj, "seed") or _class_accepts(name, "seed"), \
        f"{name} draws random numbers but takes no seed="


INTERVALS = [name for name, obj in CALLABLES.items() if inspect.isfunction(obj) and returns_interval(obj)]


@pytest.mark.parametrize("name", INTERVALS)
def test_intervals_take_alpha(name):
    obj = CALLABLES[name]
    assert _accepts(obj, "alpha") or _class_accepts(name, "alpha"), \
        f"{name} returns ci_low / ci_high but takes no alpha= (0.05 gives a 95% interval)"
    alpha = next((p for p in _parameters(obj) if p.name == "alpha"), None)
    if alpha is not None and alpha.default is not inspect.Parameter.empty:
        assert alpha.default == 0.05, f"{name}: alpha defaults to {alpha.default}, not 0.05"


def _positional(obj) -> list[str]:
    return [p.name for p in _parameters(obj)
            if p.kind in (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)]


def simulator_problem(obj) -> str | None:
    """What breaks "(params, strategy) first, then keyword-only", or None."""
    names = [p.name for p in _parameters(obj)]
    # A function comparing several strategies takes them where one would take a strategy.
    lead = [name for name in ("params", "strategy", "strategies") if name in names]
    if names[:len(lead)] != lead:
        return f"takes {names}: put {lead} first"
    if _positional(obj) != lead:
        return f"positional {_positional(obj)}: only {lead} may be positional, the rest keyword-only (*)"
    return None


def estimator_problem(obj) -> str | None:
    """What breaks "fit_x(model, data, *, options)", or None."""
    if _positional(obj) != ["model", "data"]:
        return f"positional {_positional(obj)}: fit_x(model, data, *, options)"
    return None


def is_simulator(obj) -> bool:
    """Runs the journey model on its own random numbers: takes ``params`` or ``strategy`` as its
    subject, and ``seed``.

    (The journey's stage functions take the model's parameters and arrays of uniforms, no seed:
    they are steps of a simulator, not simulators.) ``params`` / ``strategy`` (or the
    ``strategies`` compared) are the subject unless they are keyword-only with a default: a function that simulates something else (survey
    respondents answering a design, a power study, a complaint desk) and may consult the journey
    model takes them as keyword options, which the keyword-only rule already satisfies. A
    ``**params`` catch-all is a bag of keyword settings (RM-1's spec names), not the model's
    parameters, and cannot be put first."""
    subject = {p.name for p in _parameters(obj)
               if p.name in ("params", "strategy", "strategies") and p.kind is not inspect.Parameter.VAR_KEYWORD
               and not (p.kind is inspect.Parameter.KEYWORD_ONLY and p.default is not inspect.Parameter.empty)}
    return bool(subject) and "seed" in {p.name for p in _parameters(obj)}


SIMULATORS = [name for name, obj in FUNCTIONS.items() if is_simulator(obj)]


def simulator_outputs() -> set[type]:
    """Result classes a simulator returns (its return annotation). CONTRIBUTING.md asks
    ``summary_frame()`` with se/p/intervals and ``conf_int(alpha)`` of *estimators'* results,
    which carry sampling error; a simulation run, or a calibration that fits by simulation to
    target ranges, has none to state (a target's tolerance is not a standard error), so an
    interval there would be invented. Classified by what makes the class, never by name."""
    out = set()
    for name in SIMULATORS:
        ret = inspect.signature(FUNCTIONS[name]).return_annotation
        if isinstance(ret, str):
            ret = getattr(_module(FUNCTIONS[name].__module__), ret.split("[")[0].strip(), None)
        if inspect.isclass(ret):
            out.add(ret)
    return out


#: Estimators' results: every ``*Result`` class that no simulator returns.
RESULTS = {k: v for k, v in ALL_RESULTS.items() if v not in simulator_outputs()}
ESTIMATORS = [name for name in FUNCTIONS if name.rsplit(".", 1)[-1].startswith("fit_")]


@pytest.mark.parametrize("name", SIMULATORS)
def test_simulators_take_params_and_strategy_first(name):
    assert simulator_problem(FUNCTIONS[name]) is None, f"{name}: {simulator_problem(FUNCTIONS[name])}"


@pytest.mark.parametrize("name", ESTIMATORS)
def test_estimators_take_model_and_data_first(name):
    assert estimator_problem(FUNCTIONS[name]) is None, f"{name}: {estimator_problem(FUNCTIONS[name])}"


# ------------------------------------------------------------------ docstrings

def doc_problems(qualname: str) -> list[str]:
    """numpydoc's findings for the codes checked (no docstring, Parameters, Returns, Examples)."""
    from numpydoc.validate import validate
    return [f"{code}: {message}" for code, message in validate(qualname)["errors"] if code in DOC_CODES]


@pytest.mark.parametrize("name", FUNCTIONS)
def test_functions_have_numpydoc_docstrings(name):
    assert doc_problems(name) == []


def own_docstring(cls) -> str:
    """The class's own docstring: not inherited, not the signature ``dataclass`` writes."""
    doc = cls.__dict__.get("__doc__") or ""
    return "" if doc.startswith(f"{cls.__name__}(") else doc


@pytest.mark.parametrize("name", CLASSES)
def test_classes_have_docstrings(name):
    assert own_docstring(CLASSES[name]).strip(), f"{name} has no docstring of its own"


# ------------------------------------------------------------------ result objects

@pytest.mark.parametrize("name", RESULTS)
def test_result_classes_have_the_three_methods(name):
    cls = RESULTS[name]
    missing = [m for m in ("summary", "summary_frame", "conf_int") if not callable(getattr(cls, m, None))]
    assert missing == [], f"{name} lacks {missing}"
    alpha = inspect.signature(cls.conf_int).parameters.get("alpha")
    assert alpha is not None and alpha.default == 0.05, f"{name}.conf_int must take alpha=0.05"


def summary_frame_problem(columns) -> str | None:
    """What breaks "identifying columns first, then estimate, se, z|t, p, ci_low, ci_high", or None."""
    columns = list(columns)
    if "estimate" not in columns:
        return f"columns {columns}: no 'estimate'"
    tail = columns[columns.index("estimate"):]
    if [c for c in STAT_COLUMNS if c in tail] != tail:
        return f"columns {columns}: after the identifying columns only {STAT_COLUMNS}, in that order"
    return None


def _examples(module: types.ModuleType) -> list[doctest.DocTest]:
    return doctest.DocTestFinder(exclude_empty=True).find(module, module.__name__)


@functools.cache
def result_instances() -> dict[type, object]:
    """One instance of each result class, made by running the docstring examples of the module
    that defines it (the examples are kept working by the doctests)."""
    made: dict[type, object] = {}
    for cls in RESULTS.values():
        module = _module(cls.__module__)
        for test in _examples(module):
            if cls in made:
                break
            test.globs = dict(test.globs)
            runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
            runner.run(test, out=lambda _: None, clear_globs=False)
            made.update({type(v): v for v in test.globs.values() if isinstance(v, tuple(RESULTS.values()))})
    return made


def interval_problem(result) -> str | None:
    """What breaks "conf_int(alpha) gives ci_low, ci_high, wider as alpha falls", or None."""
    wide, narrow = result.conf_int(alpha=0.01), result.conf_int(alpha=0.2)
    if not {"ci_low", "ci_high"} <= set(wide.columns):
        return f"conf_int columns {list(wide.columns)}: no ci_low, ci_high"
    width = (wide["ci_high"] - wide["ci_low"]).to_numpy(float) - (narrow["ci_high"] - narrow["ci_low"]).to_numpy(float)
    if not (np.all(width[np.isfinite(width)] >= -1e-12) and np.any(width > 0)):
        return "conf_int(alpha=0.01) is not wider than conf_int(alpha=0.2): alpha does not set the level"
    return None


@pytest.mark.slow
@pytest.mark.parametrize("name", RESULTS)
def test_result_frames_are_tidy(name):
    cls = RESULTS[name]
    result = result_instances().get(cls)
    assert result is not None, f"no docstring example in {cls.__module__} makes a {cls.__name__}: add one"
    assert hasattr(result, "summary_frame") and hasattr(result, "conf_int"), f"{name}: no summary_frame / conf_int"
    frame = result.summary_frame()
    assert isinstance(frame, pd.DataFrame)
    assert summary_frame_problem(frame.columns) is None, f"{name}: {summary_frame_problem(frame.columns)}"
    assert interval_problem(result) is None, f"{name}: {interval_problem(result)}"


# ------------------------------------------------------------------ the rules can fail

class BadApiDoc:
    """A class with a docstring."""


BAD = '''
import numpy as np

def simulate_bad(n, strategy, params, periods=1, rng=None):
    """One line."""
    return np.random.default_rng(0).normal(size=n)

def summarise(data, ci=0.9):
    return {"estimate": 1.0, "ci_low": 0.0, "ci_high": 2.0}

def fit_bad(data, model, seed=0):
    return _helper(data)

def _helper(data):
    return {"ci_low": 0}
'''


def test_rules_catch_a_bad_module(tmp_path, monkeypatch):
    (tmp_path / "recovery_bad_api.py").write_text(BAD)
    monkeypatch.syspath_prepend(str(tmp_path))
    bad = importlib.import_module("recovery_bad_api")
    sim, summarise, fit = bad.simulate_bad, bad.summarise, bad.fit_bad
    assert {p.name for p in _parameters(sim)} & FORBIDDEN == {"n", "rng"}
    assert uses_randomness(sim) and not _accepts(sim, "seed")
    assert not uses_randomness(summarise)
    assert returns_interval(summarise) and not _accepts(summarise, "alpha")
    bad.__name__ = "recovery_bad_api"
    fit.__module__ = sim.__module__ = "recovery.bad"           # look up helpers in this module
    _module_tree.cache_clear()
    monkeypatch.setitem(__import__("sys").modules, "recovery.bad", bad)
    assert returns_interval(fit)                                # through _helper
    assert not is_simulator(sim)                                # no seed: a step, not a simulator
    namespace: dict = {}
    exec("def sim(n, params, *, seed=None): pass\n"
         "def needs(n, *, params, seed=None): pass\n"
         "def option(design, *, params=None, seed=None): pass\n"
         "def spec(n, *, seed=None, **params): pass", namespace)
    assert is_simulator(namespace["sim"]) and is_simulator(namespace["needs"])
    assert not is_simulator(namespace["option"]) and not is_simulator(namespace["spec"])
    assert "put ['params'] first" in simulator_problem(namespace["sim"])
    assert "put ['params', 'strategy'] first" in simulator_problem(sim)
    assert "fit_x(model, data" in estimator_problem(fit)
    assert stream_builders(BAD) == ["line 6: np.random.default_rng"]
    assert summary_frame_problem(["name", "estimate", "std_error", "p_value"])
    assert summary_frame_problem(["name", "estimate", "se", "p", "ci_low", "ci_high"]) is None
    assert summary_frame_problem(["estimate", "p", "se"])          # order
    package = types.ModuleType("pkg")
    package.__path__ = [str(tmp_path)]
    (tmp_path / "pkg_part.py").write_text("")
    monkeypatch.setitem(__import__("sys").modules, "pkg", package)
    importlib.import_module("pkg.pkg_part")
    package.pkg_part = len                                         # a function named like the module
    assert shadowed_submodules(package) == ["pkg.pkg_part"]

    @__import__("dataclasses").dataclass
    class Bare:
        x: int = 0

    class Error(ValueError):
        pass

    assert own_docstring(Bare) == own_docstring(Error) == "" and own_docstring(BadApiDoc)

    class Fixed:                                   # an interval that ignores alpha
        def conf_int(self, alpha=0.05):
            return pd.DataFrame({"ci_low": [0.0], "ci_high": [1.0]})

    class Normal(Fixed):
        def conf_int(self, alpha=0.05):
            from scipy.stats import norm
            return pd.DataFrame({"ci_low": [-norm.ppf(1 - alpha / 2)], "ci_high": [norm.ppf(1 - alpha / 2)]})

    assert "alpha does not set the level" in interval_problem(Fixed())
    assert interval_problem(Normal()) is None
    problems = doc_problems("recovery_bad_api.simulate_bad")
    assert {p[:4] for p in problems} == {"PR01", "RT01", "EX01"}
    _module_tree.cache_clear()
