"""Errors the library raises for users to read: one line, what and why."""


class KGError(Exception):
    """A problem the user can fix; the command line prints it as one line."""
