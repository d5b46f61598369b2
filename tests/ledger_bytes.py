"""The ledger file's bytes, for tests that a refused run changes not one of them."""
import pytest

from urban_carbon_ledger.algorithms.core.errors import LedgerInputError


def file_bytes(path):
    """Every byte of the file at ``path``."""
    with open(path, "rb") as handle:
        return handle.read()


def refused(path, run, match):
    """Run ``run()``, expect LedgerInputError matching ``match``, and the ledger at ``path`` unchanged to the
    byte; returns the message."""
    before = file_bytes(path)
    with pytest.raises(LedgerInputError, match=match) as error:
        run()
    assert file_bytes(path) == before
    return str(error.value)
