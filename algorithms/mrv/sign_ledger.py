"""Sign the run seals of a ledger with the metering centre's Ed25519 key (carbonledger:signledger)."""
from ..core.errors import LedgerInputError
from ..core.messages import tr
from ..core.progress import NO_PROGRESS
from ..ledger import seals, signing
from ..ledger.store import Ledger
from . import seal_checks

ALGORITHM = "carbonledger:signledger"


def sign_ledger(path, key_path, progress=NO_PROGRESS):
    """Sign every unsigned run seal of the ledger at ``path``, and this run's, with the private key at
    ``key_path`` (PEM). A broken seal chain is refused (a signature would vouch for it) with its first
    broken link. Returns {'signed': runs signed, 'key_id': id of the key}."""
    key = signing.private_key(key_path)
    key_id = signing.key_id(key.public_key())
    ledger = Ledger(path)
    progress(0.1, tr("Checking the seal chain"))
    broken = seal_checks.chain_problems(*seals.chain_record(ledger))
    if len(broken):
        first = broken.iloc[0]
        raise LedgerInputError(
            tr("the seal chain is broken ({link}: {stored} -> {recomputed}); signing would vouch for it: run "
               "carbonledger:verifyledger and rebuild the ledger first").format(
                link=first["field"], stored=first["stored"], recomputed=first["recomputed"]),
            layer="runs", field=first["field"])
    progress(0.5, tr("Signing"))
    with ledger.transaction(ALGORITHM, {"key_id": key_id}, signing_key=key) as writer:
        signed = writer.sign_unsigned_runs(key)
    progress(1.0, tr("{seals} run seals signed").format(seals=signed + 1))
    return {"signed": signed + 1, "key_id": key_id}
