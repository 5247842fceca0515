"""The sentences of a privacy notice in English and Finnish, around the facts.

Finnish is written as a Finnish data protection officer writes a tietosuojaseloste, not
translated word for word; term labels come from the ontology (facts.Term), free text from the
flow files is shown as written. The supervisory authority's contact details are public facts
(tietosuoja.fi), worded here in the project's own words.
"""

from __future__ import annotations

from .sections import NoticeLanguage

_PHRASES: dict[str, dict[NoticeLanguage, str]] = {
    "title": {"en": "Privacy notice: {subject}", "fi": "Tietosuojaseloste: {subject}"},
    "intro": {
        "en": "This notice explains how {controllers} processes your personal data: what we "
              "process and why, on which legal basis, where the data comes from, who "
              "receives it, how long it is kept and what rights you have (EU General Data "
              "Protection Regulation, Articles 13 and 14). It is written for this group of "
              "data subjects: {subject}.",
        "fi": "Tässä tietosuojaselosteessa kerromme, miten {controllers} käsittelee "
              "henkilötietojasi: mitä tietoja käsittelemme ja miksi, millä oikeusperusteella, "
              "mistä tiedot saadaan, kenelle niitä luovutetaan, kuinka kauan niitä "
              "säilytetään ja mitä oikeuksia sinulla on (EU:n yleinen tietosuoja-asetus, 13 "
              "ja 14 artikla). Seloste koskee seuraavaa rekisteröityjen ryhmää: {subject}."},
    "covers": {"en": "Processing activities covered: {names}.",
               "fi": "Seloste kattaa seuraavat käsittelytoimet: {names}."},
    "no subjects": {"en": "{name} (its data subjects are not stated: {marker})",
                    "fi": "{name} (rekisteröityjen ryhmiä ei ole kuvattu: {marker})"},
    "footer": {
        "en": "Written from the flow files by `dataflow notice`. A fact they do not state "
              "reads “— missing”, with the rule that reports it.",
        "fi": "Laadittu käsittelytoimien kuvauksista (`dataflow notice`). Kohta, jota "
              "kuvaukset eivät kerro, on merkitty puuttuvaksi (“— puuttuu”), ja merkinnässä "
              "mainitaan asiasta kertova sääntö."},
    "article": {"en": "GDPR Art. {article}", "fi": "tietosuoja-asetuksen {article} art."},
    "automated": {"en": "{name}: decisions about you are made by automated means alone",
                  "fi": "{name}: sinua koskevia päätöksiä tehdään yksinomaan automaattisesti"},
    "effect": {"en": "Effect on you: {term}.", "fi": "Vaikutus sinuun: {term}."},
    "exception": {"en": "Allowed by: {term}.", "fi": "Peruste: {term}."},
    "safeguards": {"en": "Safeguards: {safeguards}.",
                   "fi": "Suojatoimet: {safeguards}."},
    "profiling": {"en": "{name}: your data is used for profiling",
                  "fi": "{name}: tietojasi käytetään profilointiin"},
    "representative": {"en": "Representative in the EU: {contact}",
                       "fi": "Edustaja EU:ssa: {contact}"},
    "joint": {"en": "{entity} (joint controller: {activity})",
              "fi": "{entity} (yhteisrekisterinpitäjä: {activity})"},
    "special": {"en": "{purpose} (sensitive data): {conditions}",
                "fi": "{purpose} (arkaluonteiset tiedot): {conditions}"},
    "from others": {
        "en": "Part of the data is not collected from you: its sources are listed above "
              "(GDPR Art. 14(2)(f)).",
        "fi": "Osa tiedoista saadaan muualta kuin sinulta itseltäsi; tietolähteet on lueteltu "
              "edellä (tietosuoja-asetuksen 14 art. 2 kohdan f alakohta)."},
    "country": {"en": "country: {marker}", "fi": "maa: {marker}"},
    "public": {"en": "publicly accessible source", "fi": "julkisesti saatavilla oleva lähde"},
    "copy": {"en": "You can obtain a copy of the safeguards of these transfers from {contact}.",
             "fi": "Jäljennöksen siirtoja koskevista suojatoimista saat pyytämällä "
                   "osoitteesta {contact}."},
    "applies": {"en": "applies to: {names}", "fi": "koskee käsittelytoimia: {names}"},
    "undetermined": {
        "en": "{name}: which other rights apply depends on the legal basis, which is not "
              "stated: {marker}",
        "fi": "{name}: muut oikeudet riippuvat käsittelyn oikeusperusteesta, jota ei ole "
              "kerrottu: {marker}"},
    "exercise": {"en": "To exercise your rights, contact {contact}.",
                 "fi": "Voit käyttää oikeuksiasi ottamalla yhteyttä: {contact}."},
    "complaint": {
        "en": "If you consider that the processing of your personal data infringes data "
              "protection law, you have the right to lodge a complaint with a supervisory "
              "authority. In Finland this is the Data Protection Ombudsman "
              "(Tietosuojavaltuutettu). You may also complain in the EU country where you "
              "live or work, or where the infringement took place.",
        "fi": "Jos katsot, että henkilötietojesi käsittelyssä rikotaan tietosuojasäännöksiä, "
              "sinulla on oikeus tehdä valitus valvontaviranomaiselle. Suomessa "
              "valvontaviranomainen on tietosuojavaltuutettu. Voit tehdä valituksen myös "
              "siinä EU-maassa, jossa asut tai työskentelet tai jossa rikkomus tapahtui."},
    "authority": {
        "en": "Office of the Data Protection Ombudsman: visiting address Lintulahdenkuja 4, "
              "00530 Helsinki; postal address P.O. Box 800, 00531 Helsinki, Finland; "
              "switchboard +358 29 566 6700; e-mail tietosuoja@om.fi; tietosuoja.fi/en",
        "fi": "Tietosuojavaltuutetun toimisto: käyntiosoite Lintulahdenkuja 4, 00530 "
              "Helsinki; postiosoite PL 800, 00531 Helsinki; puhelinvaihde 029 566 6700; "
              "sähköposti tietosuoja@om.fi; tietosuoja.fi"},
    "contract": {
        "en": "a contractual requirement: the data is needed to enter into or perform the "
              "contract, and without it we cannot do so",
        "fi": "sopimukseen perustuva vaatimus: tiedot tarvitaan sopimuksen tekemiseen tai "
              "täyttämiseen, eikä sopimusta voida ilman niitä tehdä tai täyttää"},
    "statutory": {
        "en": "a statutory requirement: we process the data to meet a legal obligation",
        "fi": "lakisääteinen vaatimus: käsittelemme tietoja lakisääteisen velvoitteen "
              "täyttämiseksi"},
    "voluntary": {
        "en": "voluntary: we process the data for this purpose only with your consent",
        "fi": "vapaaehtoista: käsittelemme tietoja tähän tarkoitukseen vain "
              "suostumuksellasi"},
}

