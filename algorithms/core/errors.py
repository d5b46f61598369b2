"""The one error type for bad input, naming the layer, field and row at fault."""


class LedgerInputError(ValueError):
    """Input that cannot be accounted: wrong CRS, invalid geometry, missing field, bad value.

    The Processing wrappers turn it into a ``QgsProcessingException`` with the same text; the
    ledger is left untouched because the error is raised before (or inside) the transaction.
    """

    def __init__(self, message, layer=None, field=None, row=None):
        self.layer = layer
        self.field = field
        self.row = row
        self.detail = message
        where = []
        if layer is not None:
            where.append(f"layer '{layer}'")
        if field is not None:
            where.append(f"field '{field}'")
        if row is not None:
            where.append(f"row {row}")
        super().__init__(f"{', '.join(where)}: {message}" if where else message)
