"""``import chatdata`` defers ``rfc3987_syntax`` (:mod:`chatdata._deferred`), losing nothing."""

from __future__ import annotations

import json
import subprocess
import sys

PROBE = """
import json, sys
import chatdata, altair
deferred = type(sys.modules["rfc3987_syntax"]).__name__ == "_StandIn"
from jsonschema import Draft202012Validator, FormatChecker
iri = Draft202012Validator({"format": "iri"}, format_checker=FormatChecker())
print(json.dumps([deferred, iri.is_valid("https://example.org/caf\\u00e9"),
                  iri.is_valid("no iri ::"), type(sys.modules["rfc3987_syntax"]).__name__]))
"""


def test_altair_loads_without_the_iri_grammar_and_iri_checks_still_work():
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=120
    )
    deferred, valid, invalid, after = json.loads(done.stdout.strip().splitlines()[-1])
    assert deferred, "Altair's import loaded rfc3987_syntax's grammar"
    assert (valid, invalid) == (True, False)
    assert after == "module"  # the real module, loaded by the first check
