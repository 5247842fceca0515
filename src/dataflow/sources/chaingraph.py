"""The triples of a flow's sub-processing and transfer safeguards (PROC-03, XFER-03).

On the flow's DPA node: how the controller authorised the sub-processor, whether it may
object to changes, whether the obligations flow down. On the flow: the set and module of the
standard contractual clauses and the transfer impact assessment. The terms are in
ontology/chains.ttl.
"""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from ..store.sink import TripleSink
from ..vocab import DF
from . import flowfile as ff

_AUTHORISATIONS = {"specific": DF.SpecificAuthorisation, "general": DF.GeneralAuthorisation}


def build_chain_facts(g: TripleSink, flow: URIRef, f: ff.Flow) -> None:
    """Add the sub-processing and safeguard facts of one flow `f` (node `flow`)."""
    if f.dpa is not None:
        dpa = URIRef(f"{flow}/dpa")
        if f.dpa.authorisation is not None:
            g.add((dpa, DF.subProcessorAuthorisation, _AUTHORISATIONS[f.dpa.authorisation]))
        if f.dpa.objection:
            g.add((dpa, DF.changeObjection, Literal(True)))
        if f.dpa.flow_down:
            g.add((dpa, DF.flowDown, Literal(True)))
    if f.scc is not None:
        if f.scc.set_ is not None:
            g.add((flow, DF.sccSet, Literal(f.scc.set_)))
        if f.scc.module is not None:
            g.add((flow, DF.sccModule, Literal(f.scc.module, datatype=XSD.integer)))
    if f.tia is not None:
        g.add((flow, DF.tiaDocumented, Literal(True)))
        if f.tia.date is not None:
            g.add((flow, DF.tiaDate, Literal(f.tia.date)))
        if f.tia.reference is not None:
            g.add_text(flow, DF.tiaReference, f.tia.reference)
