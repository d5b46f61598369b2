"""Nothing wiped by an empty input: a run that would replace a table's rows with nothing, or with much
less, stops before it commits, unless the user chose to replace them.

Every model that replaces earlier results (segmentunits, segmentimagery, accountsinks) declares the two
inputs ``COVERAGE`` and ``REPLACE`` and calls ``guard`` inside its transaction once it knows how many
rows it replaces and how many it writes. Refused: LedgerInputError, the transaction rolls back and the
ledger file is left byte for byte as it was. Allowed by REPLACE: the notice goes into ``run_notices``
under the run's id, so the run's record says what it replaced.
"""
import dataclasses

import pandas as pd

from ..core.errors import LedgerInputError
from ..core.messages import tr
from ..core.spec import EnumInput, NumberInput

COVERAGE_INPUT = NumberInput("COVERAGE", "Least share of the earlier results a run may replace them with (ratio)",
                             default=0.5, unit="ratio", minimum=0.0, maximum=1.0)
REPLACE_INPUT = EnumInput("REPLACE", "Replace earlier results with much less", default="no", options=("no", "yes"))
INPUTS = (COVERAGE_INPUT, REPLACE_INPUT)
"""The two inputs of every model that replaces earlier results, in this order."""

HELP = ("COVERAGE: a run that would replace earlier results with less than this share of them (rows; segments: "
        "their area; ratio, default 0.5) stops and changes nothing; REPLACE yes lets it write, and the notice of "
        "what it replaced goes into the run_notices table under the run's id.\n")
"""Help text of the two inputs, for the models' help."""


@dataclasses.dataclass(frozen=True)
class Policy:
    """What a run may replace: ``coverage`` (ratio 0..1) and ``replace`` (True: write anyway, with a notice)."""

    coverage: float = COVERAGE_INPUT.default
    replace: bool = False

    @classmethod
    def from_values(cls, coverage, replace):
        """A Policy from the parameter values (COVERAGE a number, REPLACE 'yes'/'no' or a bool)."""
        return cls(float(coverage), replace in (True, "yes"))


KEEP_ALL = Policy()
"""The default: refuse to replace results with less than half of them."""


def shortfall(replaced, written, policy):
    """Whether writing ``written`` rows in place of ``replaced`` ones falls below ``policy.coverage``."""
    return replaced > 0 and written < policy.coverage * replaced


ROWS = tr("rows")
"""What ``guard`` counts by default (the unit of its message)."""


def guard(writer, what, table, replaced, written, policy, layer, unit=ROWS):
    """Inside ``writer``'s transaction: refuse, or record, replacing ``replaced`` of ``table`` by ``written``.

    what: the model's words for the rows ('sinks of scenario baseline'); layer: the input to name in
    the message; unit: what ``replaced`` and ``written`` count ('rows', or 'm2' of units). Raises
    LedgerInputError when the run falls short of ``policy.coverage`` and ``policy.replace`` is off;
    otherwise appends the notice to run_notices and returns it (None when nothing fell short).
    """
    if not shortfall(replaced, written, policy):
        return None
    notice = tr("{what}: {replaced:,.0f} {unit} of {table} would be replaced by {written:,.0f} "
                "({share:.1%}, below COVERAGE {coverage:g})").format(
        what=what, replaced=replaced, unit=unit, table=table, written=written, share=written / replaced,
        coverage=policy.coverage)
    if not policy.replace:
        raise LedgerInputError(tr("{notice}; nothing was written. Check {layer} (empty, nodata or outside the "
                                  "units?), or set REPLACE to yes to replace them").format(notice=notice, layer=layer),
                               layer=layer)
    notice = tr("{notice}; replaced because REPLACE is yes").format(notice=notice)
    writer.append_rows("run_notices", pd.DataFrame([{
        "run_id": writer.run_id, "table_name": table, "replaced": float(replaced), "written": float(written),
        "notice": notice}]))
    return notice
