"""Files scanned by the privacy gate's rules while a build is still making the others.

The atlas publishes hundreds to thousands of county profiles. Scanned all at once after the
last one was built, they were ~3 s of a Hebei run (190 profiles) during which one of the two
cores sat idle. `ScansAhead` scans each page as it is placed in the staging folder, with the
signatures the gate will use; the gate (`privacy_gate.scan_site(..., ahead=)`) still reads
every file it is about to publish, and takes an earlier scan's findings only for a file whose
text is the very text scanned, against the very same signatures. So the guarantee is unchanged:
every published byte is checked before the swap, and one finding stops the publishing.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable

from .privacy_gate import Finding, registered_signatures, scan_file, survey_signatures


def _digest(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).digest()


class ScansAhead:
    """Findings of files scanned early, by name, with a digest of the text scanned."""

    def __init__(self, known: set[str]):
        self.known = frozenset(known)
        self._done: dict[str, tuple[bytes, list[Finding]]] = {}
        self._agreed: object = None  # the gate's signature set last found equal to `known`

    @classmethod
    def for_parameters(cls, parameters: Iterable[dict]) -> ScansAhead:
        """Against the signatures `scan_site(parameters=...)` uses for these runs' surveys."""
        return cls(registered_signatures() | survey_signatures(parameters))

    def scan(self, name: str, text: str, suffix: str) -> list[Finding]:
        """Scan one file as the gate would (`name` relative to the site folder the gate scans)."""
        found = scan_file(name, text, suffix, self.known)
        self._done[name] = (_digest(text), found)
        return found

    def findings(self, name: str, text: str, known: set[str]) -> list[Finding] | None:
        """The findings of `name` if it was scanned with this text and these signatures; else None."""
        done = self._done.get(name)
        if done is None:
            return None
        if known is not self._agreed:
            if known != self.known:
                return None
            self._agreed = known
        return done[1] if done[0] == _digest(text) else None
