"""carbonledger:signledger -- sign the run seals with the metering centre's Ed25519 key."""
from ..algorithms.mrv import sign_ledger
from ..algorithms.mrv.spec import SIGN_LEDGER
from .base import LEDGER, LedgerAlgorithm


class SignLedger(LedgerAlgorithm):
    SPEC = SIGN_LEDGER

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API name)
        path = self.ledger_path(parameters, context)
        key = self.parameterAsFile(parameters, "SIGNING_KEY", context)
        summary = self.guarded(lambda: sign_ledger.sign_ledger(path, key, self.progress(feedback)))
        feedback.pushInfo(self.tr("{n} run seals signed with key {key}").format(n=summary["signed"],
                                                                                key=summary["key_id"]))
        return {LEDGER: path, "SIGNED": summary["signed"], "KEY_ID": summary["key_id"]}
