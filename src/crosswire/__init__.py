"""crosswire: from many outlets' coverage of one story to a story dossier."""

__version__ = "0.1.0"
