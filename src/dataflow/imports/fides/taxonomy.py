"""The mapping of Fides's taxonomy and enumerations to dataflow's terms, as data.

Each taxonomy table maps a Fides key to a dataflow term (an alias or a CURIE of ontology/) and
whether the two mean the same. When they do (EXACT), the flow file gets the dataflow term; when
the term is only the nearest broader one (NEAR), the Fides key is kept as a project term under
it (terms.py). Keys of fideslang 3.x are listed; older keys are read through LEGACY_SEGMENTS,
the leaves of the table (fideslang 2.x wrote `user.political_opinion`) and the parent chain.
"""

from __future__ import annotations

EXACT, NEAR = True, False

DATA_CATEGORIES: dict[str, tuple[str, bool]] = {
    "system": ("dpv:PersonalData", NEAR), "user": ("dpv:PersonalData", NEAR),
    "user.account": ("identifying", NEAR), "user.account.settings": ("preferences", NEAR),
    "user.account.username": ("username", EXACT),
    "user.authorization": ("authentication-data", NEAR),
    "user.authorization.credentials": ("authentication-data", NEAR),
    "user.authorization.biometric": ("biometric", NEAR),
    "user.authorization.password": ("password", EXACT),
    "user.behavior": ("behavioural", EXACT),
    "user.behavior.browsing_history": ("browsing-history", EXACT),
    "user.behavior.media_consumption": ("service-consumption", NEAR),
    "user.behavior.purchase_history": ("purchase-history", EXACT),
    "user.behavior.search_history": ("browsing-behaviour", NEAR),
    "user.biometric": ("biometric", EXACT), "user.biometric.fingerprint": ("fingerprint", EXACT),
    "user.biometric.retinal": ("retina", EXACT), "user.biometric.voice": ("biometric", NEAR),
    "user.biometric.health": ("physical-health", NEAR),
    "user.childrens": ("dpv:PersonalData", NEAR),
    "user.contact": ("contact", EXACT), "user.contact.address": ("address", EXACT),
    "user.contact.address.city": ("address", NEAR),
    "user.contact.address.country": ("address", NEAR),
    "user.contact.address.postal_code": ("postal-code", EXACT),
    "user.contact.address.state": ("address", NEAR),
    "user.contact.address.street": ("address", NEAR),
    "user.contact.email": ("email", EXACT), "user.contact.phone_number": ("phone", EXACT),
    "user.contact.fax_number": ("phone", NEAR), "user.contact.url": ("contact", NEAR),
    "user.contact.organization": ("professional", NEAR),
    "user.content": ("communication", NEAR), "user.content.private": ("communication", NEAR),
    "user.content.public": ("communication", NEAR), "user.content.self_image": ("photo", NEAR),
    "user.criminal_history": ("criminal", EXACT),
    "user.demographic": ("demographic", EXACT), "user.demographic.age_range": ("age", NEAR),
    "user.demographic.date_of_birth": ("birth-date", EXACT),
    "user.demographic.gender": ("gender", EXACT), "user.demographic.language": ("language", EXACT),
    "user.demographic.marital_status": ("marital-status", EXACT),
    "user.demographic.political_opinion": ("political-opinion", EXACT),
    "user.demographic.profile": ("individual-profile", NEAR),
    "user.demographic.race_ethnicity": ("race", NEAR),
    "user.demographic.religious_belief": ("religious-belief", EXACT),
    "user.demographic.sexual_orientation": ("sexual-orientation", EXACT),
    "user.device": ("device", EXACT), "user.device.cookie": ("cookie", EXACT),
    "user.device.cookie_id": ("cookie", NEAR), "user.device.device_id": ("identifier", NEAR),
    "user.device.ip_address": ("ip-address", EXACT), "user.device.telemetry": ("device", NEAR),
    "user.financial": ("financial", EXACT), "user.financial.bank_account": ("bank-account", EXACT),
    "user.financial.credit_card": ("payment-card", EXACT),
    "user.government_id": ("official-id", EXACT),
    "user.government_id.birth_certificate": ("official-id", NEAR),
    "user.government_id.drivers_license_number": ("official-id", NEAR),
    "user.government_id.immigration": ("official-id", NEAR),
    "user.government_id.license_plate": ("vehicle", NEAR),
    "user.government_id.national_identification_number": ("official-id", NEAR),
    "user.government_id.passport_number": ("passport", EXACT),
    "user.government_id.vin": ("vehicle", NEAR),
    "user.health_and_medical": ("health", EXACT),
    "user.health_and_medical.genetic": ("genetic", EXACT),
    "user.health_and_medical.insurance_beneficiary_id": ("health", NEAR),
    "user.health_and_medical.medical_record_number": ("health-record", NEAR),
    "user.location": ("location", EXACT), "user.location.imprecise": ("location", NEAR),
    "user.location.precise": ("location", NEAR),
    "user.name": ("name", EXACT), "user.name.first": ("name", NEAR),
    "user.name.last": ("name", NEAR),
    "user.payment": ("financial", NEAR), "user.privacy_preferences": ("privacy-preferences", EXACT),
    "user.sensor": ("device", NEAR), "user.social": ("social-media", NEAR),
    "user.unique_id": ("uid", EXACT), "user.unique_id.pseudonymous": ("uid", NEAR),
    "user.workplace": ("professional", NEAR), "user.job_title": ("job-title", EXACT),
}

