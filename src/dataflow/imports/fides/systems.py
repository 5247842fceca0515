"""A Fides system as a dataflow system, and each privacy declaration as an activity.

The declaration's `data_use` is the purpose and `legal_basis_for_processing` its basis (or,
in fideslang < 3.0, the `legal_basis` of the data use resource); `special_category_legal_basis`
is the Art. 9(2) condition; categories and subjects map through terms.py. What Fides has no
field for (the retention period as a duration, security measures, the role when
`responsibility` is not one role) is left open with a `# TODO` that names the rule reporting it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...duration import to_days
from ..yamlwriter import Block, Note
from . import fields, taxonomy
from .flows import Activity, declaration_flows, system_flows, third_party_flows, transfer_flows
from .manifest import Node
from .plan import FlowFile, Plan, source

_COMPLETE = {"complete", "completed", "done", "finished"}


@dataclass
class MappedSystem:
    node: Node
    file: FlowFile
    id: str
    activities: list[Activity]


def map_system(node: Node, plan: Plan, organisation: str, uses: dict[str, Node]
               ) -> MappedSystem:
    """The system's flow file: the system, one activity per declaration, and its flows."""
    plan.warnings.extend(node.unknown(fields.SYSTEM, "system"))
    key = node.key("system")
    system_id = plan.entities[("system", key)]
    label = node.text("name") or key
    file = plan.file_for(key, [f"{label}: Fides system {key}, imported by `dataflow import "
                               "fides`.", "Every TODO is a fact Fides does not record; "
                               "`dataflow validate` reports each until it is filled in."],
                         organisation)
    block = Block(above=[source(node, f"system {key}")])
    block.add("id", system_id)
    block.add("name", node.text("name"))
    block.add("description", node.text("description"))
    _noted(block, node, fields.NOTED_SYSTEM)
    file.systems.append(block)
    plan.counts.systems += 1
    role, role_notes = _role(node, plan, organisation)
    measures = _system_measures(node, block, plan)
    from_subject = any(flow.text("type") == "user" for flow in node.children("ingress"))
    activities = []
    for decl in node.children("privacy_declarations"):
        activity = _activity(decl, node, plan, file, system_id, uses)
        _finish(activity, role, role_notes, measures, from_subject)
        file.activities.append(activity.block)
        activities.append(activity)
        plan.counts.declarations += 1
        plan.counts.activities += 1
    for activity in activities:
        plan.system_of[activity.id] = system_id
    declaration_flows(plan, file, node, activities)
    return MappedSystem(node, file, system_id, activities)


def map_system_flows(system: MappedSystem, plan: Plan, organisation: str,
                     uses: dict[str, Node]) -> None:
    """The system's own flows, transfers and third parties, once every declaration's flows
    are known (a hop that one of them states is not repeated)."""
    activities = system.activities
    system_flows(plan, system.file, system.node, system.id)
    transfer_flows(plan, system.file, system.node,
                   [(a.id, a.data, a.purposes) for a in activities], organisation)
    third_party_flows(plan, system.file, activities, organisation, uses)


def _noted(block: Block, node: Node, keys: tuple[str, ...]) -> None:
    for key in keys:
        value = node.value.get(key)
        if value is not None and not isinstance(value, (dict, list)):
            block.note(f"fides: {key}: {value}")
        elif isinstance(value, list) and value:
            block.note(f"fides: {key}: {', '.join(str(v) for v in value)}")


