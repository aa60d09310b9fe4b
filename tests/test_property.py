"""Random pact data: the loader accepts it or refuses it with located problems, never a crash."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import run_pact
from generator.errors import InputError
from generator.pact.load import load_pact
from generator.pact.model import Pact

text = st.text(min_size=0, max_size=40)
slugish = st.one_of(st.from_regex(r"[a-z0-9]{1,6}(-[a-z0-9]{1,4}){0,2}", fullmatch=True), text)
scalar = st.one_of(text, st.integers(-5, 3000), st.floats(allow_nan=False, allow_infinity=False),
                   st.booleans(), st.none(), st.dates().map(dt.date.isoformat))


def maybe(strategy):
    return st.one_of(strategy, scalar)


signer = st.fixed_dictionaries({"title": maybe(text)}, optional={"rank": maybe(text), "name": maybe(text)})
member = st.fixed_dictionaries(
    {"id": slugish, "unit": maybe(text), "place": maybe(text), "signer": maybe(signer)},
    optional={"role": st.sampled_from(["leader", "deputy", "member", "boss"]), "extra": scalar},
)
change = st.fixed_dictionaries({"direction": st.sampled_from(["decrease", "increase", "up"]),
                                "baseline_year": maybe(st.integers(1800, 2300)),
                                "min_percent": maybe(st.floats(-10, 200, allow_nan=False))},
                               optional={"max_percent": st.floats(-10, 200, allow_nan=False)})
level = st.fixed_dictionaries({}, optional={"at_least": st.floats(allow_nan=False), "at_most": scalar})
target = st.fixed_dictionaries({"metric": maybe(text), "unit": maybe(text)},
                               optional={"change": change, "level": level})
item = st.fixed_dictionaries({"text": maybe(text)},
                             optional={"id": slugish, "points": scalar, "target": maybe(target)})
section = st.fixed_dictionaries({"title": maybe(text), "items": st.lists(maybe(item), max_size=4)},
                                optional={"intro": maybe(text)})
period = st.fixed_dictionaries({"id": slugish, "name": maybe(text)}, optional={"due": scalar})
pact_data = st.fixed_dictionaries(
    {
        "year": maybe(st.integers(1990, 2210)),
        "movement": maybe(text),
        "authority": maybe(text),
        "cluster": maybe(st.fixed_dictionaries({"name": maybe(text), "code": maybe(text)})),
        "ceremony": maybe(st.fixed_dictionaries({"date": scalar, "place": maybe(text)})),
        "members": st.lists(maybe(member), max_size=5),
        "sections": st.lists(maybe(section), max_size=3),
    },
    optional={
        "legal_basis": st.lists(maybe(text), max_size=3),
        "document": st.fixed_dictionaries({}, optional={"number": maybe(text), "copies": scalar}),
        "reporting": st.fixed_dictionaries({"periods": st.lists(maybe(period), max_size=3)},
                                           optional={"send_to": slugish}),
    },
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pact_data)
def test_loader_accepts_or_refuses_with_located_problems(data):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "random.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        try:
            pact = load_pact(path)
        except InputError as error:
            assert error.problems
            for problem in error.problems:
                assert problem.file == str(path) and problem.message
                assert problem.line is not None
        else:
            assert isinstance(pact, Pact)


@settings(max_examples=12, deadline=None)
@given(pact_data)
def test_the_command_exits_0_or_2_never_a_traceback(data):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "random.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        result = run_pact("validate", path)
        assert result.returncode in (0, 2), result.stderr
        assert "Traceback" not in result.stderr
