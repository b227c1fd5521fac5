"""Parse a JSON-LD file and an N-Quads file with rdflib and compare their quads.

Usage: /usr/bin/python3 rdflib_same_quads.py FILE.jsonld FILE.nq
Prints one JSON object: the number of quads in each and up to 5 quads found
in only one of them. Quads of the default graph compare equal whatever
graph name rdflib gives them. Exit code 3: rdflib is not installed.
"""
import json
import sys

try:
    import rdflib
except ImportError:
    print("rdflib is not installed (apt-get install python3-rdflib)", file=sys.stderr)
    sys.exit(3)


def quads(path, fmt):
    ds = rdflib.Dataset()
    ds.parse(path, format=fmt, publicID="urn:x-rustykg:default")
    out = set()
    for s, p, o, g in ds.quads((None, None, None, None)):
        name = getattr(g, "identifier", g)
        if name is None or str(name) in ("urn:x-rustykg:default", str(rdflib.graph.DATASET_DEFAULT_GRAPH_ID)):
            name = None
        out.add((s.n3(), p.n3(), o.n3(), None if name is None else name.n3()))
    return out


a = quads(sys.argv[1], "json-ld")
b = quads(sys.argv[2], "nquads")
print(json.dumps({
    "jsonld": len(a),
    "nquads": len(b),
    "only_jsonld": sorted(map(str, a - b))[:5],
    "only_nquads": sorted(map(str, b - a))[:5],
}))
