"""The record layouts of the authorities, as data: which fields, in which order, under which
label, for a controller's record (Art. 30(1)) and a processor's (Art. 30(2)).

- `art30`: the items of Art. 30 itself, in English.
- `fi`: the layout of the Finnish Data Protection Ombudsman's (Tietosuojavaltuutettu)
  templates, in Finnish: the Art. 30 items plus the legal basis and the transfer mechanism.
- `cnil`: the CNIL's register, in French: a name and description of the processing, the
  legal basis, non-sensitive and sensitive data apart, recipients by type, processor
  contracts, transfers with their guarantees, security measures.
- `ico`: the ICO's documentation template, in English: adds the sources, the legitimate
  interests, the Art. 9 conditions, the rights, automated decisions and the DPIA.

The labels are the project's own wording of each authority's headings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .wording import Language

Role = Literal["controller", "processor"]
ROLES: tuple[Role, ...] = ("controller", "processor")


@dataclass(frozen=True)
class Profile:
    name: str
    language: Language
    titles: dict[Role, str]
    columns: dict[Role, tuple[tuple[str, str], ...]]
    """role -> (field id, column label) in order."""


_ART30 = Profile(
    "art30", "en",
    {"controller": "Record of processing activities (GDPR Art. 30(1))",
     "processor": "Record of categories of processing activities carried out on behalf of "
                  "a controller (GDPR Art. 30(2))"},
    {"controller": (
        ("activity", "Processing activity"),
        ("controller", "Controller (name and contact details)"),
        ("dpo", "Data protection officer"),
        ("representative", "Representative in the EU"),
        ("joint-controllers", "Joint controllers"),
        ("purposes", "Purposes of the processing"),
        ("subjects", "Categories of data subjects"),
        ("data", "Categories of personal data"),
        ("recipients", "Categories of recipients"),
        ("countries", "Third countries or international organisations"),
        ("transfers", "Transfers and their safeguards"),
        ("retention", "Time limits for erasure"),
        ("measures", "Technical and organisational security measures"),
    ), "processor": (
        ("activity", "Processing activity"),
        ("controller", "Processor (name and contact details)"),
        ("dpo", "Data protection officer"),
        ("representative", "Representative in the EU"),
        ("controllers", "Controllers on whose behalf the processor acts"),
        ("processing", "Categories of processing carried out for each controller"),
        ("countries", "Third countries or international organisations"),
        ("transfers", "Transfers and their safeguards"),
        ("measures", "Technical and organisational security measures"),
    )})

_FI = Profile(
    "fi", "fi",
    {"controller": "Seloste käsittelytoimista (rekisterinpitäjä, EU:n tietosuoja-asetuksen "
                   "30 artiklan 1 kohta)",
     "processor": "Seloste käsittelytoimista (henkilötietojen käsittelijä, EU:n "
                  "tietosuoja-asetuksen 30 artiklan 2 kohta)"},
    {"controller": (
        ("activity", "Käsittelytoimi"),
        ("controller", "Rekisterinpitäjän nimi ja yhteystiedot"),
        ("dpo", "Tietosuojavastaavan yhteystiedot"),
        ("representative", "Edustajan yhteystiedot"),
        ("joint-controllers", "Yhteisrekisterinpitäjät"),
        ("purposes", "Käsittelyn tarkoitukset"),
        ("legal-basis", "Käsittelyn oikeusperuste"),
        ("subjects", "Rekisteröityjen ryhmät"),
        ("data", "Henkilötietoryhmät"),
        ("recipients", "Vastaanottajat ja vastaanottajaryhmät"),
        ("countries", "Siirrot kolmansiin maihin tai kansainvälisille järjestöille"),
        ("transfers", "Siirtoperuste ja suojatoimet"),
        ("retention", "Tietoryhmien poistamisen määräajat (säilytysajat)"),
        ("measures", "Teknisten ja organisatoristen turvatoimien yleinen kuvaus"),
    ), "processor": (
        ("activity", "Käsittelytoimi"),
        ("controller", "Käsittelijän nimi ja yhteystiedot"),
        ("dpo", "Tietosuojavastaavan yhteystiedot"),
        ("representative", "Edustajan yhteystiedot"),
        ("controllers", "Rekisterinpitäjät, joiden lukuun tietoja käsitellään"),
        ("processing", "Rekisterinpitäjän lukuun suoritettavien käsittelyjen ryhmät"),
        ("sub-processors", "Alihankkijat"),
        ("countries", "Siirrot kolmansiin maihin tai kansainvälisille järjestöille"),
        ("transfers", "Siirtoperuste ja suojatoimet"),
        ("measures", "Teknisten ja organisatoristen turvatoimien yleinen kuvaus"),
    )})

_CNIL = Profile(
    "cnil", "fr",
    {"controller": "Registre des activités de traitement (article 30.1 du RGPD)",
     "processor": "Registre des catégories d'activités de traitement effectuées pour le "
                  "compte de responsables de traitement (article 30.2 du RGPD)"},
    {"controller": (
        ("activity", "Nom du traitement"),
        ("description", "Description du traitement"),
        ("controller", "Responsable du traitement"),
        ("dpo", "Délégué à la protection des données"),
        ("representative", "Représentant"),
        ("joint-controllers", "Responsables conjoints"),
        ("purposes", "Finalités"),
        ("legal-basis", "Base légale"),
        ("subjects", "Catégories de personnes concernées"),
        ("data-common", "Catégories de données personnelles"),
        ("data-sensitive", "Données sensibles"),
        ("retention", "Durées de conservation"),
        ("recipients-typed", "Destinataires (par type)"),
        ("contracts", "Contrats de sous-traitance"),
        ("transfers", "Transferts hors UE (destinataire, pays, garanties)"),
        ("measures", "Mesures de sécurité"),
    ), "processor": (
        ("activity", "Nom du traitement"),
        ("controller", "Sous-traitant"),
        ("dpo", "Délégué à la protection des données"),
        ("representative", "Représentant"),
        ("controllers", "Responsables de traitement pour le compte desquels le "
                        "sous-traitant agit"),
        ("processing", "Catégories de traitements effectués"),
        ("sub-processors", "Sous-traitants ultérieurs"),
        ("transfers", "Transferts hors UE (destinataire, pays, garanties)"),
        ("measures", "Mesures de sécurité"),
    )})

_ICO = Profile(
    "ico", "en",
    {"controller": "Record of processing activities (ICO documentation template)",
     "processor": "Record of processing activities as a processor (ICO documentation "
                  "template)"},
    {"controller": (
        ("activity", "Processing activity"),
        ("controller", "Controller (name and contact details)"),
        ("dpo", "Data protection officer"),
        ("representative", "Representative"),
        ("joint-controllers", "Joint controllers"),
        ("purposes", "Purposes of processing"),
        ("legal-basis", "Article 6 lawful basis"),
        ("legitimate-interests", "Legitimate interests pursued"),
        ("art9", "Article 9 condition or national law for special category data"),
        ("subjects", "Categories of individuals"),
        ("data", "Categories of personal data"),
        ("sources", "Source of the personal data"),
        ("recipients", "Categories of recipients"),
        ("contracts", "Contracts with processors"),
        ("countries", "Third countries"),
        ("transfers", "Safeguards for transfers to third countries"),
        ("retention", "Retention schedule"),
        ("measures", "Technical and organisational security measures"),
        ("rights", "Rights available to individuals"),
        ("automated-decisions", "Automated decision-making, including profiling"),
        ("dpia", "Data protection impact assessment"),
    ), "processor": (
        ("activity", "Processing activity"),
        ("controller", "Processor (name and contact details)"),
        ("dpo", "Data protection officer"),
        ("representative", "Representative"),
        ("controllers", "Controllers on whose behalf we act"),
        ("processing", "Categories of processing"),
        ("sub-processors", "Sub-processors"),
        ("countries", "Third countries"),
        ("transfers", "Safeguards for transfers to third countries"),
        ("measures", "Technical and organisational security measures"),
    )})

PROFILES: dict[str, Profile] = {p.name: p for p in (_ART30, _FI, _CNIL, _ICO)}