#: Segments of fideslang 1.x category keys (`user.provided.identifiable.contact.email`).
LEGACY_SEGMENTS = frozenset({"provided", "derived", "identifiable", "nonidentifiable"})
#: fideslang 1.x and 2.x leaves whose 3.x key has another leaf.
LEGACY_LEAVES = {"race": "user.demographic.race_ethnicity", "cookie_id": "user.device.cookie_id",
                 "health_and_medical": "user.health_and_medical", "telemetry":
                 "user.device.telemetry", "sexual_orientation":
                 "user.demographic.sexual_orientation"}

DATA_USES: dict[str, tuple[str, bool]] = {
    "analytics": ("analytics", NEAR), "analytics.reporting": ("analytics", NEAR),
    "collect": ("dpv:Purpose", NEAR),
    "employment": ("hr", NEAR), "employment.recruitment": ("recruitment", EXACT),
    "essential": ("service-provision", NEAR), "essential.fraud_detection":
    ("fraud-prevention", EXACT), "essential.legal_obligation": ("legal-compliance", EXACT),
    "essential.service": ("service-provision", EXACT),
    "essential.service.authentication": ("identity-authentication", EXACT),
    "essential.service.notifications": ("communication-management", NEAR),
    "essential.service.operations": ("service-management", NEAR),
    "essential.service.operations.support": ("customer-care", NEAR),
    "essential.service.operations.support.optimization": ("service-optimisation", NEAR),
    "essential.service.payment_processing": ("payment-management", EXACT),
    "essential.service.security": ("enforce-security", EXACT),
    "essential.service.upgrades": ("service-management", NEAR),
    "finance": ("payment-management", NEAR),
    "functional": ("service-provision", NEAR), "functional.service": ("service-provision", NEAR),
    "functional.service.improve": ("improve-services", EXACT),
    "functional.storage": ("service-provision", NEAR),
    "marketing": ("marketing", EXACT), "marketing.advertising": ("advertising", EXACT),
    "marketing.advertising.first_party.targeted": ("targeted-advertising", NEAR),
    "marketing.advertising.third_party.targeted": ("targeted-advertising", NEAR),
    "marketing.advertising.profiling": ("personalised-advertising", NEAR),
    "marketing.communications": ("direct-marketing", NEAR),
    "personalize": ("personalisation", EXACT), "personalize.content":
    ("service-personalisation", NEAR), "personalize.system": ("service-personalisation", NEAR),
    "sales": ("sales", NEAR),
    "third_party_sharing": ("dpv:Purpose", NEAR),
    "third_party_sharing.payment_processing": ("payment-management", NEAR),
    "third_party_sharing.fraud_detection": ("fraud-prevention", NEAR),
    "third_party_sharing.legal_obligation": ("legal-compliance", NEAR),
    "third_party_sharing.personalized_advertising": ("personalised-advertising", NEAR),
    "train_ai_system": ("r-and-d", NEAR),
    # fideslang < 3.0
    "provide": ("service-provision", NEAR), "provide.service": ("service-provision", EXACT),
    "provide.service.operations": ("service-management", NEAR),
    "provide.service.operations.support": ("customer-care", NEAR),
    "improve": ("improve-services", NEAR), "improve.system": ("improve-services", NEAR),
    "advertising": ("advertising", EXACT),
    "advertising.first_party.personalized": ("personalised-advertising", NEAR),
    "advertising.third_party.personalized": ("personalised-advertising", NEAR),
    "train": ("r-and-d", NEAR),
}

