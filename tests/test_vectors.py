"""Every lawyer-readable vector in src/clearpath/law/ca/vectors/ runs here."""

import pytest

from clearpath.check import check
from clearpath.law.vectors import Vector, load_vectors, mismatches

VECTORS = load_vectors()


def test_vectors_exist_for_every_remedy(pack) -> None:
    covered = {v.remedy for v in VECTORS}
    assert covered == {r.remedy for r in pack.remedies}
    for remedy in covered:
        own = [v for v in VECTORS if v.remedy == remedy and "-X" in v.id]
        assert len(own) >= 3, f"{remedy}: fewer than three own vectors"


def test_vector_ids_unique() -> None:
    ids = [v.id for v in VECTORS]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("vector", VECTORS, ids=[v.id for v in VECTORS])
def test_vector(vector: Vector, pack) -> None:
    result = check(vector.record, vector.as_of, pack)
    problems = mismatches(vector, result)
    assert not problems, f"{vector.id}: {vector.facts}\n" + "\n".join(problems)
