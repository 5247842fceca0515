"""The keys of Fides manifests that the importer knows, from fideslang 1.x to 3.x.

A key outside these sets is reported as a warning with its file:line and skipped: manifests
carry keys of newer Fides servers, and a misspelt key should be seen, not fatal. A known key
that dataflow has no field for is kept as a `# fides:` comment on the entry it belongs to
(NOTED), so that nothing of the manifest is dropped without a trace.
"""

from __future__ import annotations

#: Top-level resource lists. Only system, dataset and organization are imported; the
#: taxonomy lists (data_category, data_use, data_subject) name a manifest's own keys.
RESOURCES = frozenset({
    "system", "dataset", "organization", "policy", "registry", "evaluation",
    "data_category", "data_use", "data_subject", "data_qualifier",
})
IMPORTED = ("organization", "system", "dataset")
TAXONOMY = ("data_category", "data_use", "data_subject")

_COMMON = {"fides_key", "organization_fides_key", "tags", "name", "description"}

SYSTEM = frozenset(_COMMON | {
    # identity and flows
    "meta", "fidesctl_meta", "system_type", "administrating_department", "egress", "ingress",
    "privacy_declarations", "vendor_id", "previous_vendor_id", "vendor_deleted_date",
    "dataset_references", "processes_personal_data", "exempt_from_privacy_regulations",
    "reason_for_exemption", "uses_profiling", "legal_basis_for_profiling",
    "does_international_transfers", "legal_basis_for_transfers",
    "requires_data_protection_assessments", "dpa_location", "dpa_progress", "privacy_policy",
    "legal_name", "legal_address", "responsibility", "dpo", "joint_controller_info",
    "data_security_practices", "cookie_max_age_seconds", "uses_cookies", "cookie_refresh",
    "uses_non_cookie_access", "legitimate_interest_disclosure_url", "cookies",
    "flexible_legal_basis_for_processing", "user_id", "system_dependencies",
    # fideslang < 3.0
    "registry_id", "data_responsibility_title", "data_protection_impact_assessment",
    "joint_controller", "third_country_transfers",
})
DECLARATION = frozenset({
    "name", "data_categories", "data_use", "data_subjects", "dataset_references", "egress",
    "ingress", "features", "legal_basis_for_processing", "flexible_legal_basis_for_processing",
    "impact_assessment_location", "retention_period", "processes_special_category_data",
    "special_category_legal_basis", "data_shared_with_third_parties", "third_parties",
    "shared_categories", "cookies", "id",
    # fideslang < 3.0
    "data_qualifier",
})
DATA_FLOW = frozenset({"fides_key", "type", "data_categories"})
DATASET = frozenset(_COMMON | {
    "meta", "data_categories", "fides_meta", "collections",
    # fideslang < 3.0
    "data_qualifier", "retention", "third_country_transfers", "joint_controller",
})
COLLECTION = frozenset({"name", "description", "data_categories", "fields", "fides_meta",
                        "data_qualifier", "retention"})
ORGANIZATION = frozenset(_COMMON | {
    "organization_parent_key", "controller", "data_protection_officer", "representative",
    "security_policy", "fidesctl_meta",
})
CONTACT = frozenset({"name", "address", "email", "phone"})
DPIA = frozenset({"is_required", "progress", "link"})
TAXONOMY_ENTRY = frozenset(_COMMON | {
    "parent_key", "is_default", "active", "version_added", "version_deprecated",
    "replaced_by", "automatic_decisions_or_profiling",
    # fideslang < 3.0: a data use's basis, Art. 9 condition and recipients; a subject's rights
    "legal_basis", "special_category", "recipients", "legitimate_interest",
    "legitimate_interest_impact_assessment", "rights", "automated_decisions_or_profiling",
})

#: Known keys with no field in a flow file, kept as `# fides: key: value` comments.
NOTED_SYSTEM = (
    "system_type", "administrating_department", "vendor_id", "processes_personal_data",
    "exempt_from_privacy_regulations", "reason_for_exemption", "uses_profiling",
    "legal_basis_for_profiling", "requires_data_protection_assessments", "dpa_location",
    "dpa_progress", "privacy_policy", "data_security_practices", "registry_id",
    "uses_cookies", "uses_non_cookie_access", "cookie_max_age_seconds",
)
NOTED_DECLARATION = ("features", "flexible_legal_basis_for_processing",
                     "processes_special_category_data")
