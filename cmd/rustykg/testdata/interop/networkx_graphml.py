"""Read a GraphML file with NetworkX and print its counts and degrees.

Usage: /usr/bin/python3 networkx_graphml.py FILE.graphml
Prints one JSON object: directed, nodes, edges, and for every node its
in- and out-degree, plus the attributes of one node and one edge.
Exit code 3: networkx is not installed.
"""
import json
import sys

try:
    import networkx as nx
except ImportError:
    print("networkx is not installed (apt-get install python3-networkx)", file=sys.stderr)
    sys.exit(3)

g = nx.read_graphml(sys.argv[1])
print(json.dumps({
    "directed": g.is_directed(),
    "multigraph": g.is_multigraph(),
    "nodes": g.number_of_nodes(),
    "edges": g.number_of_edges(),
    "degrees": {n: [g.in_degree(n), g.out_degree(n)] for n in g.nodes},
    "node_attrs": {n: {k: v for k, v in d.items()} for n, d in g.nodes(data=True)},
}, sort_keys=True))
