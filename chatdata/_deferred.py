"""Defer an import that every kernel pays for and almost none uses.

``jsonschema`` (pulled in by Altair and nbformat) imports ``rfc3987_syntax`` when installed, to
check the ``iri`` string format, and that module builds a Lark grammar as it loads: about 1 s
of a 2-4 s kernel start on this project's machines, for a check nothing here asks for. Before
anything imports ``jsonschema``, :func:`defer_iri_syntax` puts a stand-in under that name whose
``is_valid_syntax`` loads the real module on first call (any other attribute does too), so the
check works as before and costs nothing until used.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types
from typing import Any

NAME = "rfc3987_syntax"


def _real() -> types.ModuleType:
    """The real module, loaded now if the stand-in still holds its name."""
    if isinstance(sys.modules.get(NAME), _StandIn):
        del sys.modules[NAME]
    return importlib.import_module(NAME)


class _StandIn(types.ModuleType):
    """``rfc3987_syntax`` until something really uses it."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # the import system asks for __path__ and the like
            raise AttributeError(name)
        return getattr(_real(), name)


def _is_valid_syntax(*args: Any, **kwargs: Any) -> bool:
    return _real().is_valid_syntax(*args, **kwargs)


def defer_iri_syntax() -> bool:
    """Install the stand-in; False when the module is absent or already loaded."""
    if NAME in sys.modules or "jsonschema._format" in sys.modules:
        return False
    if importlib.util.find_spec(NAME) is None:
        return False
    stand_in = _StandIn(NAME, __doc__)
    stand_in.is_valid_syntax = _is_valid_syntax  # type: ignore[attr-defined]
    sys.modules[NAME] = stand_in
    return True
