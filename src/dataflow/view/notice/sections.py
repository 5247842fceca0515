"""The sections of an Art. 13/14 privacy notice, as one table of data.

Each section names what GDPR Art. 13 (data collected from the data subject) and Art. 14
(data obtained elsewhere) require it to say, its heading in English and Finnish, the graph
facts it is written from, the rules whose findings explain a gap, and what an empty section
means. `dataflow notice` fills the sections from the facts of the audience's activities
(content.py); a check of a published notice reads the same table, so both agree on what a
notice must contain.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

NoticeLanguage = Literal["en", "fi"]
LANGUAGES: tuple[NoticeLanguage, ...] = ("en", "fi")

Empty = Literal["missing", "none"]
"""What an empty section means: a fact the notice must state and the map lacks (`missing`),
an empty list that is itself a fact (`none`: no transfers), or a fact the flow format has no
field for (`unrecorded`)."""


@dataclass(frozen=True)
class Section:
    id: str
    article: str
    """The items of Art. 13 and 14 the section answers."""
    heading: Mapping[NoticeLanguage, str]
    facts: str
    """The graph facts behind it (for the documentation and the published-notice check)."""
    rules: tuple[str, ...] = ()
    """Rules whose findings on the audience's activities explain a gap."""
    empty: Empty = "missing"
    none: Mapping[NoticeLanguage, str] | None = None
    """What an empty `none` section says."""


SECTIONS: tuple[Section, ...] = (
    Section("controller", "13(1)(a), 14(1)(a)",
            {"en": "Controller and contact details",
             "fi": "Rekisterinpitäjä ja yhteystiedot"},
            "df:organisation of each activity: dpv:hasName, df:businessId, dpv:hasAddress, "
            "df:email, df:phone; dpv:hasRepresentative; joint controllers "
            "(dpv:hasDataController)", ("ROPA-01", "ROLE-01")),
    Section("dpo", "13(1)(b), 14(1)(b)",
            {"en": "Data protection officer", "fi": "Tietosuojavastaavan yhteystiedot"},
            "dpv:hasDataProtectionOfficer of the organisation: name, e-mail, phone, address",
            empty="none",
            none={"en": "No data protection officer has been designated.",
                  "fi": "Tietosuojavastaavaa ei ole nimetty."}),
    Section("purposes", "13(1)(c), 14(1)(c)",
            {"en": "Purposes of the processing and their legal bases",
             "fi": "Käsittelyn tarkoitukset ja oikeusperusteet"},
            "dpv:hasPurpose and dpv:hasLegalBasis of each df:PurposeBasis, per activity; "
            "df:art9Condition, df:nationalLaw, df:art10Ground",
            ("ROPA-02", "LB-01", "LB-02", "SC-01", "CRIM-01", "FI-HETU-01")),
    Section("legitimate-interests", "13(1)(d), 14(2)(b)",
            {"en": "Legitimate interests", "fi": "Oikeutetut edut"},
            "the df:description of each purpose whose basis is Art. 6(1)(f)",
            empty="none",
            none={"en": "We do not process your personal data on the basis of legitimate "
                        "interests.",
                  "fi": "Emme käsittele henkilötietojasi oikeutetun edun perusteella."}),
    Section("data", "14(1)(d)",
            {"en": "Categories of personal data", "fi": "Käsiteltävät henkilötiedot"},
            "dpv:hasPersonalData of the activities; special categories, criminal-offence "
            "data and national identification numbers marked", ("ROPA-03",)),
    Section("sources", "14(2)(f)",
            {"en": "Where the data comes from", "fi": "Säännönmukaiset tietolähteet"},
            "dpv:hasDataSource of each activity: source terms and parties; a source other "
            "than the data subject brings in Art. 14"),
    Section("recipients", "13(1)(e), 14(1)(e)",
            {"en": "Recipients", "fi": "Tietojen vastaanottajat"},
            "the receiver of each flow that carries the activities' data, directly or onward "
            "(df:to), with df:recipientRole and the countries the flow reaches",
            ("ROPA-04",), "none",
            {"en": "The data is not disclosed or transferred to anyone.",
             "fi": "Tietoja ei luovuteta eikä siirretä kenellekään."}),
    Section("transfers", "13(1)(f), 14(1)(f)",
            {"en": "Transfers outside the EU and EEA",
             "fi": "Tietojen siirrot EU:n ja ETA:n ulkopuolelle"},
            "recipients whose flow reaches a country outside the EEA, and systems abroad, "
            "with df:transferMechanism; where a copy of the safeguards is obtained",
            ("ROPA-05", "XFER-01", "XFER-05"), "none",
            {"en": "The data is not transferred outside the EU or the EEA.",
             "fi": "Tietoja ei siirretä EU:n tai ETA:n ulkopuolelle."}),
    Section("retention", "13(2)(a), 14(2)(a)",
            {"en": "How long the data is kept", "fi": "Tietojen säilytysaika"},
            "dpv:hasStorageCondition of each activity (for the data categories it holds): "
            "df:retentionDays from df:retentionTrigger, df:retentionCriteria, "
            "df:retentionLegalRef", ("RET-01", "RET-02", "ROPA-06")),
    Section("rights", "13(2)(b)-(c), 14(2)(c)-(d)",
            {"en": "Your rights", "fi": "Rekisteröidyn oikeudet"},
            "derived from the legal bases of each activity: portability under 6(1)(a)/(b), "
            "objection under 6(1)(e)/(f), withdrawal under consent", ("LB-01", "LB-02")),
    Section("complaint", "13(2)(d), 14(2)(e)",
            {"en": "Right to lodge a complaint",
             "fi": "Oikeus tehdä valitus valvontaviranomaiselle"},
            "fixed: the Finnish supervisory authority (Tietosuojavaltuutettu)"),
    Section("requirement", "13(2)(e)",
            {"en": "Is providing the data required?",
             "fi": "Onko tietojen antaminen pakollista?"},
            "derived from the legal basis of each purpose: a contractual requirement under "
            "6(1)(b), a statutory one under 6(1)(c), voluntary under consent; not in the "
            "flow format otherwise", ("LB-01", "LB-02")),
    Section("automated-decisions", "13(2)(f), 14(2)(g)",
            {"en": "Automated decision-making and profiling",
             "fi": "Automaattinen päätöksenteko ja profilointi"},
            "df:processingContext dpv:AutomatedDecisionMaking of each activity, with "
            "df:decisionEffect, df:art22Exception and df:art22Safeguard; dpv:Profiling",
            ("ADM-01", "ADM-02", "ADM-03"), "none",
            {"en": "No decisions about you are made by automated means alone.",
             "fi": "Sinua koskevia päätöksiä ei tehdä yksinomaan automaattisesti."}),
)

SECTION_IDS: tuple[str, ...] = tuple(s.id for s in SECTIONS)


def section(section_id: str) -> Section:
    return next(s for s in SECTIONS if s.id == section_id)
