"""How the facts of an activity are worded in English, Finnish and French.

Terms carry their own English and Finnish labels (facts.Term); this module words what is
built around them: durations, contacts, a purpose with its basis, a recipient, a transfer,
and the marker of a missing fact. The vocabulary has no French labels, so a French document
shows English term labels inside French wording. Free text from the flow files (retention
triggers, descriptions) is shown as written.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from ..graph import _days  # the one wording of durations, as trace and diff show them
from .facts import Abroad, Contact, Entity, Processing, Purpose, Recipient, Retention, Term

Language = Literal["en", "fi", "fr"]

_UNITS: dict[Language, dict[str, tuple[str, str]]] = {
    "en": {"year": ("year", "years"), "month": ("month", "months"), "week": ("week", "weeks"),
           "day": ("day", "days")},
    "fi": {"year": ("vuosi", "vuotta"), "month": ("kuukausi", "kuukautta"),
           "week": ("viikko", "viikkoa"), "day": ("päivä", "päivää")},
    "fr": {"year": ("an", "ans"), "month": ("mois", "mois"), "week": ("semaine", "semaines"),
           "day": ("jour", "jours")},
}
_WORDS: dict[str, dict[Language, str]] = {
    "missing": {"en": "— missing", "fi": "— puuttuu", "fr": "— manquant"},
    "no finding": {"en": "no finding reported", "fi": "ei havaintoa",
                   "fr": "aucun constat"},
    "not in format": {"en": "— not recorded (the flow format has no field for it)",
                      "fi": "— ei kirjattu (kuvausmuodossa ei ole tälle kenttää)",
                      "fr": "— non renseigné (le format des flux n'a pas ce champ)"},
    "from": {"en": "from", "fi": "alkaen:", "fr": "à compter de :"},
    "automated": {"en": "decisions by automated means alone",
                  "fi": "yksinomaan automaattisia päätöksiä",
                  "fr": "décisions fondées exclusivement sur un traitement automatisé"},
    "no automated": {"en": "no decisions by automated means alone",
                     "fi": "ei yksinomaan automaattisia päätöksiä",
                     "fr": "aucune décision fondée exclusivement sur un traitement automatisé"},
    "profiling": {"en": "profiling", "fi": "profilointi", "fr": "profilage"},
    "safeguards": {"en": "safeguards:", "fi": "suojatoimet:", "fr": "garanties :"},
    "until": {"en": "until", "fi": "kunnes:", "fr": "jusqu'à :"},
    "legal ref": {"en": "under", "fi": "peruste:", "fr": "fondement :"},
    "generic": {"en": "generic wording", "fi": "yleisluontoinen ilmaus",
                "fr": "formulation générique"},
    "business id": {"en": "business ID", "fi": "Y-tunnus", "fr": "n° d'identification"},
    "via": {"en": "onward from", "fi": "tiedot välittää", "fr": "transmis par"},
    "dpa": {"en": "DPA", "fi": "käsittelysopimus", "fr": "contrat de sous-traitance"},
    "whole activity": {"en": "whole activity", "fi": "koko käsittely",
                       "fr": "tout le traitement"},
    "no role": {"en": "role", "fi": "rooli", "fr": "rôle"},
    "no mechanism": {"en": "mechanism", "fi": "siirtoperuste", "fr": "garantie"},
    "no basis": {"en": "legal basis", "fi": "oikeusperuste", "fr": "base légale"},
    "no country": {"en": "country unknown", "fi": "maa ei tiedossa", "fr": "pays inconnu"},
    "operated by": {"en": "system run by", "fi": "järjestelmän ylläpitäjä",
                    "fr": "système exploité par"},
    "unnamed operator": {"en": "an operator the map does not name",
                         "fi": "ylläpitäjää ei nimetty", "fr": "exploitant non nommé"},
    "consent": {"en": "consent obtained", "fi": "suostumus:", "fr": "consentement :"},
    "special": {"en": "special category", "fi": "erityinen henkilötietoryhmä",
                "fr": "catégorie particulière"},
    "criminal": {"en": "criminal offence data", "fi": "rikostuomioita ja rikoksia koskeva",
                 "fr": "infractions et condamnations"},
    "identity code": {"en": "national identification number", "fi": "kansallinen tunniste",
                      "fr": "numéro d'identification national"},
}

_RIGHTS: dict[str, dict[Language, str]] = {  # the keys of facts.rights()
    "access": {"en": "access (Art. 15)", "fi": "tarkastusoikeus (15 art.)",
               "fr": "accès (art. 15)"},
    "rectification": {"en": "rectification (Art. 16)", "fi": "oikaisu (16 art.)",
                      "fr": "rectification (art. 16)"},
    "erasure": {"en": "erasure (Art. 17)", "fi": "poistaminen (17 art.)",
                "fr": "effacement (art. 17)"},
    "restriction": {"en": "restriction (Art. 18)", "fi": "käsittelyn rajoittaminen (18 art.)",
                    "fr": "limitation (art. 18)"},
    "portability": {"en": "data portability (Art. 20)", "fi": "siirto-oikeus (20 art.)",
                    "fr": "portabilité (art. 20)"},
    "object": {"en": "objection (Art. 21)", "fi": "vastustamisoikeus (21 art.)",
               "fr": "opposition (art. 21)"},
    "withdraw": {"en": "withdrawal of consent (Art. 7(3))",
                 "fi": "suostumuksen peruuttaminen (7 art. 3 kohta)",
                 "fr": "retrait du consentement (art. 7(3))"},
}


@dataclass(frozen=True)
class Wording:
    """The words of one language; every method returns plain text."""

    language: Language

    def word(self, key: str) -> str:
        return _WORDS[key][self.language]

    def term(self, term: Term) -> str:
        return term.label(self.language)

    def terms(self, terms: Iterable[Term]) -> str:
        return ", ".join(dict.fromkeys(self.term(t) for t in terms))

    def right(self, key: str) -> str:
        """'access (Art. 15)': a right of `facts.rights()`."""
        return _RIGHTS[key][self.language]

    def missing(self, rules: Iterable[str]) -> str:
        """'— missing (ROPA-04)', the rule IDs of the findings that explain the gap."""
        found = sorted(set(rules))
        return f"{self.word('missing')} ({', '.join(found) or self.word('no finding')})"

    # -- durations and retention ----------------------------------------------------------

    def duration(self, days: int) -> str:
        """'2 years', '2 vuotta', '2 ans': the duration as written, recovered from days."""
        count, unit = _days(days).split(" ", 1)
        singular, plural = _UNITS[self.language][unit.rstrip("s")]
        return f"{count} {singular if count == '1' else plural}"

    def retention(self, retention: Retention) -> str:
        parts = []
        period = (self.duration(retention.days) if retention.days is not None
                  else f"'{retention.raw_days}'" if retention.raw_days else None)
        if period is not None:
            parts.append(period + (f" {self.word('from')} {retention.trigger}"
                                   if retention.trigger else ""))
        elif retention.trigger:
            parts.append(f"{self.word('until')} {retention.trigger}")
        if retention.criteria:
            parts.append(retention.criteria)
        text = "; ".join(parts)
        if retention.legal_ref:
            text += f" ({self.word('legal ref')} {retention.legal_ref})"
        if retention.generic:
            text += f" ({self.word('generic')})"
        return text

    # -- parties ----------------------------------------------------------------------------

    def entity(self, entity: Entity) -> str:
        """'Acme Contact Oy (Y-tunnus 1234567-8), Esimerkkikatu 1, privacy@acme.example'."""
        name = entity.name
        if entity.business_id:
            name += f" ({self.word('business id')} {entity.business_id})"
        return ", ".join((name, *entity.channels))

    def contact(self, contact: Contact) -> str:
        return ", ".join(c for c in (contact.name, *contact.channels) if c)

    # -- purposes ---------------------------------------------------------------------------

    def basis(self, purpose: Purpose, missing: str) -> str:
        """'customer care: contract (Art. 6(1)(b))', with the marker when none is stated."""
        bases = self.terms(purpose.bases) or missing
        return f"{self.term(purpose.purpose)}: {bases}"

    def untied(self, processing: Processing) -> list[str]:
        return [f"{self.word('whole activity')}: {self.term(b)}"
                for b in processing.untied_bases]

    def conditions(self, purpose: Purpose) -> str | None:
        """'human resource management: <Art. 9(2) condition>; <national law>'."""
        parts = [self.terms(purpose.art9), self.terms(purpose.national_law)]
        if purpose.art10:
            parts.append(purpose.art10)
        text = "; ".join(p for p in parts if p)
        return f"{self.term(purpose.purpose)}: {text}" if text else None

    # -- recipients and transfers -----------------------------------------------------------

    def place(self, recipient: Recipient) -> str:
        return self.terms(recipient.countries) or self.word("no country")

    def recipient(self, recipient: Recipient, role_missing: str) -> str:
        """'Transcribe Inc. (sub-processor, United States; onward from CallCloud Oy)'."""
        role = self.term(recipient.role) if recipient.role else role_missing
        text = f"{recipient.name} ({role}, {self.place(recipient)}"
        if recipient.via:
            text += f"; {self.word('via')} {recipient.via}"
        return text + ")"

    def transfer(self, recipient: Recipient, mechanism_missing: str) -> str:
        """'Deskflow Inc. (United States): Commission standard contractual clauses'."""
        mechanisms = self.terms(recipient.mechanisms) or mechanism_missing
        via = f"; {self.word('via')} {recipient.via}" if recipient.via else ""
        return f"{recipient.name} ({self.place(recipient)}{via}): {mechanisms}"

    def abroad(self, abroad: Abroad, mechanism_missing: str) -> str:
        operator = abroad.operator or self.word("unnamed operator")
        mechanisms = self.terms(abroad.mechanisms) or mechanism_missing
        return (f"{abroad.name} ({self.term(abroad.country)}; {self.word('operated by')} "
                f"{operator}): {mechanisms}")
