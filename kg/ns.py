"""Our vocabulary: the only module that spells an IRI of ours.

``KG`` is a closed namespace (asking for a term it does not declare raises
``AttributeError``), so a typo cannot silently mint a new property; a test checks that
every term here is declared in ``ontology/kg.ttl`` and the other way round.

>>> str(KG.partOf)
'https://w3id.org/vnpkg/ontology#partOf'
>>> PLACE_CLASS["province"] == KG.Province
True
>>> sparql_prologue().splitlines()[0]
'PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>'
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Namespace, URIRef
from rdflib import namespace as _rdflib_ns
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SKOS

__all__ = [
    "DCTERMS",
    "ID",
    "KG",
    "ONTOLOGY_IRI",
    "ONTOLOGY_DIR",
    "ONTOLOGY_PATH",
    "SHAPES_PATH",
    "FIELDS_PATH",
    "CONTEXT_PATH",
    "FIELD_SCHEME",
    "PLACE_LEVEL",
    "EVENT_KIND",
    "ORG",
    "OWL",
    "PREFIXES",
    "SERIALIZATION_PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SKOS",
    "XSD",
    "BODY_CLASS",
    "EVENT_CLASS",
    "PLACE_CLASS",
    "SHORTCUT",
    "sparql_prologue",
]

#: Base of every data IRI (places, bodies, events, articles, graphs); see kg/store/iris.py.
ID = "https://w3id.org/vnpkg/id/"
ONTOLOGY_IRI = "https://w3id.org/vnpkg/ontology"
# kg/ontology is a link to the repository's ontology/ folder, so the files are found both in
# a source checkout and in an installed wheel (which copies them into the package).
ONTOLOGY_DIR = Path(__file__).parent / "ontology"
ONTOLOGY_PATH = ONTOLOGY_DIR / "kg.ttl"
SHAPES_PATH = ONTOLOGY_DIR / "shapes.ttl"
FIELDS_PATH = ONTOLOGY_DIR / "fields.ttl"
CONTEXT_PATH = ONTOLOGY_DIR / "context.jsonld"
#: The SKOS concept scheme of the fields of cooperation; concepts are ``{ID}field/{code}``.
FIELD_SCHEME = ID + "scheme/fields"


class XSD(_rdflib_ns.XSD):
    """XML Schema datatypes, closed like rdflib's other vocabularies so a typo raises."""

    _fail = True


class KG(_rdflib_ns.DefinedNamespace):
    """The project ontology (``kg:``)."""

    _fail = True
    _NS = Namespace(ONTOLOGY_IRI + "#")

    # Places
    Locality: URIRef
    Country: URIRef
    Province: URIRef
    Municipality: URIRef
    ProvincialCity: URIRef
    Town: URIRef
    UrbanDistrict: URIRef
    RuralDistrict: URIRef
    ForeignProvince: URIRef
    ForeignDistrict: URIRef
    Commune: URIRef
    Ward: URIRef
    Township: URIRef
    ProvinceLevelUnit: URIRef
    DistrictLevelUnit: URIRef
    CommuneLevelUnit: URIRef
    partOf: URIRef
    country: URIRef
    countryCode: URIRef
    placeId: URIRef

    # Places over time
    validUntil: URIRef
    succeededBy: URIRef
    reorganisedBy: URIRef
    LegalAct: URIRef
    effectiveDate: URIRef

    # Bodies
    Body: URIRef
    PartyCommittee: URIRef
    StandingBoard: URIRef
    PartyOffice: URIRef
    BlocPartyCommittee: URIRef
    PeoplesCommittee: URIRef
    PeoplesCouncil: URIRef
    FatherlandFront: URIRef
    FriendshipUnion: URIRef
    ForeignAuthority: URIRef
    actsFor: URIRef

    # Agreements and meetings
    PartnershipEvent: URIRef
    Agreement: URIRef
    Meeting: URIRef
    MemorandumSigning: URIRef
    AgreementSigning: URIRef
    Twinning: URIRef
    Talks: URIRef
    CooperationReview: URIRef
    party: URIRef
    actingBody: URIRef
    date: URIRef
    year: URIRef
    periodStart: URIRef
    periodEnd: URIRef
    relation: URIRef
    field: URIRef
    evidence: URIRef

    # Provenance
    Attestation: URIRef
    charStart: URIRef
    charEnd: URIRef
    extractor: URIRef
    confidence: URIRef

    # Locality-to-locality shortcuts
    cooperatesWith: URIRef
    signedMoUWith: URIRef
    signedAgreementWith: URIRef
    twinnedWith: URIRef
    heldTalksWith: URIRef
    reviewedCooperationWith: URIRef

    Article: URIRef
    ArticleGraph: URIRef
    Extraction: URIRef
    Outlet: URIRef
    articleId: URIRef
    contentHash: URIRef
    url: URIRef
    extractorVersion: URIRef