def _role(node: Node, plan: Plan, organisation: str) -> tuple[Block, list[str]]:
    """The role entries of every activity of the system, and notes for what stays open."""
    where = "responsibility" if "responsibility" in node.value else "data_responsibility_title"
    stated = node.texts(where)
    roles = set()
    for value in stated:
        role = taxonomy.RESPONSIBILITIES.get(value.lower())
        if role is None:
            plan.warnings.append(f"{node.where(where)}: unknown {where} '{value}', skipped")
        roles.add(role)
    joint = _joint_controller(node, plan, organisation)
    role_block, notes = Block(), []
    if len(roles) == 1 and None not in roles:
        role = roles.pop() or ""
        if joint is not None and role == "controller":
            role_block.add("role", "joint-controller", f"{where}: {', '.join(stated)}; "
                           "joint controller named in Fides")
            role_block.add("controllers", [joint])
        else:
            role_block.add("role", role, f"{where}: {', '.join(stated)}")
            if role == "processor":
                notes.append("TODO: controllers: whom the organisation processes this for; "
                             "Fides does not say (ROLE-01)")
    else:
        said = f"Fides says {', '.join(stated)}" if stated else "Fides states none"
        notes.append(f"TODO: role: controller, processor or joint-controller; {said} "
                     "(ROLE-01)")
        if joint is not None:
            notes.append(f"fides: joint controller: {joint}")
    return role_block, notes


def _joint_controller(node: Node, plan: Plan, organisation: str) -> str | None:
    info = node.text("joint_controller_info")
    legacy = node.child("joint_controller")
    if info is None and legacy is not None:
        plan.warnings.extend(legacy.unknown(fields.CONTACT, "joint_controller"))
        parts = [v for k in ("name", "address", "email", "phone") if (v := legacy.text(k))]
        info = "; ".join(parts) or None
    if info is None:
        return None
    where = "joint_controller_info" if "joint_controller_info" in node.value else \
        "joint_controller"
    return plan.party(info, organisation, f"from {node.where(where)}: joint controller of "
                      f"system {node.key('system')}")


def _system_measures(node: Node, block: Block, plan: Plan) -> list[tuple[str, str]]:
    """Measures the system states for all its declarations: a completed DPIA."""
    dpia = node.child("data_protection_impact_assessment")
    if dpia is not None:
        plan.warnings.extend(dpia.unknown(fields.DPIA, "data_protection_impact_assessment"))
        progress, link = dpia.text("progress"), dpia.text("link")
        if progress is not None and progress.lower() in _COMPLETE:
            return [("dpia", f"data_protection_impact_assessment: {progress}"
                     + (f", {link}" if link else ""))]
        if dpia.flag("is_required"):
            block.note(f"fides: DPIA required, progress: {progress or 'none stated'}")
    progress = node.text("dpa_progress")
    if progress is not None and progress.lower() in _COMPLETE:
        return [("dpia", f"dpa_progress: {progress}")]
    return []


def _activity(decl: Node, system: Node, plan: Plan, file: FlowFile, system_id: str,
              uses: dict[str, Node]) -> Activity:
    plan.warnings.extend(decl.unknown(fields.DECLARATION, "privacy declaration"))
    name, use = decl.text("name"), decl.text("data_use")
    block = Block(above=[source(decl, f"privacy declaration '{name or use or ''}'")])
    activity_id = plan.new_id(system_id, name or use or "", "declaration")
    block.add("id", activity_id)
    block.add("name", name)
    vocabulary = plan.vocabulary
    purposes: list[str] = []
    if use is None:
        block.note("TODO: purposes: Fides states no data_use (ROPA-02)")
    else:
        purpose = vocabulary.term("data_use", use)
        purposes = [purpose.term]
        entry = Block()
        entry.add("purpose", purpose.term, f"data_use {purpose.note}")
        _bases(entry, decl, uses.get(use), plan)
        block.add("purposes", [entry])
    subjects, subject_notes = vocabulary.terms("data_subject", decl.texts("data_subjects"))
    block.add("subjects", subjects, item_comments=subject_notes)
    if not subjects:
        block.note("TODO: subjects: Fides lists no data subjects (ROPA-03)")
    data, data_notes = vocabulary.terms("data_category", decl.texts("data_categories"))
    block.add("data", data, item_comments=data_notes)
    if not data:
        block.note("TODO: data: Fides lists no data categories (ROPA-03)")
    systems = [system_id] + [plan.entity("dataset", key, decl, file.organisation or "")
                             for key in decl.texts("dataset_references")
                             or system.texts("dataset_references")]
    return Activity(activity_id, block, decl, data, purposes, systems)


