"""osmose: verified exercises and spaced repetition for the mathematics of ML.

The engine never imports click and never prints; ``cli.py`` is the only
front end that talks to a terminal.
"""

from pathlib import Path

__version__ = "0.1.0"

#: The repository is also the built-in knowledge base.
BUILTIN_KB = Path(__file__).resolve().parent.parent
