#!/usr/bin/env python3
"""Copy the facts exrbac-opath needs from the shared Exchange reference data into ../data/.

Usage: python3 tools/extract_data.py ../../../shared/data/exchange   (from crates/opath)

Only property names, value descriptions (short facts such as "Boolean ($true or $false)")
and multi-valued flags are kept; no documentation prose. The source data is CC-BY-4.0
Microsoft (see data/SOURCES.md). Run tools/gen_tables.py afterwards.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data")


def load(src, name):
    with open(os.path.join(src, name), encoding="utf-8") as f:
        return json.load(f)


def dump(name, obj):
    with open(os.path.join(DATA, name), "w", encoding="utf-8") as f:
        json.dump(obj, f, indent=1, ensure_ascii=False)
        f.write("\n")


def multi_valued(notes):
    return any("multi-valued" in n or "multivalued" in n for n in notes or [])


def main(src):
    rf = load(src, "opath-recipientfilter-properties.json")
    dump(
        "recipientfilter-properties.json",
        {
            "source": rf["_meta"]["source"],
            "commit": rf["_meta"]["sources"]["MicrosoftDocs/office-docs-powershell"]["commit"],
            "properties": [
                {"name": p["property"], "value": p["value"], "applicable": p["applicable"]}
                for p in rf["properties"]
            ],
        },
    )
    fp = load(src, "opath-filter-properties.json")
    dump(
        "filter-properties.json",
        {
            "source": fp["_meta"]["source"],
            "commit": fp["_meta"]["sources"]["MicrosoftDocs/office-docs-powershell"]["commit"],
            "properties": [
                {
                    "name": p["property"],
                    "value": p["value"],
                    "multiValued": multi_valued(p.get("notes")),
                }
                for p in fp["properties"]
            ],
        },
    )
    sm = load(src, "scope-model.json")
    sfp = sm["scopeFilterProperties"]
    dump(
        "scope-filter-properties.json",
        {
            "source": sfp["source"],
            "commit": sm["_meta"]["sources"]["MicrosoftDocs/OfficeDocs-Exchange"]["commit"],
            "server": sfp["server"],
            "database": sfp["database"],
            "filterEvaluationExample": sm["filterEvaluationExample"],
        },
    )


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
