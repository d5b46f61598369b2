"""The one error type for bad input, naming the layer, field and row at fault."""
from .messages import said, tr


class LedgerInputError(ValueError):
    """Input that cannot be accounted: wrong CRS, invalid geometry, missing field, bad value.

    The Processing wrappers turn it into a ``QgsProcessingException`` with the same text, said in the plugin's
    translation (``said_in``); the ledger is left untouched because the error is raised before (or inside) the
    transaction. ``message``: what is wrong, best a ``messages.tr`` message so that it can be translated.
    """

    def __init__(self, message, layer=None, field=None, row=None):
        self.layer = layer
        self.field = field
        self.row = row
        self.detail = message
        super().__init__(self.said_in(lambda text: text))

    def said_in(self, translate):
        """The error in the words of ``translate`` (a template -> translation function): where it is (layer, field,
        row), then what is wrong."""
        where = [said(place, translate) for place, value in (
            (tr("layer '{layer}'").format(layer=self.layer), self.layer),
            (tr("field '{field}'").format(field=self.field), self.field),
            (tr("row {row}").format(row=self.row), self.row)) if value is not None]
        detail = said(self.detail, translate)
        if not where:
            return detail
        return said(tr("{where}: {detail}").format(where=said(tr(", "), translate).join(where), detail=detail),
                    translate)