DATA_SUBJECTS: dict[str, tuple[str, bool]] = {
    "anonymous_user": ("user", NEAR), "citizen_voter": ("citizen", NEAR),
    "commuter": ("dpv:HumanSubject", NEAR), "consultant": ("dpv:HumanSubject", NEAR),
    "customer": ("customer", EXACT), "employee": ("employee", EXACT),
    "job_applicant": ("job-applicant", EXACT), "next_of_kin": ("dpv:HumanSubject", NEAR),
    "passenger": ("dpv:HumanSubject", NEAR), "patient": ("patient", EXACT),
    "prospect": ("dpv:HumanSubject", NEAR), "shareholder": ("dpv:HumanSubject", NEAR),
    "supplier_vendor": ("dpv:HumanSubject", NEAR), "trainee": ("dpv:HumanSubject", NEAR),
    "visitor": ("visitor", EXACT), "student": ("student", EXACT), "user": ("user", EXACT),
}

#: What a key of each kind falls back to when nothing above it is known.
ROOTS = {"data_category": "dpv:PersonalData", "data_use": "dpv:Purpose",
         "data_subject": "dpv:HumanSubject"}

#: Art. 6(1) bases: fideslang 3.x `legal_basis_for_processing` and the legacy data use's
#: `legal_basis`, matched on lower-case words ("Legal obligations", "Legal Obligation").
LEGAL_BASES = (("consent", "consent"), ("contract", "contract"),
               ("legal obligation", "legal-obligation"), ("vital interest", "vital-interest"),
               ("public interest", "public-interest"), ("public task", "public-task"),
               ("legitimate interest", "legitimate-interest"))

#: Art. 9(2) conditions, first match wins ("public health" before "health or social care").
ART9_CONDITIONS = (("explicit consent", "art9-explicit-consent"),
                   ("employment", "art9-employment"), ("vital interest", "art9-vital-interest"),
                   ("not-for-profit", "art9-not-for-profit"),
                   ("non-profit", "art9-not-for-profit"), ("made public", "art9-made-public"),
                   ("public by", "art9-made-public"), ("legal claim", "art9-legal-claims"),
                   ("substantial public interest", "art9-substantial-public-interest"),
                   ("public health", "art9-public-health"),
                   ("health or social care", "art9-health-care"),
                   ("medical", "art9-health-care"), ("archiving", "art9-research"),
                   ("research", "art9-research"), ("consent", "art9-explicit-consent"))

#: Chapter V mechanisms: `legal_basis_for_transfers` is free text in fideslang (an enum is
#: declared and not enforced), so documented values and their spelt-out forms are matched.
TRANSFER_MECHANISMS = (("adequacy", "adequacy"), ("scc", "scc"),
                       ("standard contractual clause", "scc"), ("bcr", "bcr"),
                       ("binding corporate rule", "bcr"))

#: `responsibility` and the legacy `data_responsibility_title` -> the activity's role.
RESPONSIBILITIES = {"controller": "controller", "processor": "processor",
                    "sub-processor": "processor", "subprocessor": "processor"}

#: The legacy `data_qualifier`: its last segment says how identifiable the data is.
DATA_QUALIFIERS = {"pseudonymized": "pseudonymisation",
                   "unlinked_pseudonymized": "pseudonymisation",
                   "anonymized": "anonymisation", "aggregated": "anonymisation"}


def match(text: str, table: tuple[tuple[str, str], ...]) -> str | None:
    """The term of the first phrase of `table` that occurs in `text` (lower case)."""
    lowered = " ".join(text.lower().replace("_", " ").split())
    return next((term for phrase, term in table if phrase in lowered), None)