def _bases(entry: Block, decl: Node, use: Node | None, plan: Plan) -> None:
    """The Art. 6 basis and Art. 9 condition of the purpose, or a TODO for each."""
    basis_key, basis = "legal_basis_for_processing", decl.text("legal_basis_for_processing")
    if basis is None and use is not None and use.text("legal_basis") is not None:
        basis_key, basis = f"legal_basis of data_use at {use.where()}", use.text("legal_basis")
    term = taxonomy.match(basis, taxonomy.LEGAL_BASES) if basis else None
    if basis is not None and term is None:
        plan.warnings.append(f"{decl.where('legal_basis_for_processing')}: unknown legal basis "
                             f"'{basis}', left open")
    entry.add("legal-basis", term, f"{basis_key}: {basis}")
    if term is None:
        said = f"Fides says '{basis}', no basis dataflow knows" if basis else "Fides states none"
        entry.note(f"TODO: legal-basis: the Art. 6(1) basis; {said} (LB-01)")
    condition_key = "special_category_legal_basis"
    condition = decl.text(condition_key)
    if condition is None and use is not None and use.text("special_category") is not None:
        condition_key = f"special_category of data_use at {use.where()}"
        condition = use.text("special_category")
    art9 = taxonomy.match(condition, taxonomy.ART9_CONDITIONS) if condition else None
    if condition is not None and art9 is None:
        plan.warnings.append(f"{decl.where(condition_key)}: unknown Art. 9 condition "
                             f"'{condition}', left open")
    entry.add("art9-condition", art9, f"{condition_key}: {condition}")
    if art9 is None and condition is not None:
        entry.note(f"TODO: art9-condition: Fides says '{condition}', no Art. 9(2) condition "
                   "dataflow knows (SC-01 when the data is special-category)")
    elif art9 is None and decl.flag("processes_special_category_data"):
        entry.note("TODO: art9-condition: Fides says special-category data is processed and "
                   "names no condition (SC-01 when the data is special-category)")


def _finish(activity: Activity, role: Block, role_notes: list[str],
            measures: list[tuple[str, str]], from_subject: bool) -> None:
    """Role, sources, retention, measures and systems, after what the declaration says."""
    block, decl, systems = activity.block, activity.node, activity.systems
    after = 1 + sum(1 for e in block.entries[1:2] if getattr(e, "key", None) == "name")
    block.entries[after:after] = [*role.entries, *(Note(text) for text in role_notes)]
    if from_subject:
        block.add("sources", ["data-subject"], "ingress of type user")
    period = decl.text("retention_period")
    if period is not None and to_days(period) is not None:
        retention = Block()
        retention.add("duration", period, "retention_period")
        retention.note("TODO: trigger: the event the period runs from; Fides has no field "
                       "for it (ROPA-06)")
        block.add("retention", retention)
    elif period is not None:
        block.note(f"TODO: retention: Fides says '{period}', which is no duration dataflow "
                   "can read: write {duration, trigger} or {criteria} (RET-01)")
    else:
        block.note("TODO: retention: Fides states no retention period (RET-01)")
    found = list(measures)
    qualifier = decl.text("data_qualifier")
    if qualifier is not None:
        measure = taxonomy.DATA_QUALIFIERS.get(qualifier.rsplit(".", 1)[-1])
        if measure is not None:
            found.append((measure, f"data_qualifier: {qualifier}"))
    if (location := decl.text("impact_assessment_location")) is not None:
        found.append(("impact-assessment", f"impact_assessment_location: {location}"))
    terms = list(dict.fromkeys(term for term, _ in found))
    block.add("measures", terms, item_comments=[
        next(note for term, note in found if term == t) for t in terms])
    if not terms:
        block.note("TODO: measures: technical and organisational measures; Fides records "
                   "none (ROPA-07)")
    _noted(block, decl, fields.NOTED_DECLARATION)
    block.add("systems", systems)