# Keyed by the codes in kg.model so a new code fails loudly here rather than in the RDF.
PLACE_CLASS: dict[str, URIRef] = {
    "country": KG.Country,
    "province": KG.Province,
    "municipality": KG.Municipality,
    "provincial_city": KG.ProvincialCity,
    "town": KG.Town,
    "urban_district": KG.UrbanDistrict,
    "rural_district": KG.RuralDistrict,
    "foreign_province": KG.ForeignProvince,
    "foreign_district": KG.ForeignDistrict,
}

BODY_CLASS: dict[str, URIRef] = {
    "party_committee": KG.PartyCommittee,
    "standing_board": KG.StandingBoard,
    "party_office": KG.PartyOffice,
    "bloc_party_committee": KG.BlocPartyCommittee,
    "peoples_committee": KG.PeoplesCommittee,
    "peoples_council": KG.PeoplesCouncil,
    "fatherland_front": KG.FatherlandFront,
    "friendship_union": KG.FriendshipUnion,
    "foreign_authority": KG.ForeignAuthority,
}

EVENT_CLASS: dict[str, URIRef] = {
    "signed_mou": KG.MemorandumSigning,
    "signed_agreement": KG.AgreementSigning,
    "twinned": KG.Twinning,
    "held_talks": KG.Talks,
    "reviewed_cooperation": KG.CooperationReview,
}

#: relation code -> kg:Agreement (a signed commitment) or kg:Meeting.
EVENT_KIND: dict[str, URIRef] = {
    "signed_mou": KG.Agreement,
    "signed_agreement": KG.Agreement,
    "twinned": KG.Agreement,
    "held_talks": KG.Meeting,
    "reviewed_cooperation": KG.Meeting,
}

#: place kind -> its level class (province, district or commune level), for every kind but
#: "country".
PLACE_LEVEL: dict[str, URIRef] = {
    "province": KG.ProvinceLevelUnit,
    "municipality": KG.ProvinceLevelUnit,
    "foreign_province": KG.ProvinceLevelUnit,
    "provincial_city": KG.DistrictLevelUnit,
    "town": KG.DistrictLevelUnit,
    "urban_district": KG.DistrictLevelUnit,
    "rural_district": KG.DistrictLevelUnit,
    "foreign_district": KG.DistrictLevelUnit,
}

#: relation code -> the symmetric Locality-to-Locality property written in both directions.
SHORTCUT: dict[str, URIRef] = {
    "signed_mou": KG.signedMoUWith,
    "signed_agreement": KG.signedAgreementWith,
    "twinned": KG.twinnedWith,
    "held_talks": KG.heldTalksWith,
    "reviewed_cooperation": KG.reviewedCooperationWith,
}

PREFIXES: dict[str, str] = {
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "org": str(ORG),
    "kg": str(KG),
    "id": ID,
}

# Data IRIs contain '/', which a prefixed name must escape (id:place\/vn\/lao-cai). Oxigraph
# reads that, but rdflib's SPARQL parser does not unescape it, so files we write spell data
# IRIs in full and only use the vocabulary prefixes.
SERIALIZATION_PREFIXES: dict[str, str] = {k: v for k, v in PREFIXES.items() if k != "id"}


def sparql_prologue() -> str:
    """All PREFIX lines, one per line, ending with a newline."""
    return "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items())
