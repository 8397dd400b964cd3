from __future__ import annotations

import pytest

from oversight.testing.factories import build_tree

from .factories import nhs111_warehouse


@pytest.fixture(scope="session")
def nhs111_file(tmp_path_factory):
    return nhs111_warehouse(tmp_path_factory.mktemp("urgent-care"))


@pytest.fixture
def contracts_loaded(settings, nhs111_file):
    """Point the app at a warehouse holding two made-up contracts, January to June 2021."""
    settings.OVERSIGHT_WAREHOUSE = str(nhs111_file)
    return nhs111_file


@pytest.fixture
def tree(db):
    return build_tree()
