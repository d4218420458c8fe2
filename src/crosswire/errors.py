"""One root exception for the library; everything it raises on purpose derives from it."""


class CrosswireError(Exception):
    """Root of every error crosswire raises on purpose."""


class InputError(CrosswireError):
    """An input cannot be read as a page (empty, binary, too large, unreachable, corrupt)."""


class ConfigError(CrosswireError):
    """A setting or argument is invalid (a programming or configuration error): raised."""
