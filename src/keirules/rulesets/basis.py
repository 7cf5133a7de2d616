"""The legal basis a built-in rule set owes every rule, and the addresses it may never cite.

A built-in rule set is the project's word on the law, so each of its rules must rest on a source
that names its instrument or citation and says how its figures were verified (``text`` or
``secondary``). User and plugin rule sets may omit these. No data file of the project cites a
copy of another site (a Wikipedia mirror, a scraped document, a copy of a statute or a bill), a
forum, or an aggregator: the original is cited, or the copy is described without its address.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Final
from urllib.parse import urlparse

from keirules.errors import RuleSetError
from keirules.rulesets.model import RuleSet
from keirules.yamlload import Document

__all__ = ["COPY_DOMAINS", "is_copy", "require_legal_basis"]

#: Hosts that copy other sites (encyclopedia mirrors, document scrapers, statute and bill
#: copies, archives, aggregators) or are forums. A subdomain of one counts as it, and so does
#: a bare IP address (a proxy in front of another site).
COPY_DOMAINS: Final = frozenset({
    # encyclopedia mirrors
    "brorelol.gay", "eyes4you.org", "wikizero.org", "wikiwand.com", "kids.net.au",
    "everybodywiki.com", "wikisum.wiki", "wikiup.org", "artikeldigital.com", "wiki2.org",
    "wikimili.com", "liquisearch.com", "gutenberg.org", "cgpt.es", "dbpedia.org",
    "wikibrief.org", "wiki.edu.vn",
    # more encyclopedia mirrors, found in the example vehicles' sources
    "piglix.com", "ford-wiki.com", "wiki.li", "wikien4.appspot.com", "iiab.me",
    "fr-academic.com", "franco.wiki", "pinocchiopedia.com", "profilpelajar.com",
    "siakadpt.com", "mobilwpimpor.blogspot.com",
    # copies served through query pages of one template (view_html.php?q=...&sq=...)
    "askwikinow.com", "clateway.com", "pwojczyn.com",
    # copies of other wikis, AI rewrites of encyclopedia articles, fan wikis that copy them
    "mirror.rigvedawiki.net", "wipi.ai.kr", "classiccars.fandom.com",
    # forums
    "zawazawa.jp", "5ch.net", "2ch.net", "reddit.com", "chiebukuro.yahoo.co.jp",
    # scraped documents and copies of official texts
    "scribd.com", "autodocbox.com", "mydoc123.com", "elaws.us", "ecfr.io", "laws9.com",
    "justia.com", "starelectriccars.com", "adivasidom.in", "readkong.com", "swartzcpa.net",
    "lawserver.com", "findlaw.com", "casetext.com", "onecle.com", "laws.com",
    "uslawyerdatabase.com", "self-law.org", "getpocketlaw.com", "courtgpt.ai", "lexace.ai",
    "public.law", "eumonitor.eu", "gesetze.legal", "legiplex.com", "fastdemocracy.com",
    "legiscan.com", "billtrack50.com", "policyrisk.com", "expydoc.com", "law.cornell.edu",
    "counselstack.com", "abcdocz.com", "zbook.org", "vdocuments.net", "vdocuments.mx",
    "docplayer.net", "doczz.net", "yumpu.com", "fdocuments.net", "fdocuments.in", "docslib.org",
    "moam.info",
    # copies of manufacturers' manuals
    "manualmachine.com",
    # archives and aggregators
    "archive.fo", "archive.ph", "archive.today", "archive.is", "briefly.co", "particle.news",
})
_HOST: Final = re.compile(r"^[a-z0-9.-]+$")


def is_copy(url: str) -> bool:
    """Whether ``url`` is on a host that copies other sites, or a forum."""
    host = (urlparse(url).hostname or "").lower().rstrip(".")  # "host.com." is "host.com"
    if not _HOST.match(host):
        return False
    if _is_address(host):
        return True  # a bare IP address: a proxy or copy, never the original's own name
    parts = host.split(".")
    return any(".".join(parts[i:]) in COPY_DOMAINS for i in range(len(parts)))


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def require_legal_basis(ruleset: RuleSet, document: Document) -> None:
    """Refuse a built-in rule set with a rule whose source lacks its legal basis."""
    for index, rule in enumerate(ruleset.rules):
        if rule.defined_in != ruleset.name:
            continue  # inherited: checked in the file that defines it
        source = rule.source
        if not source.has_legal_basis:
            position = _rule_position(document, rule.id, index)
            missing = [key for key, value in (("verified", source.verified),
                                              ("instrument or citation",
                                               source.instrument or source.citation))
                       if not value]
            raise RuleSetError(
                f"rule '{rule.id}' cites the source '{source.key}', which lacks "
                f"{' and '.join(missing)}; every rule of a built-in rule set names its legal "
                "basis.", file=document.file, line=document.line(position),
                field=".".join(str(p) for p in position),
                expected="sources.KEY with title, instrument or citation, url (the official "
                "text), verified: text or secondary, and evidence")


def _rule_position(document: Document, rule_id: str, index: int) -> tuple[str | int, ...]:
    rules = document.data.get("rules") if isinstance(document.data, dict) else None
    if isinstance(rules, list):
        for i, raw in enumerate(rules):
            if isinstance(raw, dict) and raw.get("id") == rule_id:
                return ("rules", i, "source")
    return ("rules", index)