_RIGHTS: dict[str, dict[NoticeLanguage, str]] = {  # the keys of facts.rights()
    "access": {
        "en": "Right of access (Art. 15): you may ask whether we process your personal data "
              "and receive a copy of it.",
        "fi": "Tarkastusoikeus (15 art.): voit saada tietää, käsittelemmekö henkilötietojasi, "
              "ja saada jäljennöksen tiedoistasi."},
    "rectification": {
        "en": "Right to rectification (Art. 16): you may have inaccurate or incomplete data "
              "corrected.",
        "fi": "Oikeus tietojen oikaisemiseen (16 art.): voit vaatia virheellisen tai "
              "puutteellisen tiedon korjaamista."},
    "erasure": {
        "en": "Right to erasure (Art. 17): you may ask us to erase your data, for example "
              "when it is no longer needed for its purpose.",
        "fi": "Oikeus tietojen poistamiseen (17 art.): voit pyytää tietojesi poistamista "
              "esimerkiksi silloin, kun niitä ei enää tarvita käsittelyn tarkoitukseen."},
    "restriction": {
        "en": "Right to restriction of processing (Art. 18): you may ask us only to store "
              "your data, for example while its accuracy is being checked.",
        "fi": "Oikeus käsittelyn rajoittamiseen (18 art.): voit pyytää, että tietojasi "
              "ainoastaan säilytetään, esimerkiksi sen ajan, kun niiden paikkansapitävyyttä "
              "selvitetään."},
    "portability": {
        "en": "Right to data portability (Art. 20): you may receive the data you gave us in "
              "a machine-readable format and have it passed to another controller.",
        "fi": "Oikeus siirtää tiedot järjestelmästä toiseen (20 art.): voit saada antamasi "
              "tiedot koneluettavassa muodossa ja siirtää ne toiselle rekisterinpitäjälle."},
    "object": {
        "en": "Right to object (Art. 21): on grounds relating to your particular situation "
              "you may object to processing based on legitimate interests or on a task in "
              "the public interest; to direct marketing you may object at any time.",
        "fi": "Vastustamisoikeus (21 art.): voit henkilökohtaiseen erityiseen tilanteeseesi "
              "liittyvällä perusteella vastustaa käsittelyä, joka perustuu oikeutettuun "
              "etuun tai yleisen edun mukaiseen tehtävään; suoramarkkinointia voit vastustaa "
              "milloin tahansa."},
    "withdraw": {
        "en": "Right to withdraw consent (Art. 7(3)): you may withdraw your consent at any "
              "time; this does not affect the lawfulness of the processing before the "
              "withdrawal.",
        "fi": "Oikeus peruuttaa suostumus (7 art. 3 kohta): voit peruuttaa suostumuksesi "
              "milloin tahansa; peruuttaminen ei vaikuta ennen sitä tehdyn käsittelyn "
              "lainmukaisuuteen."},
}


def phrase(key: str, language: NoticeLanguage, **values: str) -> str:
    """The sentence `key` in `language`, with the facts filled in."""
    return _PHRASES[key][language].format(**values)


def right(key: str, language: NoticeLanguage) -> str:
    """A right of `facts.rights()` with what it lets the data subject do."""
    return _RIGHTS[key][language]
