"""Print the demo's result the way the seed shows it, and check it against the seed's example.

Reads the JSON of `csvpipe upload --wait --json` on stdin. Prints the summary restricted to the seed's
keys (exactly the seed's shape), then whether it equals `test-data/sales_summary.seed.json`, what
else the full summary holds, the metadata item and the end-to-end latency. Exit 1 when it differs.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

SEED = Path(__file__).resolve().parents[1] / "test-data" / "sales_summary.seed.json"


def seed_shaped(summary: dict, seed: dict) -> dict:
    """The summary cut down to the seed's keys (and, under quality_issues, the seed's issue kinds)."""
    shaped = {key: summary.get(key) for key in seed if key != "quality_issues"}
    shaped["quality_issues"] = {kind: summary["quality_issues"].get(kind) for kind in seed["quality_issues"]}
    return shaped


def main() -> int:
    upload = json.load(sys.stdin)
    result = upload["result"]
    seed = json.loads(SEED.read_text())
    if result["status"] != "PROCESSED":
        print(json.dumps(result["document"], indent=2))
        print(f"the pipeline rejected the file: {result['item'].get('error_code')}", file=sys.stderr)
        return 1
    summary = result["document"]
    shaped = seed_shaped(summary, seed)
    print(f"{result['output_key']} (the seed's keys):")
    print(json.dumps(shaped, indent=2))
    matches = shaped == seed
    print(f"\nequals the seed's example output: {'yes' if matches else 'NO'}")
    extra = sorted(set(summary) - set(seed))
    print(f"the full summary also holds: {', '.join(extra)}")
    item = result["item"]
    print(
        f"metadata item: status={item.get('status')} rows={item.get('row_count')} "
        f"columns={item.get('column_count')} version={item.get('version')}"
    )
    latency = result["latency"]
    print(f"end-to-end latency (upload -> summary and item visible): {latency['end_to_end_s'] * 1000:.0f} ms")
    if not matches:
        print("the summary differs from the seed's example (see above)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
