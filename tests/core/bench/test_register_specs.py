"""The register benchmark's generated specifications are real exchange-format documents."""

from microcred.bench.register_specs import generate
from microcred.model import parse_spec
from microcred.standards.eu_mc.conformance import check_spec


def test_generated_specifications_are_conformant_unique_and_reproducible() -> None:
    specs = list(generate(40))
    assert specs == list(generate(40))
    assert len({s["code"] for s in specs}) == 40
    for data in specs:
        errors = [f.code for f in check_spec(parse_spec(data)).findings if f.severity == "error"]
        assert errors == [], (data["code"], errors)


def test_a_later_batch_continues_the_numbering() -> None:
    first = [s["code"] for s in generate(3)]
    later = [s["code"] for s in generate(3, start=3)]
    assert not set(first) & set(later)
