"""Fixtures for the NOF tests: the 2025/26 method, small wide CSVs, NHS England's Q1 file."""

from __future__ import annotations

import pytest

from oversight.nof import load_method, read_trust_file

Q1_FILE = "data/nhse_nof_2025-26_q1_acute_trust_data.csv"


@pytest.fixture(scope="session")
def method():
    return load_method("2025-26")


@pytest.fixture
def write_csv(tmp_path):
    """write_csv(text, name="in.csv") -> path of a CSV file holding ``text`` (lines dedented)."""

    def write(text: str, name: str = "in.csv"):
        path = tmp_path / name
        lines = [line.strip() for line in text.strip().splitlines()]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    return write


@pytest.fixture(scope="session")
def q1_path(shared):
    return shared / Q1_FILE


@pytest.fixture(scope="session")
def q1(q1_path, method):
    return read_trust_file(q1_path, method)


@pytest.fixture(scope="session")
def q1_comparison(q1, method):
    from oversight.nof.comparison import compare_with_published

    return compare_with_published(q1, method)
