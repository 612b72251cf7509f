"""The one exception type the CLI turns into a one-line error."""


class KGraphError(Exception):
    """A problem with the user's input or environment, shown as one line.

    >>> str(KGraphError("no such file: a.txt"))
    'no such file: a.txt'
    """
