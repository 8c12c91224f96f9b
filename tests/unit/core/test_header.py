"""Header names: blank ones get `column_<n>`, repeats `name_2`, `name_3`, … skipping taken names."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from csvpipe.core.table import clean_header


def _one_by_one(names: list[str]) -> list[str]:
    """The rule written as plainly as possible: every repeat searches from suffix 2."""
    taken = {name for name in names if name.strip()}
    result: list[str] = []
    for position, name in enumerate(names, start=1):
        if not name.strip():
            new, suffix = f"column_{position}", 2
            while new in taken or new in result:
                new, suffix = f"column_{position}_{suffix}", suffix + 1
        elif name in result:
            suffix = 2
            while f"{name}_{suffix}" in taken or f"{name}_{suffix}" in result:
                suffix += 1
            new = f"{name}_{suffix}"
        else:
            new = name
        result.append(new)
    return result


@given(st.lists(st.sampled_from(["a", "a_2", "a_3", "b", "", " ", "column_2", "a_2_2", "c"]), max_size=30))
def test_renaming_follows_the_rule(names: list[str]) -> None:
    cleaned, problems = clean_header(names)
    assert cleaned == _one_by_one(names)
    assert len(set(cleaned)) == len(cleaned)
    assert {p.position for p in problems if p.problem in ("blank", "duplicate")} == {
        position
        for position, (old, new) in enumerate(zip(names, cleaned, strict=True), start=1)
        if old != new
    }


def test_ten_thousand_repeats_of_one_name() -> None:
    """Each repeat continues from the last suffix used (it searched from 2 again: quadratic)."""
    cleaned, problems = clean_header(["a"] * 10_000)
    assert cleaned[:3] == ["a", "a_2", "a_3"] and cleaned[-1] == "a_10000"
    assert len(problems) == 9_999
