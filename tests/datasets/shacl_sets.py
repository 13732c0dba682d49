"""The official SEMIC DCAT-AP shapes (split files) and a pySHACL check of an export against each.

The consolidated 3.0.1 file is not used: pySHACL (like Jena) fails on it (SEMICeu/DCAT-AP#448,
see ../shared/data/dcat-ap/SOURCES.md)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RELEASES = ROOT.parent / "shared" / "data" / "dcat-ap" / "semic-releases"
SHAPE_SETS = {
    "3.0.1": [RELEASES / "3.0.1" / "html" / "shacl" / name for name in (
        "shapes.ttl", "shapes_recommended.ttl", "range.ttl", "mdr-vocabularies.shape.ttl",
        "deprecateduris.ttl")],
    "2.1.1": [RELEASES / "2.1.1" / f"dcat-ap_2.1.1_shacl_{name}.ttl" for name in (
        "shapes", "shapes_recommended", "range", "mdr-vocabularies.shape", "deprecateduris")],
}
RDFLIB_FORMATS = {"ttl": "turtle", "xml": "xml", "jsonld": "json-ld"}
SH = "http://www.w3.org/ns/shacl#"


def available() -> bool:
    return all(path.exists() for paths in SHAPE_SETS.values() for path in paths)


def check(data: bytes, fmt: str) -> dict[str, dict[str, list[str]]]:
    """{release: {shape file: [one line per violation]}}; warnings and infos are not counted."""
    from pyshacl import validate
    from rdflib import Graph, Namespace

    sh = Namespace(SH)
    data_graph = Graph().parse(data=data, format=RDFLIB_FORMATS[fmt])
    results = {}
    for release, paths in SHAPE_SETS.items():
        results[release] = {}
        for path in paths:
            shapes = Graph().parse(path, format="turtle")
            _, report, _ = validate(data_graph, shacl_graph=shapes, inference="none",
                                    abort_on_first=False, allow_warnings=True)
            lines = []
            # Top-level results only: sh:detail nests the inner results of sh:node checks,
            # whose severity is the outer shape's (a warning may hold inner "violations").
            for result in report.objects(None, sh.result):
                if report.value(result, sh.resultSeverity) != sh.Violation:
                    continue
                lines.append(f"{report.value(result, sh.focusNode)} "
                             f"{report.value(result, sh.resultPath)}: "
                             f"{report.value(result, sh.resultMessage)}")
            results[release][path.name] = lines
    return results
