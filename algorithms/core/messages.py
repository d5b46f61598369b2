"""Messages of the science in English that a front end can say in the user's language.

``algorithms/`` imports no Qt, so it cannot translate; it marks what it says instead, as the front ends' own
``self.tr(...).format(...)`` does: ``tr("{count:,} units read").format(count=n)``. The result is the English text (a
``str``: logs, tests and the command line read it as before) that keeps its template and values, so the Processing
wrappers and the docks say it in the plugin's translation (``Message.said_in``). ``scripts/update_translations.py``
collects every ``tr("...")`` literal of the plugin, these included, into the .ts files.
"""
import functools
import string

_FIELDS = string.Formatter()


class Message(str):
    """English text of a message, with the template it was made from (``template``) and the values put in it
    (``values``, by name)."""

    template = ""
    values = {}

    def __new__(cls, template, values=None):
        message = super().__new__(cls, template.format(**values) if values else template)
        message.template, message.values = template, dict(values or {})
        return message

    def format(self, *args, **values):
        """The message with ``values`` put in its template (named fields only, as the translations need)."""
        if args:
            raise TypeError("a message's values are named: tr(...).format(name=value)")
        return Message(self.template, values)

    def said_in(self, translate):
        """The message in the words of ``translate`` (template -> translated template, its translation when there is
        one, else the template): values that are messages themselves are said in the same words."""
        values = {name: value.said_in(translate) if hasattr(value, "said_in") else value  # numbers keep their format
                  for name, value in self.values.items()}
        translated = translate(self.template) or self.template
        if not values:
            return translated
        if fields_of(translated) != fields_of(self.template):  # a translation that lost a field: say it in English
            translated = self.template
        return translated.format(**values)


def tr(template):
    """Mark ``template`` (a literal) as a message to translate; put values in with ``.format(name=value)``."""
    return Message(template)


def joined(messages, separator):
    """``messages`` (a non-empty list) as one message, each next one joined on by ``separator``: a template with the
    fields ``earlier`` and ``later`` (``tr("{earlier}; {later}")``), so that a translation joins them its own way (a
    plain ``"; ".join`` would give an English str)."""
    return functools.reduce(lambda earlier, later: separator.format(earlier=earlier, later=later), messages)


def said(text, translate):
    """``text`` in the words of ``translate`` when it is a :class:`Message` (or carries one, as ``LedgerInputError``
    does: anything with ``said_in``); any other text, or any other exception, as its str."""
    return text.said_in(translate) if hasattr(text, "said_in") else str(text)


def fields_of(template):
    """The names of the fields of ``template`` (a ``str.format`` template), as a set."""
    return {name for _, name, _, _ in _FIELDS.parse(template) if name is not None}
