import pytest

from clearpath.law.offense import normalise_key, parse_offense
from clearpath.law.tables import Table


@pytest.mark.parametrize(("text", "key", "attempt"), [
    ("HS 11359(b)", "HS 11359(b)", False),
    ("11359(B) HS", "HS 11359(b)", False),
    ("hs11359 (b)", "HS 11359(b)", False),
    ("PC 664/187", "PC 187", True),
    ("187-664 PC", "PC 187", True),
    ("PC 288a(c)(1)", "PC 288a(c)(1)", False),
    ("PC 288.5", "PC 288.5", False),
    ("VC 23152(B)", "VC 23152(b)", False),
    ("B&P 25662", "BP 25662", False),
    ("PC 186.22(a)", "PC 186.22(a)", False),
])
def test_parse(text: str, key: str, attempt: bool) -> None:
    off = parse_offense(text)
    assert off is not None
    assert off.key == key
    assert off.attempt is attempt


@pytest.mark.parametrize("text", ["", "SEE COMMENT FOR CHARGE", "XX 123", "PC", "hello world", "PC (a)"])
def test_unreadable(text: str) -> None:
    assert parse_offense(text) is None


def test_ancestors_most_specific_first() -> None:
    off = parse_offense("PC 288(c)(1)")
    assert off is not None
    assert off.ancestors() == ["PC 288(c)(1)", "PC 288(c)", "PC 288", "PC"]


def _table(entries: list[dict[str, object]], attempts: bool = False) -> Table:
    return Table.model_validate({"table": "t", "title": "t", "citation": "x", "verification": "S",
                                 "applies_by": "as_of", "attempts": attempts, "entries": entries})


def test_subdivision_matching() -> None:
    t = _table([{"offense": "PC 288", "citation": "x"}, {"offense": "HS 11357(b)", "citation": "y"}])
    assert t.match("PC 288(a)", False, []).member is True
    assert t.match("PC 288(c)(1)", False, []).member is True
    assert t.match("PC 288", False, []).member is True
    assert t.match("PC 288.5", False, []).member is False
    assert t.match("PC 288a(c)", False, []).member is False
    assert t.match("HS 11357(b)", False, []).member is True
    assert t.match("HS 11357(c)", False, []).member is False
    # The section alone may be the listed subdivision or another one: unknown, asked.
    assert t.match("HS 11357", False, []).member is None
    assert t.match("PC 28", False, []).member is False


def test_attempts_follow_the_table() -> None:
    without = _table([{"offense": "PC 211", "citation": "x"}])
    with_ = _table([{"offense": "PC 187", "citation": "x"}], attempts=True)
    assert without.match("PC 211", True, []).member is False
    assert without.match("PC 664/211", False, []).member is False
    assert with_.match("PC 664/187", False, []).member is True


def test_fact_dependent_and_enhancements() -> None:
    t = _table([{"offense": "PC 459", "citation": "x", "fact_dependent": "first degree?"},
                {"offense": "*", "citation": "(c)(8)", "enhancements": ["PC 12022.7"]}])
    assert t.match("PC 459", False, []).member is None
    assert t.match("PC 459", False, ["PC 12022.7(a)"]).member is True
    assert t.match("PC 487", False, ["PC 12022.7"]).member is True
    assert t.match("PC 487", False, []).member is False
    assert t.match("garbage", False, []).member is None


def test_code_wide_entry() -> None:
    t = _table([{"offense": "VC", "citation": "VC 42001", "level": "infraction"}])
    assert t.match("VC 22350", False, []).member is True
    assert t.match("PC 415", False, []).member is False


def test_table_keys_are_validated() -> None:
    with pytest.raises(ValueError):
        normalise_key("not a key")
    with pytest.raises(ValueError):
        _table([{"offense": "PC 211", "citation": "x"}, {"offense": "PC 211", "citation": "y"}])


def test_entry_enhancements_settle_its_question() -> None:
    t = _table([{"offense": "PC 136.1", "citation": "(c)(20)", "fact_dependent": "gang?",
                 "enhancements": ["PC 186.22"]}])
    assert t.match("PC 136.1", False, []).member is None
    assert t.match("PC 136.1", False, ["PC 186.22(b)(1)"]).member is True
